package io.creditshub.funds;

import java.math.BigDecimal;
import java.time.Instant;

/** A rated call to be paid from funds: what the ledger needs of it. */
public record UsageCharge(String usageId, String callId, Instant startedAt, BigDecimal amount, int line) {
}
