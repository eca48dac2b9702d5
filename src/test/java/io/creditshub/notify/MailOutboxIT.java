package io.creditshub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.support.LifecycleIntegrationTest;
import io.creditshub.support.Smtp;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The email outbox against a real SMTP server (GreenMail) that is down for a while:
 * emails wait with a growing backoff, then all arrive, each exactly once; the outbox-mail
 * route sends by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = { "credits.mail.retry-initial=10s", "credits.mail.retry-max=40s",
		"credits.mail.connection-timeout=2s", "credits.mail.outbox-uri=timer:outbox-mail?period=200" })
class MailOutboxIT extends LifecycleIntegrationTest {

	static final Smtp SMTP = new Smtp(); // not started: SMTP is down

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("credits.mail.host", () -> "127.0.0.1");
		registry.add("credits.mail.port", SMTP::port);
	}

	@Autowired
	MailOutbox mail;

	@Autowired
	CamelContext camel;

	@BeforeAll
	void accountsThatReachZero() {
		loadRates();
		for (String org : List.of("down1", "down2", "down3")) {
			openAccount(org, "USD", null, null, null);
			purchase(org, "USD", "0.60", org + "-1");
			call(org, org + "-call", 10); // 0.60: zero -> suspension email queued
		}
	}

	@AfterAll
	void stop() {
		SMTP.stop();
	}

	Map<String, Object> row(String org) {
		return jdbc.sql("SELECT status, attempts, next_attempt_at, last_error FROM email_outbox WHERE org_id = :o")
			.param("o", org)
			.query()
			.singleRow();
	}

	@Test
	@Order(1)
	void whileSmtpIsDownEmailsWaitWithABackoff() {
		assertThat(mail.pending()).isEqualTo(3);
		assertThat(mail.sendDue()).isZero();
		assertThat(row("down1")).containsEntry("status", "PENDING").containsEntry("attempts", 1);
		assertThat((String) row("down1").get("last_error")).contains("MailConnectException");
		// one connection attempt per pass: the others are postponed with the same
		// backoff, not tried one by one
		assertThat(row("down3")).containsEntry("attempts", 1);
		assertThat((String) row("down3").get("last_error"))
			.startsWith("not tried: the mail server could not be reached");
		assertThat(mail.sendDue()).isZero(); // not due yet: no hammering
		assertThat(row("down1")).containsEntry("attempts", 1);
		clock.advance(Duration.ofSeconds(10));
		assertThat(mail.sendDue()).isZero();
		assertThat(row("down2")).containsEntry("attempts", 2);
		clock.advance(Duration.ofSeconds(10)); // the second wait is 20 s
		assertThat(mail.sendDue()).isZero();
		assertThat(row("down2")).containsEntry("attempts", 2);
	}

	@Test
	@Order(2)
	void whenSmtpIsBackEveryEmailArrivesOnce() throws Exception {
		SMTP.start();
		clock.advance(Duration.ofSeconds(10));
		assertThat(mail.sendDue()).isEqualTo(3);
		assertThat(mail.sendDue()).isZero();
		clock.advance(Duration.ofHours(2));
		assertThat(mail.sendDue()).isZero();
		assertThat(SMTP.received()).hasSize(3);
		for (String org : List.of("down1", "down2", "down3")) {
			List<MimeMessage> got = SMTP.receivedBy(admin(org));
			assertThat(got).hasSize(1);
			String messageId = jdbc.sql("SELECT message_id FROM email_outbox WHERE org_id = :o")
				.param("o", org)
				.query(String.class)
				.single();
			assertThat(got.get(0).getMessageID()).isEqualTo(messageId);
			assertThat(got.get(0).getContentType()).startsWith("multipart/alternative");
			assertThat(row(org)).containsEntry("status", "SENT").containsEntry("attempts", 3);
		}
	}

	@Test
	@Order(3)
	void theOutboxRouteSendsByItself() throws Exception {
		camel.getRouteController().startRoute("outbox-mail");
		try {
			openAccount("routed", "USD", null, null, null);
			purchase("routed", "USD", "0.06", "R-1");
			call("routed", "r-call", 1);
			await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.receivedBy(admin("routed")).size() == 1);
			assertThat(SMTP.receivedBy(admin("routed")).get(0).getSubject())
				.isEqualTo("Communications credits of Routed Inc reached zero");
		}
		finally {
			camel.getRouteController().stopRoute("outbox-mail");
		}
		assertThat(SMTP.received()).hasSize(4);
	}

}
