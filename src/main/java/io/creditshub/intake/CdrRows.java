package io.creditshub.intake;

import static io.creditshub.intake.CdrFileLoader.*;

import io.creditshub.accounts.Organization;
import io.creditshub.calls.CallRater;
import io.creditshub.calls.CallRecord;
import io.creditshub.calls.CallType;
import io.creditshub.config.CreditsProperties;
import io.creditshub.rating.RateTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One row of a Teams PSTN usage export (FORMATS.md section 1): checked (field count,
 * storable text and widths, the required values, plausible times and duration) and rated
 * against the rate table in force (DOMAIN rules 6 and 7), or refused with the reason its
 * rejects line gives. Plain Java: no database, no Spring; {@link CdrFileLoader} batches,
 * records and charges what it returns.
 */
final class CdrRows {

	private final CreditsProperties.Intake intake;

	CdrRows(CreditsProperties.Intake intake) {
		this.intake = intake;
	}

	/**
	 * The stored columns and their widths (table call_record). A longer value is rejected
	 * with its reason rather than cut short (issue 17, item 6), and a value with a
	 * character no database can store (NUL above all: PostgreSQL text cannot hold it, and
	 * the whole file failed on every run) is rejected on both databases (item 4).
	 */
	private static final Map<String, Integer> WIDTHS = widths();

	private static Map<String, Integer> widths() {
		Map<String, Integer> w = new java.util.LinkedHashMap<>();
		w.put(USAGE_ID, 100);
		w.put(CALL_ID, 100);
		w.put(CONFERENCE_ID, 100);
		w.put(USER_LOCATION, 8);
		w.put(OBJECT_ID, 100);
		w.put(UPN, 300);
		w.put(DISPLAY_NAME, 300);
		w.put(CALLER_ID, 64);
		w.put(CALL_TYPE, 32);
		w.put(NUMBER_TYPE, 32);
		w.put(DOMESTIC, 32);
		w.put(DESTINATION_DIALED, 200);
		w.put(DESTINATION_NUMBER, 64);
		w.put(START, 64);
		w.put(END, 64);
		w.put(DURATION, 32);
		w.put(CONNECTION_FEE, 64);
		w.put(CHARGE, 64);
		w.put(CURRENCY, 3);
		w.put(CAPABILITY, 64);
		return java.util.Collections.unmodifiableMap(w);
	}

	/**
	 * The key of a call: a GUID UsageId (as Teams writes them, compared without regard to
	 * case: issue 17, item 6) in lower case, so that an upper-case copy of a call is the
	 * same call, charged once (DOMAIN rule 10); any other UsageId as written.
	 */
	static String usageKey(String usageId) {
		return io.creditshub.calls.UsageKeys.isGuid(usageId, true) ? usageId.toLowerCase(java.util.Locale.ROOT)
				: usageId;
	}

	private static void storable(CsvInput.Row row) {
		for (Map.Entry<String, Integer> c : WIDTHS.entrySet()) {
			String v = row.get(c.getKey());
			if (v == null || v.isEmpty()) {
				continue;
			}
			int bad = Rows.firstUnstorable(v);
			if (bad >= 0) {
				throw new IllegalArgumentException(
						c.getKey() + " contains a control character (" + String.format("U+%04X", (int) v.charAt(bad))
								+ " at position " + (bad + 1) + ") that cannot be stored: '" + Rows.echo(v) + "'");
			}
			if (v.length() > c.getValue()) {
				throw new IllegalArgumentException(c.getKey() + " is longer than " + c.getValue() + " characters ("
						+ v.length() + "): '" + Rows.echo(v) + "'");
			}
		}
	}

	/** Validates and rates one row. @throws IllegalArgumentException with the reason */
	CallRecord parse(CsvInput.Row row, Organization org, long fileId, RateTable table, Instant latestStart,
			Map<String, Integer> otherCurrency, io.creditshub.calls.CallNumbers numbers) {
		if (!row.consistent()) {
			throw new IllegalArgumentException("has " + row.size() + " fields, the header has " + row.expectedSize());
		}
		storable(row);
		String usageId = usageKey(Rows.required(row, USAGE_ID));
		String callId = Rows.required(row, CALL_ID);
		String currency = row.optional(CURRENCY);
		if (currency != null && !currency.equalsIgnoreCase(org.currency())) {
			// the hub rates every call itself, in the organization's currency; the
			// producer's Currency only says in
			// what its own Charge is (FORMATS.md section 1). Accepted, and said in the
			// file's summary (issue 17 item 6)
			otherCurrency.merge(currency.toUpperCase(java.util.Locale.ROOT), 1, Integer::sum);
		}
		CallType type = CallType.parse(Rows.required(row, CALL_TYPE));
		Instant start = Times.parse(Rows.required(row, START));
		Instant end = Times.parse(Rows.required(row, END));
		if (end.isBefore(start)) {
			throw new IllegalArgumentException(END + " " + end + " is before " + START + " " + start);
		}
		if (start.isBefore(EARLIEST) || start.isAfter(latestStart)) {
			throw new IllegalArgumentException(
					START + " " + start + " is not a plausible call time (before " + EARLIEST + " or in the future)");
		}
		int duration = Rows.integer(DURATION, Rows.required(row, DURATION));
		if (duration < 0) {
			throw new IllegalArgumentException(DURATION + " is negative (" + duration + ")");
		}
		if (duration > intake.getMaxCallSeconds()) {
			throw new IllegalArgumentException(DURATION + " " + duration + " is longer than the longest call accepted ("
					+ intake.getMaxCallSeconds() + " s, credits.intake.max-call-seconds)");
		}
		long span = Duration.between(start, end).toSeconds();
		if (duration > span + intake.getDurationToleranceSeconds()) {
			throw new IllegalArgumentException(DURATION + " " + duration + " is longer than End Time - Start Time ("
					+ span + " s): refusing to over-charge");
		}
		String number = row.optional(DESTINATION_NUMBER);
		CallRecord.Rating rating = CallRater.rate(type, number, start, duration, table, org.currency());
		return new CallRecord(org.orgId(), usageId, callId, row.optional(CONFERENCE_ID), row.optional(USER_LOCATION),
				fileId, (int) row.line(), row.optional(OBJECT_ID), row.optional(UPN), row.optional(DISPLAY_NAME),
				row.optional(CALLER_ID), type, row.optional(NUMBER_TYPE), row.optional(DOMESTIC),
				row.optional(DESTINATION_DIALED), number, start, end, duration, producerAmount(row.get(CHARGE)),
				producerAmount(row.get(CONNECTION_FEE)), row.optional(CURRENCY), row.optional(CAPABILITY), rating,
				numbers.next(), io.creditshub.calls.UsageKeys.key(org.orgId(), usageId));
	}

	/**
	 * The producer's figures are kept for comparison only; an unreadable one is kept as
	 * empty, not a reject.
	 */
	private static BigDecimal producerAmount(String value) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			return Rows.decimal("producer amount", value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

}
