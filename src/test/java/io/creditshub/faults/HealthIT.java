package io.creditshub.faults;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditshub.support.HubIntegrationTest;
import io.creditshub.persistence.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 17, item 8: health that tells the truth. Liveness, readiness and the hub's own
 * state are separate groups; a mail server (or carrier) down degrades the hub group but
 * leaves the anonymous health UP (a load balancer keeps the admin API); a stalled inbox
 * and a database outage are told in plain words, never with a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@Import(DatabaseOutage.class)
@TestPropertySource(properties = { "credits.api.users[0].name=operator", "credits.api.users[0].secret=op-pass",
		"credits.api.users[0].role=operator", "credits.health.intake-stalled-after=1m", "camel.main.auto-startup=true",
		// the routes run (Camel's route checks are part of health) but never take the
		// test's waiting file
		"credits.intake.cdr-uri=file:${credits.home}/inbox/cdr?recursive=true&move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&initialDelay=3600000&delay=3600000" })
class HealthIT extends HubIntegrationTest {

	static final RequestPostProcessor OPERATOR = httpBasic("operator", "op-pass");

	@Autowired
	MockMvc mvc;

	@Autowired
	DatabaseOutage outage;

	@AfterEach
	void databaseBack() {
		outage.end();
		faults.databaseOk();
	}

	@Test
	void livenessReadinessAndTheHubAreSeparateAndAMailOutageDoesNotTakeTheApiOut() throws Exception {
		mvc.perform(get("/actuator/health/liveness"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/actuator/health/readiness"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/actuator/health/hub").with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.hubState.details.intake").value("working"));

		// an email waiting for two hours: the SMTP server is down
		jdbc.sql(
				"""
						INSERT INTO email_outbox (dedup_key, kind, recipients, subject, text_body, html_body, message_id, status,
						  next_attempt_at, created_at, attempts, last_error)
						VALUES ('health-1', 'RECHARGE_OK', 'a@b.example', 's', 't', 'h', 'm-1', 'PENDING', :t, :t, 3, 'connect refused')""")
			.param("t", Sql.ts(Instant.now().minusSeconds(7200)))
			.update();
		mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
		mvc.perform(get("/actuator/health/hub").with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DEGRADED"))
			.andExpect(jsonPath("$.components.mail.status").value("DEGRADED"));
		jdbc.sql("DELETE FROM email_outbox WHERE dedup_key = 'health-1'").update();
	}

	@Test
	void aFileWaitingTooLongIsAStalledIntakeNamedInPlainWords() throws Exception {
		Path waiting = drop("cdr/acme/PSTN.calls.stuck.csv", "UsageId\n");
		Files.setLastModifiedTime(waiting, FileTime.from(Instant.now().minusSeconds(600)));
		try {
			mvc.perform(get("/actuator/health/hub").with(OPERATOR))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("DEGRADED"))
				.andExpect(jsonPath("$.components.hubState.status").value("DEGRADED"))
				.andExpect(jsonPath("$.components.hubState.details.oldestWaiting")
					.value(containsString("PSTN.calls.stuck.csv, 10 min")))
				.andExpect(jsonPath("$.components.hubState.details.intake").value(containsString("stalled")));
			mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		}
		finally {
			Files.delete(waiting);
		}
	}

	@Test
	void aDatabaseOutageIsDownForReadinessAndTheHubButNotForLiveness() throws Exception {
		outage.start();
		// the hub learns of the outage from its own work (a lock, a file, a timer route)
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("SELECT 1").query(Integer.class).single());
		faults.databaseFailed("a health test",
				new java.sql.SQLTransientConnectionException("Connection refused", "08001"));
		mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
		mvc.perform(get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable());
		mvc.perform(get("/actuator/health/hub").with(OPERATOR))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.components.hubState.status").value("DOWN"))
			.andExpect(jsonPath("$.components.hubState.details.database").value(containsString("unavailable since")))
			.andExpect(jsonPath("$.components.hubState.details.intake").value("paused until the database is back"))
			.andExpect(content().string(not(containsString("\tat "))))
			.andExpect(content().string(not(containsString("Caused by"))))
			.andExpect(content().string(not(containsString("stacktrace"))))
			.andExpect(content().string(not(containsString("file:"))));
		outage.end();
		faults.databaseOk();
		mvc.perform(get("/actuator/health/hub").with(OPERATOR))
			.andExpect(jsonPath("$.components.hubState.status").value("UP"));
	}

	@Autowired
	io.creditshub.system.Faults faults;

}
