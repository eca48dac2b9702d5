package io.creditshub.corrections;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditshub.support.HubIntegrationTest;
import io.creditshub.system.Samples;
import java.math.BigDecimal;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The corrections API over the samples: operator only, validated, exactly once by id. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@TestPropertySource(properties = { "credits.api.users[0].name=operator", "credits.api.users[0].secret=op-pass",
		"credits.api.users[0].role=operator", "credits.api.users[1].name=admin-contoso",
		"credits.api.users[1].secret=c-pass", "credits.api.users[1].orgs[0]=contoso" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionsApiIT extends HubIntegrationTest {

	static final RequestPostProcessor OPERATOR = httpBasic("operator", "op-pass");

	static final RequestPostProcessor CONTOSO = httpBasic("admin-contoso", "c-pass");

	@Autowired
	MockMvc mvc;

	@BeforeAll
	void samples() {
		Samples.copyInto(folders.inbox());
		drain();
	}

	@Test
	void anOperatorAdjustsOnceAndAnAdminMayNot() throws Exception {
		BigDecimal before = balance("contoso");
		String body = """
				{"org": "contoso", "amount": 2.50, "reason": "goodwill for the outage of 3 March", "id": "api-adj-1"}""";
		mvc.perform(post("/api/corrections/adjustments").with(CONTOSO)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isForbidden());
		mvc.perform(post("/api/corrections/adjustments").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("POSTED"))
			.andExpect(jsonPath("$.correctionId").value("api-adj-1"));
		mvc.perform(post("/api/corrections/adjustments").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ALREADY_APPLIED"));
		Assertions.assertThat(balance("contoso")).isEqualByComparingTo(before.add(new BigDecimal("2.50")));
		mvc.perform(
				post("/api/corrections/adjustments").with(OPERATOR).contentType(MediaType.APPLICATION_JSON).content("""
						{"org": "contoso", "amount": 1.00, "reason": " "}"""))
			.andExpect(status().isBadRequest());
		mvc.perform(
				post("/api/corrections/adjustments").with(OPERATOR).contentType(MediaType.APPLICATION_JSON).content("""
						{"org": "nosuch", "amount": 1.00, "reason": "x"}"""))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/corrections").with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].correctionId").value("api-adj-1"))
			.andExpect(jsonPath("$[0].kind").value("ADJUST"))
			.andExpect(jsonPath("$[0].requestedBy").value("api:operator"));
	}

	@Test
	void anOperatorReRatesAPeriodDryRunFirst() throws Exception {
		String period = """
				"from": "2025-03-01T00:00:00Z", "to": "2025-04-01T00:00:00Z\"""";
		mvc.perform(post("/api/corrections/rerate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"org\": \"contoso\", " + period + ", \"dryRun\": true}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRY_RUN"))
			.andExpect(jsonPath("$.calls").value(0)) // the same rate table: nothing
														// changes
			.andExpect(jsonPath("$.csv", containsString("-dry-run.csv")));
		mvc.perform(post("/api/corrections/rerate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"all\": true, " + period + ", \"id\": \"api-rerate-1\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("POSTED"))
			.andExpect(jsonPath("$.corrected", hasSize(0)));
		mvc.perform(post("/api/corrections/rerate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"all\": true, " + period + ", \"id\": \"api-rerate-1\"}"))
			.andExpect(jsonPath("$.status").value("ALREADY_APPLIED"));
		mvc.perform(post("/api/corrections/rerate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"org\": \"contoso\", \"all\": true, " + period + "}")).andExpect(status().isBadRequest());
		mvc.perform(post("/api/corrections/rerate").with(CONTOSO)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"org\": \"contoso\", " + period + "}")).andExpect(status().isForbidden());
	}

	@Test
	void anOperatorReDatesALicenseExport() throws Exception {
		long first = jdbc.sql("SELECT MIN(file_id) FROM ingest_file WHERE kind = 'LICENSES' AND org_id = 'fabrikam'")
			.query(Long.class)
			.single();
		long rates = jdbc.sql("SELECT MIN(file_id) FROM ingest_file WHERE kind = 'RATES'").query(Long.class).single();
		// the sample export is fabrikam's first: it covers every earlier call (DOMAIN
		// rule 11) and is not re-dated
		mvc.perform(post("/api/corrections/license-redate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": " + first + ", \"at\": \"2025-03-01T06:00:00Z\", \"dryRun\": true}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("first export")));
		// a second export, named 2025-03-20 but taken on the 18th (same licenses; one
		// title changed, so it is not the
		// same file again)
		drop("licenses/fabrikam/users-2025-03-20.csv",
				java.nio.file.Files.readString(java.nio.file.Path.of("samples/licenses/fabrikam/users-2025-03-01.csv"))
					.replace("Vertriebsleiter,", "Head of Sales,"));
		drain();
		long export = jdbc.sql("SELECT MAX(file_id) FROM ingest_file WHERE kind = 'LICENSES' AND org_id = 'fabrikam'")
			.query(Long.class)
			.single();
		mvc.perform(get("/api/orgs/fabrikam/license-exports").with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].fileId").value(export))
			.andExpect(jsonPath("$[0].effectiveAt").value("2025-03-20T00:00:00Z"))
			.andExpect(jsonPath("$[0].timeSource").value("FILE_NAME"));
		mvc.perform(post("/api/corrections/license-redate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": " + export + ", \"at\": \"2025-03-18T00:00:00Z\", \"dryRun\": true}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRY_RUN"))
			.andExpect(jsonPath("$.orgId").value("fabrikam"))
			.andExpect(jsonPath("$.oldAt").value("2025-03-20T00:00:00Z"));
		mvc.perform(get("/api/orgs/fabrikam/license-exports").with(OPERATOR))
			.andExpect(jsonPath("$[0].timeSource").value("FILE_NAME"));
		mvc.perform(post("/api/corrections/license-redate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": " + export + ", \"at\": \"2025-03-18T00:00:00Z\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("POSTED"))
			.andExpect(jsonPath("$.oldAt").value("2025-03-20T00:00:00Z"));
		mvc.perform(get("/api/orgs/fabrikam/license-exports").with(OPERATOR))
			.andExpect(jsonPath("$[0].effectiveAt").value("2025-03-18T00:00:00Z"))
			.andExpect(jsonPath("$[0].timeSource").value("REDATED"))
			.andExpect(jsonPath("$[0].statedAt").value("2025-03-20T00:00:00Z"))
			.andExpect(jsonPath("$[1].timeSource").value("FIRST_EXPORT"));
		// and back
		mvc.perform(post("/api/corrections/license-redate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": " + export + ", \"at\": \"2025-03-20T00:00:00Z\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.oldAt").value("2025-03-18T00:00:00Z"));
		mvc.perform(get("/api/orgs/fabrikam/license-exports").with(OPERATOR))
			.andExpect(jsonPath("$[0].effectiveAt").value("2025-03-20T00:00:00Z"))
			.andExpect(jsonPath("$[0].timeSource").value("REDATED"));
		mvc.perform(post("/api/corrections/license-redate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": " + rates + ", \"at\": \"2025-03-01T06:00:00Z\"}"))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/api/corrections/license-redate").with(OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": 999999, \"at\": \"2025-03-01T06:00:00Z\"}")).andExpect(status().isNotFound());
		mvc.perform(post("/api/corrections/license-redate").with(CONTOSO)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fileId\": " + export + ", \"at\": \"2025-03-01T06:00:00Z\"}"))
			.andExpect(status().isForbidden());
	}

}
