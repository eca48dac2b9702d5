package io.creditshub.recharge;

import java.math.BigDecimal;

/**
 * DOMAIN rule 4 and its guard rails, as a pure decision on one account's figures: charge
 * it, or why not.
 */
public final class RechargePolicy {

	private RechargePolicy() {
	}

	/** One account as the candidate query sees it. */
	public record Candidate(String orgId, boolean autoRecharge, BigDecimal balance, BigDecimal trigger,
			BigDecimal amount, String paymentMethod, int recentRecharges, int consecutiveFailures, boolean paused) {
	}

	public enum Decision {

		/** Charge the recharge amount. */
		CHARGE,
		/**
		 * Auto-recharge off, settings incomplete, or the balance is not below the
		 * trigger.
		 */
		NOT_NEEDED,
		/** Paused after consecutive failures, until the payment method changes. */
		PAUSED,
		/** Already {@code max} automatic recharges in the last 30 days. */
		LIMIT_REACHED,
		/**
		 * Auto-recharge is on but there is no payment method: a failure the admins are
		 * told about, no gateway call.
		 */
		NO_PAYMENT_METHOD

	}

	public static Decision decide(Candidate c, int maxPer30Days) {
		if (!c.autoRecharge() || c.trigger() == null || c.amount() == null || c.amount().signum() <= 0
				|| c.balance().compareTo(c.trigger()) >= 0) {
			return Decision.NOT_NEEDED;
		}
		if (c.paused()) {
			return Decision.PAUSED;
		}
		if (c.paymentMethod() == null || c.paymentMethod().isBlank()) {
			return Decision.NO_PAYMENT_METHOD;
		}
		if (c.recentRecharges() >= maxPer30Days) {
			return Decision.LIMIT_REACHED;
		}
		return Decision.CHARGE;
	}

	/**
	 * After a failure: how many consecutive failures the account now has (a failure of
	 * another payment method than the one counted so far starts again at 1) and whether
	 * auto-recharge pauses now.
	 */
	public record FailureCount(int failures, boolean pauseNow) {
	}

	public static FailureCount afterFailure(int failuresSoFar, String countedMethod, boolean alreadyPaused,
			String failedMethod, int maxConsecutiveFailures) {
		boolean same = java.util.Objects.equals(blankToNull(countedMethod), blankToNull(failedMethod));
		int failures = same ? failuresSoFar + 1 : 1;
		boolean pauseNow = !(same && alreadyPaused) && failures >= maxConsecutiveFailures;
		return new FailureCount(failures, pauseNow);
	}

	/**
	 * Outcome codes after which the charge may have happened: the next try must re-use
	 * the idempotency key.
	 */
	public static boolean outcomeUnknown(String code) {
		return "TIMEOUT".equals(code) || "GATEWAY_ERROR".equals(code);
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}

}
