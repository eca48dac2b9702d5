package io.creditshub.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditshub.intake.IntakeOutcome;
import io.creditshub.support.HubIntegrationTest;
import io.creditshub.system.Samples;
import java.util.List;
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

/**
 * The admin API over the samples: for each endpoint success, validation failure,
 * unauthorized and cross-organization access denied; health and Prometheus metrics after
 * files were processed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@TestPropertySource(properties = { "camel.main.auto-startup=true", "credits.api.users[0].name=operator",
		"credits.api.users[0].secret=op-pass", "credits.api.users[0].role=operator",
		"credits.api.users[1].name=admin-contoso", "credits.api.users[1].secret=c-pass",
		"credits.api.users[1].orgs[0]=contoso", "credits.api.users[2].name=admin-fabrikam",
		"credits.api.users[2].secret=f-pass", "credits.api.users[2].orgs[0]=fabrikam",
		"credits.api.tokens[0].name=scraper", "credits.api.tokens[0].secret=tok-123",
		"credits.api.tokens[0].role=operator" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT extends HubIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	io.creditshub.batch.BatchRuns batchRuns;

	static final RequestPostProcessor OPERATOR = httpBasic("operator", "op-pass");

	static final RequestPostProcessor CONTOSO = httpBasic("admin-contoso", "c-pass");

	static final RequestPostProcessor FABRIKAM = httpBasic("admin-fabrikam", "f-pass");

	@org.springframework.beans.factory.annotation.Autowired
	org.apache.camel.CamelContext camel;

	@BeforeAll
	void samples() throws Exception {
		// the routes run here (camel.main.auto-startup): the inbox routes wait while the
		// samples are copied in, so
		// that the drain takes them in dependency order (a CDR file before the accounts
		// would be refused)
		List<String> inbox = List.of("intake-rates-folder", "intake-accounts-folder", "intake-licenses-folder",
				"intake-funds-folder", "intake-cdr-folder");
		for (String route : inbox) {
			camel.getRouteController().suspendRoute(route);
		}
		Samples.copyInto(folders.inbox());
		drain();
		for (String route : inbox) {
			camel.getRouteController().resumeRoute(route);
		}
	}

	@Test
	void anAdminSeesOnlyTheirOrganizationAndAnOperatorAll() throws Exception {
		mvc.perform(get("/api/orgs").with(CONTOSO))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(1)))
			.andExpect(jsonPath("$[0].orgId").value("contoso"))
			.andExpect(jsonPath("$[0].paymentMethodOnFile").value(true));
		mvc.perform(get("/api/orgs").with(OPERATOR)).andExpect(jsonPath("$", hasSize(2)));
	}

	@Test
	void withoutCredentialsItIsAProblem401() throws Exception {
		mvc.perform(get("/api/orgs"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
		mvc.perform(get("/api/orgs").with(httpBasic("admin-contoso", "wrong"))).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/orgs").header("Authorization", "Bearer nope")).andExpect(status().isUnauthorized());
	}

	@Test
	void anotherOrganizationIsForbiddenAndAnUnknownOneNotFound() throws Exception {
		mvc.perform(get("/api/orgs/fabrikam").with(CONTOSO))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("You are not an admin of organization 'fabrikam'"));
		mvc.perform(get("/api/orgs/nosuch").with(OPERATOR)).andExpect(status().isNotFound());
		mvc.perform(get("/api/orgs/nosuch").with(CONTOSO)).andExpect(status().isForbidden());
	}

	@Test
	void balanceWithLotsSoonestExpiryFirst() throws Exception {
		mvc.perform(get("/api/orgs/contoso/balance").with(CONTOSO))
			.andExpect(status().isOk())
			// the sample lots (bought 2024-04-15 and 2025-02-01) have expired by now: not
			// money any more, even
			// though no expiry batch has posted their forfeit yet (DOMAIN rule 1; issue
			// 12)
			.andExpect(jsonPath("$.balance").value(0.0))
			.andExpect(jsonPath("$.expiredAwaitingForfeit").value(104.65))
			.andExpect(jsonPath("$.lots", hasSize(0)));
		mvc.perform(get("/api/orgs/contoso/balance").with(FABRIKAM)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/contoso/balance")).andExpect(status().isUnauthorized());
	}

	@Test
	void ledgerIsPagedAndFiltered() throws Exception {
		mvc.perform(get("/api/orgs/contoso/ledger?size=3&page=1").with(CONTOSO))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items", hasSize(3)))
			.andExpect(jsonPath("$.total").value(12))
			.andExpect(jsonPath("$.page").value(1));
		mvc.perform(get("/api/orgs/contoso/ledger?type=PURCHASE").with(CONTOSO))
			.andExpect(jsonPath("$.total").value(2))
			.andExpect(jsonPath("$.items[1].amount").value(100.0));
		mvc.perform(
				get("/api/orgs/contoso/ledger?type=INCLUDED_USAGE&from=2025-03-03T09:00:00Z&to=2025-03-04T00:00:00Z")
					.with(CONTOSO))
			.andExpect(jsonPath("$.total").value(3));
	}

	@Test
	void ledgerRejectsBadParameters() throws Exception {
		mvc.perform(get("/api/orgs/contoso/ledger?type=BOGUS").with(CONTOSO))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("BOGUS")));
		mvc.perform(get("/api/orgs/contoso/ledger?size=0").with(CONTOSO)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/orgs/contoso/ledger?from=yesterday").with(CONTOSO)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/orgs/contoso/ledger").with(FABRIKAM)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/contoso/ledger")).andExpect(status().isUnauthorized());
	}

	@Test
	void callsSayHowEachWasPaid() throws Exception {
		mvc.perform(get("/api/orgs/contoso/calls?paidBy=pool").with(CONTOSO))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(4))
			.andExpect(jsonPath("$.items[0].pool").value("DOMESTIC/US/2025-03"))
			.andExpect(jsonPath("$.items[0].poolMinutes").value(2));
		mvc.perform(get("/api/orgs/contoso/calls?user=EVE.DIAZ@contoso.com&paidBy=unfunded").with(CONTOSO))
			.andExpect(jsonPath("$.total").value(3))
			.andExpect(jsonPath("$.items[1].unfundedReason").value("no Communications Credits license"));
		mvc.perform(get("/api/orgs/contoso/calls?paidBy=gold").with(CONTOSO))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("paidBy must be one of")));
		mvc.perform(get("/api/orgs/fabrikam/calls").with(CONTOSO)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/fabrikam/calls")).andExpect(status().isUnauthorized());
	}

	@Test
	void poolsOfAMonth() throws Exception {
		mvc.perform(get("/api/orgs/contoso/pools?month=2025-03").with(CONTOSO))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.type == 'conferencing')].size").value(120))
			.andExpect(jsonPath("$[?(@.type == 'conferencing')].used").value(30));
		mvc.perform(get("/api/orgs/contoso/pools?month=2025-13").with(CONTOSO)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/orgs/contoso/pools").with(FABRIKAM)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/contoso/pools")).andExpect(status().isUnauthorized());
	}

	@Test
	void forecast() throws Exception {
		mvc.perform(get("/api/orgs/fabrikam/forecast").with(FABRIKAM))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recommendedTrigger").exists());
		mvc.perform(get("/api/orgs/fabrikam/forecast").with(CONTOSO)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/fabrikam/forecast")).andExpect(status().isUnauthorized());
	}

	@Test
	void reportsAreListedAndDownloaded() throws Exception {
		mvc.perform(get("/api/orgs/contoso/reports/2025-03").with(CONTOSO))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("contoso-usage-2025-03.xlsx")))
			.andExpect(
					result -> org.assertj.core.api.Assertions.assertThat(result.getResponse().getContentAsByteArray())
						.startsWith('P', 'K'));
		mvc.perform(get("/api/orgs/contoso/reports").with(CONTOSO))
			.andExpect(jsonPath("$[0]").value("contoso-usage-2025-03.xlsx"));
		mvc.perform(get("/api/orgs/contoso/reports/March").with(CONTOSO)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/orgs/contoso/reports/2025-03").with(FABRIKAM)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/contoso/reports")).andExpect(status().isUnauthorized());
	}

	@Test
	void rateVersionsAndLookup() throws Exception {
		mvc.perform(get("/api/rates").with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].rates").value(23));
		mvc.perform(get("/api/rates/lookup").param("number", "+447700900123")
			.param("currency", "USD")
			.param("at", "2025-03-03T00:00:00Z")
			.with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.prefix").value("447"))
			.andExpect(jsonPath("$.segments", hasSize(2)));
		mvc.perform(get("/api/rates/lookup").param("number", "+881").param("currency", "USD").with(OPERATOR))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/rates/lookup?currency=USD").with(OPERATOR)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/rates").with(CONTOSO)).andExpect(status().isForbidden());
		mvc.perform(get("/api/rates")).andExpect(status().isUnauthorized());
	}

	@Test
	void filesAndReDrivingARefusedFile() throws Exception {
		drop("cdr/newco/PSTN.calls.csv", teamsExport("n-1,user_out,+12065550100,2025-03-03T08:00:00Z,60"));
		IntakeOutcome refused = drain().get(0);
		org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(IntakeOutcome.Status.ERROR);
		long fileId = jdbc.sql("SELECT MAX(file_id) FROM ingest_file WHERE status = 'ERROR'")
			.query(Long.class)
			.single();
		mvc.perform(get("/api/files?limit=3").with(OPERATOR))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].status").value("ERROR"))
			.andExpect(jsonPath("$[0].detail").value(containsString("unknown organization 'newco'")));
		mvc.perform(get("/api/files?limit=0").with(OPERATOR)).andExpect(status().isBadRequest());
		mvc.perform(post("/api/files/" + fileId + "/redrive").with(CONTOSO)).andExpect(status().isForbidden());
		mvc.perform(post("/api/files/" + fileId + "/redrive")).andExpect(status().isUnauthorized());
		mvc.perform(post("/api/files/" + fileId + "/redrive").with(OPERATOR))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.waitingAt").value(containsString("inbox/cdr/newco/PSTN.calls.csv")));
		mvc.perform(post("/api/files/" + fileId + "/redrive").with(OPERATOR)).andExpect(status().isConflict());
		mvc.perform(post("/api/files/999999/redrive").with(OPERATOR)).andExpect(status().isNotFound());
	}

	@Test
	void healthIsPublicAndDetailedForOperators() throws Exception {
		mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/actuator/health").with(OPERATOR))
			.andExpect(jsonPath("$.components.db.status").value("UP"))
			.andExpect(jsonPath("$.components.mail.status").value("UP"))
			.andExpect(jsonPath("$.components.carriers.status").value("UP"));
		batchRuns.expiry(); // a nightly expiry run: timed, and its last success recorded
							// for health
		mvc.perform(get("/actuator/health").with(OPERATOR))
			.andExpect(jsonPath("$.components.batchRuns.status").value("UP"))
			.andExpect(jsonPath("$.components.batchRuns.details.expiry.lastSuccess")
				.value(org.hamcrest.Matchers.not("null")));
		mvc.perform(get("/actuator/prometheus").with(OPERATOR))
			.andExpect(content().string(
					containsString("credits_batch_duration_seconds_count{batch=\"expiry\",outcome=\"success\"} 1")));
	}

	@Test
	void prometheusShowsTheIntakeCountersMoved() throws Exception {
		mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer tok-123"))
			.andExpect(status().isOk())
			.andExpect(
					content().string(containsString("credits_intake_files_total{kind=\"cdr\",status=\"posted\"} 2.0")))
			.andExpect(content().string(containsString("credits_intake_rows_posted_total{kind=\"cdr\"} 19.0")))
			.andExpect(content().string(containsString("credits_intake_rows_rejected_total{kind=\"cdr\"} 1.0")))
			.andExpect(content().string(containsString("credits_accounts_suspended ")))
			.andExpect(content().string(containsString("credits_recharges{status=\"succeeded\"}")));
		mvc.perform(get("/actuator/prometheus").with(CONTOSO)).andExpect(status().isForbidden());
		mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
	}

	@Test
	void openApiDescribesTheEndpoints() throws Exception {
		mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/api/orgs/{org}/balance")));
	}

	@Test
	void addFundsIsIdempotentByOrderReference() throws Exception {
		String body = "{\"amount\": 25.00, \"reference\": \"PO-API-1\", \"purchasedAt\": \"2026-11-20T12:00:00Z\"}";
		mvc.perform(
				post("/api/orgs/fabrikam/funds").with(FABRIKAM).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.amount").value(25.0))
			.andExpect(jsonPath("$.expiresAt").value("2027-11-20T12:00:00Z"));
		mvc.perform(
				post("/api/orgs/fabrikam/funds").with(FABRIKAM).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isOk());
		mvc.perform(get("/api/orgs/fabrikam/balance").with(FABRIKAM))
			.andExpect(jsonPath("$.balance").value(25.0))
			.andExpect(jsonPath("$.expiredAwaitingForfeit").value(0.0));
		mvc.perform(post("/api/orgs/fabrikam/funds").with(FABRIKAM)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"amount\": -5, \"reference\": \"\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.amount").exists())
			.andExpect(jsonPath("$.errors.reference").exists());
		mvc.perform(post("/api/orgs/fabrikam/funds").with(FABRIKAM)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"amount\": 1.001, \"reference\": \"X\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("more decimals than EUR allows")));
		mvc.perform(post("/api/orgs/fabrikam/funds").with(FABRIKAM)
			.contentType(MediaType.APPLICATION_JSON)
			.content("not json")).andExpect(status().isBadRequest());
		mvc.perform(
				post("/api/orgs/fabrikam/funds").with(CONTOSO).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/orgs/fabrikam/funds").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void autoRechargeSettingsAreValidated() throws Exception {
		mvc.perform(get("/api/orgs/contoso/auto-recharge").with(CONTOSO))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.enabled").value(true))
			.andExpect(jsonPath("$.triggerAmount").value(10.0))
			.andExpect(jsonPath("$.paymentMethod").value("card:visa…-08"));
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.put("/api/orgs/contoso/auto-recharge")
			.with(CONTOSO)
			.contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"enabled\": true, \"triggerAmount\": 20, \"rechargeAmount\": 60, \"paymentMethod\": \"card:visa-4242-2028-01\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.rechargeAmount").value(60));
		for (String bad : new String[] {
				"{\"enabled\": true, \"triggerAmount\": 0, \"rechargeAmount\": 60, \"paymentMethod\": \"card:x\"}",
				"{\"enabled\": true, \"triggerAmount\": 50, \"rechargeAmount\": 20, \"paymentMethod\": \"card:x\"}",
				"{\"enabled\": true, \"triggerAmount\": 10, \"rechargeAmount\": 20}", "{}" }) {
			mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.put("/api/orgs/contoso/auto-recharge")
				.with(CONTOSO)
				.contentType(MediaType.APPLICATION_JSON)
				.content(bad)).andExpect(status().isBadRequest());
		}
		mvc.perform(get("/api/orgs/contoso/auto-recharge").with(FABRIKAM)).andExpect(status().isForbidden());
		mvc.perform(get("/api/orgs/contoso/auto-recharge")).andExpect(status().isUnauthorized());
	}

}
