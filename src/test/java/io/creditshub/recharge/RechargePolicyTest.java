package io.creditshub.recharge;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.recharge.RechargePolicy.Candidate;
import io.creditshub.recharge.RechargePolicy.Decision;
import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DOMAIN rule 4 and its guard rails: which account is charged, and why not. */
class RechargePolicyTest {

	static Candidate candidate(boolean auto, String balance, String trigger, String amount, String pm, int recent,
			boolean paused) {
		return new Candidate("org", auto, new BigDecimal(balance), trigger == null ? null : new BigDecimal(trigger),
				amount == null ? null : new BigDecimal(amount), pm, recent, 0, paused);
	}

	@ParameterizedTest(
			name = "[{index}] auto={0} balance={1} trigger={2} amount={3} pm={4} recent={5} paused={6} -> {7}")
	@CsvSource(nullValues = "null", textBlock = """
			# balance below the trigger, everything in order: charge
			true,  9.99,  10.00, 50.00, card:visa-4242-2030-12, 0, false, CHARGE
			true,  0,     10.00, 50.00, card:visa-4242-2030-12, 4, false, CHARGE
			# not below the trigger: at the trigger is not below
			true,  10.00, 10.00, 50.00, card:visa-4242-2030-12, 0, false, NOT_NEEDED
			true,  10.01, 10.00, 50.00, card:visa-4242-2030-12, 0, false, NOT_NEEDED
			# auto-recharge off, or settings incomplete
			false, 1.00,  10.00, 50.00, card:visa-4242-2030-12, 0, false, NOT_NEEDED
			true,  1.00,  null,  50.00, card:visa-4242-2030-12, 0, false, NOT_NEEDED
			true,  1.00,  10.00, null,  card:visa-4242-2030-12, 0, false, NOT_NEEDED
			true,  1.00,  10.00, 0,     card:visa-4242-2030-12, 0, false, NOT_NEEDED
			# guard rails
			true,  1.00,  10.00, 50.00, card:visa-4242-2030-12, 5, false, LIMIT_REACHED
			true,  1.00,  10.00, 50.00, card:visa-4242-2030-12, 9, false, LIMIT_REACHED
			true,  1.00,  10.00, 50.00, card:visa-4242-2030-12, 0, true,  PAUSED
			# no payment method: a failure to report, not a gateway call
			true,  1.00,  10.00, 50.00, null,                   0, false, NO_PAYMENT_METHOD
			true,  1.00,  10.00, 50.00, '  ',                   0, false, NO_PAYMENT_METHOD
			# a pause wins over the missing payment method (no email every night)
			true,  1.00,  10.00, 50.00, null,                   0, true,  PAUSED
			""")
	void decide(boolean auto, String balance, String trigger, String amount, String pm, int recent, boolean paused,
			Decision expected) {
		assertThat(RechargePolicy.decide(candidate(auto, balance, trigger, amount, pm, recent, paused), 5))
			.isEqualTo(expected);
	}

	@Nested
	class ConsecutiveFailures {

		@Test
		void theThirdFailureInARowOfOneMethodPauses() {
			assertThat(RechargePolicy.afterFailure(0, null, false, "card:a", 3))
				.isEqualTo(new RechargePolicy.FailureCount(1, false));
			assertThat(RechargePolicy.afterFailure(1, "card:a", false, "card:a", 3))
				.isEqualTo(new RechargePolicy.FailureCount(2, false));
			assertThat(RechargePolicy.afterFailure(2, "card:a", false, "card:a", 3))
				.isEqualTo(new RechargePolicy.FailureCount(3, true));
		}

		@Test
		void aFailureOfAnotherMethodStartsCountingAgain() {
			assertThat(RechargePolicy.afterFailure(2, "card:old", false, "card:new", 3))
				.isEqualTo(new RechargePolicy.FailureCount(1, false));
		}

		@Test
		void anAlreadyPausedAccountDoesNotPauseAgain() {
			assertThat(RechargePolicy.afterFailure(3, "card:a", true, "card:a", 3).pauseNow()).isFalse();
		}

		@Test
		void noPaymentMethodCountsLikeAnyMethod() {
			assertThat(RechargePolicy.afterFailure(2, null, false, "", 3))
				.isEqualTo(new RechargePolicy.FailureCount(3, true));
		}

		@Test
		void oneFailureMayPauseWhenTheLimitIsOne() {
			assertThat(RechargePolicy.afterFailure(0, null, false, "card:a", 1).pauseNow()).isTrue();
		}

	}

	@ParameterizedTest
	@CsvSource({ "TIMEOUT,true", "GATEWAY_ERROR,true", "DECLINED,false", "CARD_EXPIRED,false",
			"NO_PAYMENT_METHOD,false", "APPROVED,false" })
	void theKeyIsReusedOnlyAfterAnUnknownOutcome(String code, boolean reuse) {
		assertThat(RechargePolicy.outcomeUnknown(code)).isEqualTo(reuse);
	}

}
