package io.creditshub.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A ledger entry about to be posted. {@code amount} is the signed balance movement; {@code usageId} is set
 * only on usage entries (unique per organization, DOMAIN rule 10).
 */
public record NewEntry(String orgId, EntryType type, BigDecimal amount, BigDecimal unfundedAmount,
		String unfundedReason, String currency, Long lotId, String usageId, String reference, Long fileId,
		Integer line, Instant occurredAt) {
}
