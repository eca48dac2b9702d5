package io.creditshub.recharge;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.recharge.SimulatedPaymentGateway.Behaviour;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulated gateway's card rules: a card is good through the last instant of its
 * expiry month (UTC).
 */
class SimulatedPaymentGatewayTest {

	@ParameterizedTest(name = "[{index}] {0} at {1} ({2}) -> {3}")
	@CsvSource(textBlock = """
			card:visa-4242-2027-08, 2027-08-31T23:59:59Z, NORMAL,  APPROVED
			card:visa-4242-2027-08, 2027-09-01T00:00:00Z, NORMAL,  CARD_EXPIRED
			card:visa-4242-2027-08, 2026-01-01T00:00:00Z, DECLINE, DECLINED
			card:visa-4242-2027-08, 2028-01-01T00:00:00Z, DECLINE, CARD_EXPIRED
			card:amex-0005-2024-02, 2024-02-29T12:00:00Z, NORMAL,  APPROVED
			card:visa-4242-2027-13, 2026-01-01T00:00:00Z, NORMAL,  INVALID_PAYMENT_METHOD
			iban:DE89370400440532013000, 2026-01-01T00:00:00Z, NORMAL, INVALID_PAYMENT_METHOD
			card:visa-42-2027-08,   2026-01-01T00:00:00Z, NORMAL,  INVALID_PAYMENT_METHOD
			""")
	void cardRules(String method, String at, Behaviour behaviour, String code) {
		ChargeResult r = SimulatedPaymentGateway.decide(method, behaviour, Instant.parse(at));
		assertThat(r.code()).isEqualTo(code);
		assertThat(r.status())
			.isEqualTo(code.equals("APPROVED") ? ChargeResult.Status.APPROVED : ChargeResult.Status.DECLINED);
		if (code.equals("APPROVED")) {
			assertThat(r.gatewayReference()).startsWith("sim_");
		}
	}

	@ParameterizedTest
	@CsvSource(nullValues = "null", value = { "null", "''" })
	void noMethodIsInvalid(String method) {
		assertThat(SimulatedPaymentGateway.decide(method, Behaviour.NORMAL, Instant.EPOCH).code())
			.isEqualTo("INVALID_PAYMENT_METHOD");
	}

}
