package io.creditshub.recharge;

/**
 * Charges an account's payment method. Implementations must be idempotent on
 * {@link ChargeRequest#idempotencyKey()}: a request with a key the gateway has seen
 * returns the first answer and charges nothing more (that is what makes a retry after a
 * crash or a time-out safe). Two adapters: {@link SimulatedPaymentGateway} and
 * {@link HttpPaymentGateway}.
 */
public interface PaymentGateway {

	/** Never throws for a business outcome: declines and time-outs are results. */
	ChargeResult charge(ChargeRequest request);

	String name();

}
