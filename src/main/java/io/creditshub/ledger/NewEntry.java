package io.creditshub.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A ledger entry about to be posted. {@code amount} is the signed balance movement; {@code usageId} is set
 * only on usage entries (unique per organization, DOMAIN rule 10). Usage entries also say how the call was paid:
 * {@code funding} (POOL, CREDITS, UNFUNDED and combinations), the pool and the minutes it covered, and
 * {@code creditsDue}, the part of the price left for credits after included minutes.
 */
public record NewEntry(String orgId, EntryType type, BigDecimal amount, BigDecimal unfundedAmount,
		String unfundedReason, String currency, Long lotId, String usageId, String reference, Long fileId,
		Integer line, Instant occurredAt, String funding, String poolType, String poolCountry, String poolMonth,
		Integer poolMinutes, BigDecimal creditsDue) {

	/** A money movement that is not a call: purchase, recharge, expiry, adjustment. */
	public static NewEntry movement(String orgId, EntryType type, BigDecimal amount, String currency, Long lotId,
			String reference, Long fileId, Integer line, Instant occurredAt) {
		return new NewEntry(orgId, type, amount, BigDecimal.ZERO, null, currency, lotId, null, reference, fileId, line,
				occurredAt, null, null, null, null, null, null);
	}

}
