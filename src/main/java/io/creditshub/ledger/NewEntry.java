package io.creditshub.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A ledger entry about to be posted. {@code amount} is the signed balance movement;
 * {@code callNo} is set only on usage entries: the number of the call it pays
 * (call_record.call_no; the call's key, unique per organization, is on call_record alone:
 * DOMAIN rule 10, issue 14). Usage entries also say how the call was paid:
 * {@code funding} (POOL, CREDITS, UNFUNDED and combinations), the pool and the minutes it
 * covered, and {@code creditsDue}, the part of the price left for credits after included
 * minutes. {@code bookMonth} (yyyy-MM) is the month whose books the entry belongs to
 * (DOMAIN rule 9); null: the month of {@code occurredAt}.
 */
public record NewEntry(String orgId, EntryType type, BigDecimal amount, BigDecimal unfundedAmount,
		String unfundedReason, String currency, Long lotId, Long callNo, String reference, Long fileId, Integer line,
		Instant occurredAt, String funding, String poolType, String poolCountry, String poolMonth, Integer poolMinutes,
		BigDecimal creditsDue, String bookMonth) {

	/**
	 * An entry whose books month is its business time's ({@code bookMonth} null; DOMAIN
	 * rule 9, {@link BookPeriods}).
	 */
	public NewEntry(String orgId, EntryType type, BigDecimal amount, BigDecimal unfundedAmount, String unfundedReason,
			String currency, Long lotId, Long callNo, String reference, Long fileId, Integer line, Instant occurredAt,
			String funding, String poolType, String poolCountry, String poolMonth, Integer poolMinutes,
			BigDecimal creditsDue) {
		this(orgId, type, amount, unfundedAmount, unfundedReason, currency, lotId, callNo, reference, fileId, line,
				occurredAt, funding, poolType, poolCountry, poolMonth, poolMinutes, creditsDue, null);
	}

	/** A money movement that is not a call: purchase, recharge, expiry, adjustment. */
	public static NewEntry movement(String orgId, EntryType type, BigDecimal amount, String currency, Long lotId,
			String reference, Long fileId, Integer line, Instant occurredAt) {
		return movement(orgId, type, amount, currency, lotId, reference, fileId, line, occurredAt, null);
	}

	/**
	 * A money movement booked to {@code bookMonth} (yyyy-MM; DOMAIN rule 9,
	 * {@link BookPeriods}).
	 */
	public static NewEntry movement(String orgId, EntryType type, BigDecimal amount, String currency, Long lotId,
			String reference, Long fileId, Integer line, Instant occurredAt, String bookMonth) {
		return new NewEntry(orgId, type, amount, BigDecimal.ZERO, null, currency, lotId, null, reference, fileId, line,
				occurredAt, null, null, null, null, null, null, bookMonth);
	}

}
