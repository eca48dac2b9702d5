package io.creditshub.recharge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditshub.money.Money;
import io.creditshub.config.LifecycleProperties;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * A payment gateway over HTTP: POSTs a JSON charge request to
 * {@code credits.payment.http.url} with the idempotency key in the body and in the
 * {@code Idempotency-Key} header, and reads the JSON answer.
 *
 * <pre>
 * request:  {"idempotencyKey": "...", "account": "contoso", "paymentMethod": "card:visa-4242-2027-08",
 *            "amount": "50.00", "currency": "USD", "description": "..."}
 * answer:   {"status": "approved", "reference": "ch_123"}
 *           {"status": "declined", "code": "CARD_EXPIRED", "message": "..."}
 * </pre>
 *
 * 2xx and 402 carry an answer; other 4xx are declines of the request (INVALID_REQUEST);
 * 5xx, a time-out or a connection failure leave the outcome unknown (the next try re-uses
 * the key).
 */
public class HttpPaymentGateway implements PaymentGateway {

	private final HttpClient client;

	private final URI url;

	private final String token;

	private final LifecycleProperties.Payment.Http config;

	private final ObjectMapper json = new ObjectMapper();

	public HttpPaymentGateway(LifecycleProperties.Payment.Http config) {
		if (config.getUrl() == null || config.getUrl().isBlank()) {
			throw new IllegalStateException("credits.payment.gateway=http needs credits.payment.http.url");
		}
		this.config = config;
		this.url = URI.create(config.getUrl());
		this.token = config.getToken();
		this.client = HttpClient.newBuilder().connectTimeout(config.getConnectTimeout()).build();
	}

	@Override
	public String name() {
		return "http " + url;
	}

	@Override
	public ChargeResult charge(ChargeRequest r) {
		ObjectNode body = json.createObjectNode();
		body.put("idempotencyKey", r.idempotencyKey());
		body.put("account", r.orgId());
		body.put("paymentMethod", r.paymentMethod());
		body.put("amount", plain(r.amount(), r.currency()));
		body.put("currency", r.currency());
		body.put("description", r.description());
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(config.getReadTimeout())
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Idempotency-Key", r.idempotencyKey())
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response;
		try {
			response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException e) {
			return ChargeResult.unknown("TIMEOUT",
					"the payment gateway did not answer within " + config.getReadTimeout().toSeconds() + " s");
		}
		catch (IOException e) {
			return ChargeResult.unknown("GATEWAY_ERROR", "cannot reach the payment gateway: " + e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return ChargeResult.unknown("GATEWAY_ERROR", "interrupted while waiting for the payment gateway");
		}
		return read(response.statusCode(), response.body());
	}

	ChargeResult read(int status, String text) {
		if (status >= 500) {
			return ChargeResult.unknown("GATEWAY_ERROR", "the payment gateway answered HTTP " + status);
		}
		JsonNode answer;
		try {
			answer = json.readTree(text == null || text.isBlank() ? "{}" : text);
		}
		catch (IOException e) {
			return ChargeResult.unknown("GATEWAY_ERROR",
					"unreadable answer from the payment gateway (HTTP " + status + ")");
		}
		String outcome = answer.path("status").asText("").toLowerCase(Locale.ROOT);
		String message = answer.path("message").asText("");
		if ((status / 100 == 2) && outcome.equals("approved")) {
			return ChargeResult.approved(answer.path("reference").asText(null));
		}
		if ((status / 100 == 2 || status == 402) && outcome.equals("declined")) {
			String code = answer.path("code").asText("DECLINED").toUpperCase(Locale.ROOT);
			return ChargeResult.declined(code, message.isBlank() ? "declined" : message);
		}
		if (status / 100 == 4) {
			return ChargeResult.declined("INVALID_REQUEST", "the payment gateway refused the request (HTTP " + status
					+ ")" + (message.isBlank() ? "" : ": " + message));
		}
		return ChargeResult.unknown("GATEWAY_ERROR",
				"unexpected answer from the payment gateway (HTTP " + status + ")");
	}

	/**
	 * The amount as the gateway expects it: a decimal string at the currency's minor unit
	 * (more only if needed).
	 */
	static String plain(BigDecimal amount, String currency) {
		int minor = Money.minorUnitDigits(currency);
		BigDecimal stripped = amount.stripTrailingZeros();
		return amount.setScale(Math.max(minor, Math.max(0, stripped.scale()))).toPlainString();
	}

}
