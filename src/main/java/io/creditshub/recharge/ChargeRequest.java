package io.creditshub.recharge;

import java.math.BigDecimal;

/**
 * One charge: the idempotency key is stored before the gateway is called and sent with
 * every try.
 */
public record ChargeRequest(String idempotencyKey, String orgId, String paymentMethod, BigDecimal amount,
		String currency, String description) {
}
