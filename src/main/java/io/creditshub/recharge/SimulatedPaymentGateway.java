package io.creditshub.recharge;

import io.creditshub.config.LifecycleProperties;
import io.creditshub.persistence.Sql;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The built-in payment gateway for demos and tests. Payment methods are card references
 * {@code card:<brand>-<last4>-<yyyy>-<mm>} (the card's expiry month): a card past its
 * expiry month is declined (CARD_EXPIRED), anything else that is not such a reference is
 * declined (INVALID_PAYMENT_METHOD). It can be told (configuration, or {@link #behave} in
 * tests) to decline a method, to time out without charging, or to charge and then time
 * out. Its charges are kept in the table simulated_gateway_charge, by idempotency key: a
 * key seen before returns the first answer and charges nothing more, like a real gateway.
 */
public class SimulatedPaymentGateway implements PaymentGateway {

	/** What the simulated gateway does with a payment method. */
	public enum Behaviour {

		/** Validate the card and charge it. */
		NORMAL,
		/** Decline (DECLINED, "do not honor"). */
		DECLINE,
		/** Time out before charging. */
		TIMEOUT,
		/**
		 * Charge, then time out before answering: the hub does not know the charge
		 * happened.
		 */
		CHARGE_THEN_TIMEOUT

	}

	static final Pattern CARD = Pattern.compile("card:([a-z]+)-(\\d{4})-(\\d{4})-(\\d{2})");

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	public SimulatedPaymentGateway(JdbcClient jdbc, Clock clock, LifecycleProperties.Payment.Simulated config) {
		this.jdbc = jdbc;
		this.clock = clock;
		config.getDeclinedMethods().forEach(m -> behaviours.put(m, Behaviour.DECLINE));
		config.getTimeoutMethods().forEach(m -> behaviours.put(m, Behaviour.TIMEOUT));
	}

	/** Tells the gateway how to treat a payment method from now on. */
	public void behave(String paymentMethod, Behaviour behaviour) {
		behaviours.put(paymentMethod, behaviour);
	}

	@Override
	public String name() {
		return "simulated";
	}

	@Override
	public ChargeResult charge(ChargeRequest request) {
		Optional<ChargeResult> replay = find(request.idempotencyKey());
		if (replay.isPresent()) {
			return replay.get();
		}
		Behaviour behaviour = behaviours.getOrDefault(request.paymentMethod(), Behaviour.NORMAL);
		if (behaviour == Behaviour.TIMEOUT) {
			return ChargeResult.unknown("TIMEOUT", "the payment gateway did not answer in time");
		}
		ChargeResult result = decide(request.paymentMethod(), behaviour, clock.instant());
		ChargeResult stored = store(request, result);
		if (behaviour == Behaviour.CHARGE_THEN_TIMEOUT) {
			return ChargeResult.unknown("TIMEOUT", "the payment gateway did not answer in time");
		}
		return stored;
	}

	/** The card rules, pure. */
	static ChargeResult decide(String paymentMethod, Behaviour behaviour, Instant now) {
		Matcher m = paymentMethod == null ? null : CARD.matcher(paymentMethod);
		if (m == null || !m.matches()) {
			return ChargeResult.declined("INVALID_PAYMENT_METHOD",
					"payment method '" + paymentMethod + "' is not a card reference card:<brand>-<last4>-<yyyy>-<mm>");
		}
		YearMonth validThru;
		try {
			validThru = YearMonth.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
		}
		catch (java.time.DateTimeException e) {
			return ChargeResult.declined("INVALID_PAYMENT_METHOD",
					"card expiry " + m.group(3) + "-" + m.group(4) + " is not a month");
		}
		if (YearMonth.from(now.atOffset(ZoneOffset.UTC)).isAfter(validThru)) {
			return ChargeResult.declined("CARD_EXPIRED",
					"the card " + m.group(1) + " ending " + m.group(2) + " expired in " + validThru);
		}
		if (behaviour == Behaviour.DECLINE) {
			return ChargeResult.declined("DECLINED", "the card issuer declined the payment (do not honor)");
		}
		return ChargeResult.approved("sim_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
	}

	private Optional<ChargeResult> find(String key) {
		return jdbc
			.sql("SELECT status, code, message, reference FROM simulated_gateway_charge WHERE idempotency_key = :k")
			.param("k", key)
			.query((rs, i) -> new ChargeResult(ChargeResult.Status.valueOf(rs.getString("status")),
					rs.getString("code"), rs.getString("message"), rs.getString("reference")))
			.optional();
	}

	private ChargeResult store(ChargeRequest r, ChargeResult result) {
		try {
			jdbc.sql(
					"""
							INSERT INTO simulated_gateway_charge (idempotency_key, org_id, payment_method, amount, currency, status,
							  code, message, reference, charged_at)
							VALUES (:k, :org, :pm, :amount, :currency, :status, :code, :message, :ref, :at)""")
				.param("k", r.idempotencyKey())
				.param("org", r.orgId())
				.param("pm", r.paymentMethod())
				.param("amount", r.amount())
				.param("currency", r.currency())
				.param("status", result.status().name())
				.param("code", result.code())
				.param("message", Sql.fit(result.message(), 500))
				.param("ref", result.gatewayReference())
				.param("at", Sql.ts(clock.instant()))
				.update();
			return result;
		}
		catch (DuplicateKeyException race) {
			return find(r.idempotencyKey()).orElseThrow(); // the same key at the same
															// moment: one answer
		}
	}

}
