package io.creditshub.recharge;

/**
 * What the gateway answered. {@code UNKNOWN} (a time-out, a 5xx, a connection error)
 * means the charge may or may not have happened: the attempt fails, and the next one
 * re-uses the same idempotency key so that it can never charge twice.
 */
public record ChargeResult(Status status, String code, String message, String gatewayReference) {

	public enum Status {

		APPROVED, DECLINED, UNKNOWN

	}

	public static ChargeResult approved(String reference) {
		return new ChargeResult(Status.APPROVED, "APPROVED", "approved", reference);
	}

	public static ChargeResult declined(String code, String message) {
		return new ChargeResult(Status.DECLINED, code, message, null);
	}

	public static ChargeResult unknown(String code, String message) {
		return new ChargeResult(Status.UNKNOWN, code, message, null);
	}

}
