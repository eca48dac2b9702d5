package io.creditshub.suspension;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.recharge.RechargeService;
import io.creditshub.support.LifecycleIntegrationTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * DOMAIN rule 8: zero balance suspends the account, tells the admins (here without SMTP:
 * a real .eml file in outbox/mail/) and the carrier (outbox/carrier/suspended-*.csv);
 * funds added resume it with the matching line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuspensionIT extends LifecycleIntegrationTest {

	@Autowired
	RechargeService recharges;

	@BeforeAll
	void rates() {
		loadRates();
	}

	boolean suspended(String org) {
		return jdbc.sql("SELECT suspended FROM organization WHERE org_id = :o")
			.param("o", org)
			.query(Boolean.class)
			.single();
	}

	List<String> carrierLines() throws Exception {
		Path folder = folders.outbox().resolve("carrier");
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			// in publishing order: by the time in the name (suspended-<time>-<id>,
			// resumed-<time>-<id>)
			return files
				.sorted(java.util.Comparator
					.comparing((Path f) -> f.getFileName().toString().replaceFirst("^[a-z]+-", "")))
				.flatMap(f -> {
					try {
						return Files.readAllLines(f).stream().skip(1);
					}
					catch (java.io.IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				})
				.toList();
		}
	}

	@Test
	@Order(1)
	void zeroBalanceSuspendsEmailsAndTellsTheCarrierAndAPurchaseResumes() throws Exception {
		clock.set("2026-03-10T12:00:00Z");
		openAccount("zero", "USD", null, null, null);
		purchase("zero", "USD", "1.00", "Z-1");
		call("zero", "z-1", 20); // 1.20: 1.00 from funds, 0.20 unfunded
		assertThat(balance("zero")).isEqualByComparingTo("0");
		assertThat(suspended("zero")).isTrue();
		assertThat(jdbc.sql("SELECT unfunded_amount FROM ledger_view WHERE usage_id = 'z-1'")
			.query(java.math.BigDecimal.class)
			.single()).isEqualByComparingTo("0.20");
		call("zero", "z-2", 1); // still recorded while suspended: unfunded, never lost
		assertThat(jdbc.sql("SELECT unfunded_amount FROM ledger_view WHERE usage_id = 'z-2'")
			.query(java.math.BigDecimal.class)
			.single()).isEqualByComparingTo("0.06");
		pendingWork.flushOutboxes();
		// Time: when the hub decided; Call Time: the start of the call that used up the
		// funds (DOMAIN rule 8)
		assertThat(carrierLines())
			.containsExactly("zero,2026-03-10T12:00:00Z,SUSPEND,balance reached zero (usage),2026-03-10T11:39:00Z");
		try (Stream<Path> files = Files.list(folders.outbox().resolve("carrier"))) {
			assertThat(files.map(p -> p.getFileName().toString())).singleElement()
				.asString()
				.matches("suspended-20260310T120000Z-\\d+\\.csv");
		}

		// the email, as a real .eml file (no SMTP configured)
		Path eml;
		try (Stream<Path> files = Files.list(folders.outbox().resolve("mail"))) {
			eml = files.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
		}
		assertThat(eml.getFileName().toString()).endsWith("-zero-balance.eml");
		try (InputStream in = Files.newInputStream(eml)) {
			MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
			assertThat(m.getSubject()).isEqualTo("Communications credits of Zero Inc reached zero");
			assertThat(m.getAllRecipients()[0].toString()).isEqualTo("zero@admins.example");
			MimeMultipart parts = (MimeMultipart) m.getContent();
			assertThat(parts.getContentType()).startsWith("multipart/alternative");
			assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
			assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
			assertThat(parts.getBodyPart(0).getContent().toString())
				.contains("Reached zero at: 2026-03-10 11:39:00 UTC");
			assertThat(parts.getBodyPart(1).getContent().toString())
				.contains("<th style=\"text-align:left;padding:2px 12px 2px 0\">Balance</th><td>0.00 USD</td>");
		}

		clock.set("2026-03-11T09:00:00Z");
		purchase("zero", "USD", "5.00", "Z-2");
		assertThat(suspended("zero")).isFalse();
		pendingWork.flushOutboxes();
		assertThat(carrierLines()).containsExactly(
				"zero,2026-03-10T12:00:00Z,SUSPEND,balance reached zero (usage),2026-03-10T11:39:00Z",
				"zero,2026-03-11T09:00:00Z,RESUME,funds added (purchase),");
		try (Stream<Path> files = Files.list(folders.outbox().resolve("carrier"))) {
			// a file of RESUME lines only is not named suspended-...
			assertThat(files.map(p -> p.getFileName().toString()).sorted()).element(0)
				.asString()
				.matches("resumed-20260311T090000Z-\\d+\\.csv");
		}
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE org_id = 'zero'")).isEqualTo(1);
		assertBooksBalance();
	}

	@Test
	@Order(2)
	void anAutoRechargeAfterZeroResumesTheAccount() throws Exception {
		clock.set("2026-04-01T12:00:00Z");
		openAccount("bounce", "USD", "0.50", "10.00", "card:visa-4242-2030-12");
		purchase("bounce", "USD", "0.60", "B-1");
		call("bounce", "b-1", 10); // 0.60 -> 0: suspended, and an immediate recharge
									// queued
		assertThat(suspended("bounce")).isTrue();
		assertThat(recharges.runQueued().count("SUCCEEDED")).isEqualTo(1);
		assertThat(suspended("bounce")).isFalse();
		assertThat(balance("bounce")).isEqualByComparingTo("10.00");
		pendingWork.flushOutboxes();
		assertThat(carrierLines()).contains(
				"bounce,2026-04-01T12:00:00Z,SUSPEND,balance reached zero (usage),2026-04-01T11:49:00Z",
				"bounce,2026-04-01T12:00:00Z,RESUME,funds added (recharge),");
		assertThat(jdbc.sql("SELECT kind FROM email_outbox WHERE org_id = 'bounce' ORDER BY email_id")
			.query(String.class)
			.list()).containsExactly("ZERO_BALANCE", "RECHARGE_SUCCEEDED");
		assertBooksBalance();
	}

}
