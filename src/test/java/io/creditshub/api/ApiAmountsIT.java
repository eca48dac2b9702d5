package io.creditshub.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditshub.support.HubIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 12, item 8: add-funds amounts and the API's answers to bad input:
 * 400/404/405/409/413/415 problem details, never 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@TestPropertySource(properties = { "credits.api.users[0].name=operator", "credits.api.users[0].secret=op-pass",
		"credits.api.users[0].role=operator", "credits.api.users[1].name=admin-acme",
		"credits.api.users[1].secret=a-pass", "credits.api.users[1].orgs[0]=acme" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAmountsIT extends HubIntegrationTest {

	@Autowired
	MockMvc mvc;

	static final RequestPostProcessor OPERATOR = httpBasic("operator", "op-pass");

	static final RequestPostProcessor ACME = httpBasic("admin-acme", "a-pass");

	@BeforeAll
	void reference() {
		loadReferenceData(); // acme USD 10.00 (bought 2025-01-15), globex EUR
	}

	ResultActions addFunds(String json) throws Exception {
		return mvc
			.perform(post("/api/orgs/acme/funds").with(ACME).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	@Test
	void amountsOutOfRangeAre400NeverADatabaseError() throws Exception {
		for (String amount : new String[] { "1e400", "1234567890123456789012345", "1e15", "1000000.01", "0", "-1" }) {
			addFunds("{\"amount\": " + amount + ", \"reference\": \"BIG-" + amount.hashCode() + "\"}")
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		addFunds("{\"amount\": 1000000.01, \"reference\": \"BIG-X\"}")
			.andExpect(jsonPath("$.detail").value("amount must be between 0.01 and 1000000 USD"));
		// the largest amount is accepted, and later add-funds still work
		addFunds("{\"amount\": 1000000, \"reference\": \"MAX-1\"}").andExpect(status().isCreated());
		addFunds("{\"amount\": 5.00, \"reference\": \"AFTER-MAX\"}").andExpect(status().isCreated());
	}

	@Test
	void theSameOrderReferenceWithAnotherAmountIs409WithBothAmounts() throws Exception {
		addFunds("{\"amount\": 25.00, \"reference\": \"PO-409\"}").andExpect(status().isCreated());
		addFunds("{\"amount\": 25.00, \"reference\": \"PO-409\"}").andExpect(status().isOk());
		addFunds("{\"amount\": 30.00, \"reference\": \"PO-409\"}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("order reference PO-409 was already added with another amount"))
			.andExpect(jsonPath("$.existingAmount").value(25.0))
			.andExpect(jsonPath("$.requestedAmount").value(30.0));
	}

	@Test
	void expiredPurchasesOtherCurrenciesAndUnknownFieldsAre400() throws Exception {
		addFunds("{\"amount\": 5, \"reference\": \"OLD\", \"purchasedAt\": \"2000-01-01T00:00:00Z\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("the funds would already have expired")));
		addFunds("{\"amount\": 5, \"reference\": \"EUR\", \"currency\": \"EUR\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("currency 'EUR' is not the currency of acme (USD)"));
		addFunds("{\"amount\": 5, \"reference\": \"UNK\", \"colour\": \"red\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail")
				.value("The request body is not valid for this endpoint: unknown field 'colour'"));
		addFunds("{\"amount\": 5, \"reference\": \"USD-OK\", \"currency\": \"USD\"}").andExpect(status().isCreated());
	}

	@Test
	void aBodyOverTheLimitIs413() throws Exception {
		String big = "{\"amount\": 5, \"reference\": \"HUGE\", \"note\": \"" + "x".repeat(70_000) + "\"}";
		addFunds(big).andExpect(status().isPayloadTooLarge())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The request body is larger than 65536 bytes"));
	}

	@Test
	void theOpenApiDocumentDeclaresSecurityAndProblemResponses() throws Exception {
		mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.securitySchemes.basic.scheme").value("basic"))
			.andExpect(jsonPath("$.components.securitySchemes.bearer.scheme").value("bearer"))
			.andExpect(jsonPath("$.paths['/api/orgs/{org}/funds'].post.responses['409'].description")
				.value("Conflicts with what was done before (an order reference with another amount)"))
			.andExpect(jsonPath("$.paths['/api/orgs/{org}/funds'].post.responses['413']").exists())
			.andExpect(jsonPath("$.paths['/api/orgs/{org}/funds'].post.responses['415']").exists())
			.andExpect(jsonPath("$.paths['/api/orgs/{org}/balance'].get.responses['401']").exists())
			.andExpect(jsonPath("$.paths['/api/orgs/{org}/balance'].get.responses['404']").exists());
	}

	@Test
	void reportsOnlyForMonthsTheHubCanHaveBooksFor() throws Exception {
		mvc.perform(get("/api/orgs/acme/reports/0001-01").with(ACME)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/orgs/acme/reports/9999-12").with(ACME)).andExpect(status().isBadRequest());
	}

	@Test
	void wrongMethodsMediaTypesAndPathsAreNot403() throws Exception {
		mvc.perform(post("/api/orgs/acme/funds").with(ACME).contentType(MediaType.TEXT_PLAIN).content("5"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(delete("/api/orgs/acme/funds").with(ACME))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(get("/api/orgs/acme/nothing-here").with(ACME))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		for (String path : new String[] { "/api/orgs/acme/../acme/balance", "/api/orgs/acme;x=1/balance" }) {
			mvc.perform(get(path).with(ACME))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		mvc.perform(get("/api/nothing-here").with(OPERATOR))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

}
