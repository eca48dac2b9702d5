package io.creditshub.recharge;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A recharge attempt row (table recharge_attempt). */
public record Attempt(long attemptId, String orgId, String attemptKey, String kind, LocalDate businessDate,
		String idempotencyKey, BigDecimal amount, String currency, String paymentMethod, String status,
		String outcomeCode, String outcomeMessage, String gatewayReference, Long lotId, String claimedBy,
		String claimToken, Instant claimedAt, Instant createdAt, Instant completedAt) {
}
