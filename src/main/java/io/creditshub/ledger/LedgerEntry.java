package io.creditshub.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/** A posted ledger entry, as read back (see {@link NewEntry} for the columns). */
public record LedgerEntry(long entryId, String orgId, EntryType type, BigDecimal amount, BigDecimal unfundedAmount,
		String unfundedReason, String currency, Long lotId, String usageId, String reference, Long fileId, Integer line,
		Instant occurredAt, Instant postedAt, String funding, String poolType, String poolCountry, String poolMonth,
		Integer poolMinutes, BigDecimal creditsDue) {
}
