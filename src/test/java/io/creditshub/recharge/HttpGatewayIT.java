package io.creditshub.recharge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.creditshub.support.LifecycleIntegrationTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The HTTP payment gateway adapter against a real local HTTP server (the JDK's) that
 * behaves like a payment provider: it charges once per idempotency key and answers a
 * repeated key with its first answer; it can decline, fail with 500, or charge and then
 * answer too late (the hub's read time-out).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = { "credits.payment.gateway=http", "credits.payment.http.read-timeout=700ms",
		"credits.payment.http.token=test-secret" })
class HttpGatewayIT extends LifecycleIntegrationTest {

	static final LocalDate NIGHT = LocalDate.parse("2026-03-09");

	static final FakeProvider PROVIDER = new FakeProvider();

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("credits.payment.http.url", () -> "http://127.0.0.1:" + PROVIDER.port() + "/v1/charges");
	}

	@Autowired
	RechargeService recharges;

	@Autowired
	PaymentGateway gateway;

	@BeforeAll
	void rates() {
		loadRates();
	}

	@AfterAll
	void stop() {
		PROVIDER.server.stop(0);
	}

	@AfterEach
	void isolate() {
		assertBooksBalance();
		jdbc.sql("UPDATE organization SET auto_recharge = false").update();
	}

	@Test
	void anApprovedChargeSendsTheJsonRequestWithItsIdempotencyKey() {
		assertThat(gateway).isInstanceOf(HttpPaymentGateway.class);
		openAccount("http1", "USD", "20.00", "50.00", "card:visa-4242-2030-12");
		purchase("http1", "USD", "10.00", "H-1");
		assertThat(recharges.runNightly(NIGHT).count("SUCCEEDED")).isEqualTo(1);
		assertThat(balance("http1")).isEqualByComparingTo("60.00");
		FakeProvider.Request r = PROVIDER.requestsFor("http1").get(0);
		assertThat(r.headers()).containsEntry("Idempotency-Key", "credits-hub:http1:nightly:2026-03-09")
			.containsEntry("Authorization", "Bearer test-secret")
			.containsEntry("Content-Type", "application/json");
		assertThat(r.body().get("idempotencyKey").asText()).isEqualTo("credits-hub:http1:nightly:2026-03-09");
		assertThat(r.body().get("amount").asText()).isEqualTo("50.00");
		assertThat(r.body().get("currency").asText()).isEqualTo("USD");
		assertThat(r.body().get("paymentMethod").asText()).isEqualTo("card:visa-4242-2030-12");
		assertThat(jdbc.sql("SELECT gateway_reference FROM recharge_attempt WHERE org_id = 'http1'")
			.query(String.class)
			.single()).startsWith("ch_");
	}

	@Test
	void aDeclineWith402IsAFailure() {
		openAccount("http2", "USD", "20.00", "50.00", "card:visa-0002-2030-12");
		purchase("http2", "USD", "10.00", "H-2");
		RechargeReport r = recharges.runNightly(NIGHT);
		assertThat(r.lines()).singleElement()
			.satisfies(l -> assertThat(l.detail()).isEqualTo("DECLINED: Your card was declined."));
		assertThat(balance("http2")).isEqualByComparingTo("10.00");
	}

	@Test
	void aServerErrorLeavesTheOutcomeUnknownAndTheNextNightReusesTheKey() {
		openAccount("http3", "USD", "20.00", "50.00", "card:visa-0500-2030-12");
		purchase("http3", "USD", "10.00", "H-3");
		assertThat(recharges.runNightly(NIGHT).lines()).singleElement()
			.satisfies(l -> assertThat(l.detail()).startsWith("GATEWAY_ERROR"));
		PROVIDER.healed.add("card:visa-0500-2030-12");
		assertThat(recharges.runNightly(NIGHT.plusDays(1)).count("SUCCEEDED")).isEqualTo(1);
		assertThat(PROVIDER.requestsFor("http3")).extracting(FakeProvider.Request::key)
			.containsOnly("credits-hub:http3:nightly:2026-03-09");
		assertThat(PROVIDER.charges("http3")).isEqualTo(1);
	}

	@Test
	void aTimeOutAfterTheProviderChargedIsNotChargedAgain() {
		openAccount("http4", "USD", "20.00", "50.00", "card:visa-0408-2030-12");
		purchase("http4", "USD", "10.00", "H-4");
		RechargeReport first = recharges.runNightly(NIGHT);
		assertThat(first.lines()).singleElement().satisfies(l -> assertThat(l.detail()).startsWith("TIMEOUT"));
		assertThat(PROVIDER.charges("http4")).isEqualTo(1); // it did charge
		assertThat(balance("http4")).isEqualByComparingTo("10.00");
		assertThat(recharges.runNightly(NIGHT.plusDays(1)).count("SUCCEEDED")).isEqualTo(1);
		assertThat(PROVIDER.charges("http4")).isEqualTo(1);
		assertThat(balance("http4")).isEqualByComparingTo("60.00");
	}

	/** A payment provider on 127.0.0.1: one charge per idempotency key. */
	static final class FakeProvider {

		record Request(String key, Map<String, String> headers, JsonNode body) {
		}

		final HttpServer server;

		final List<Request> requests = new CopyOnWriteArrayList<>();

		final Map<String, String> answers = new ConcurrentHashMap<>();

		final Map<String, String> chargedAccounts = new ConcurrentHashMap<>();

		final List<String> healed = new CopyOnWriteArrayList<>();

		final ObjectMapper json = new ObjectMapper();

		FakeProvider() {
			try {
				server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			server.setExecutor(Executors.newCachedThreadPool());
			server.createContext("/v1/charges", this::handle);
			server.start();
		}

		int port() {
			return server.getAddress().getPort();
		}

		List<Request> requestsFor(String account) {
			return requests.stream().filter(r -> r.body().get("account").asText().equals(account)).toList();
		}

		long charges(String account) {
			return chargedAccounts.values().stream().filter(account::equals).count();
		}

		private void handle(HttpExchange exchange) throws IOException {
			JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			Map<String, String> headers = new java.util.HashMap<>();
			for (String h : List.of("Idempotency-Key", "Authorization", "Content-Type")) {
				headers.put(h, exchange.getRequestHeaders().getFirst(h));
			}
			requests.add(new Request(key, headers, body));
			String pm = body.get("paymentMethod").asText();
			String replay = answers.get(key);
			if (replay != null) {
				respond(exchange, 200, replay);
				return;
			}
			if (pm.contains("-0500-") && !healed.contains(pm)) {
				respond(exchange, 500, "{\"error\":\"internal\"}");
				return;
			}
			if (pm.contains("-0002-")) {
				respond(exchange, 402,
						"{\"status\":\"declined\",\"code\":\"declined\",\"message\":\"Your card was declined.\"}");
				return;
			}
			String answer = "{\"status\":\"approved\",\"reference\":\"ch_" + (answers.size() + 1) + "\"}";
			answers.put(key, answer);
			chargedAccounts.put(key, body.get("account").asText());
			if (pm.contains("-0408-") && requestsFor(body.get("account").asText()).size() == 1) {
				try {
					Thread.sleep(1500); // charged, but answers after the hub gave up
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			respond(exchange, 200, answer);
		}

		private static void respond(HttpExchange exchange, int status, String text) throws IOException {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			try {
				exchange.sendResponseHeaders(status, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
			catch (IOException closed) {
				// the client timed out and went away
			}
		}

	}

}
