package io.creditshub.intake;

import io.creditshub.intake.Rows;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the timestamps found in intake files. */
public final class Times {

	private Times() {
	}

	/**
	 * ISO-8601: an instant with Z or an offset and up to 9 fractional digits (Teams
	 * writes 7), a date-time without zone (taken as UTC), or a plain date (its start,
	 * UTC).
	 * @throws IllegalArgumentException naming the value when it is none of those
	 */
	public static Instant parse(String value) {
		Instant fast = utcInstant(value);
		if (fast != null) {
			return fast;
		}
		String s = value.strip();
		try {
			if (s.length() == 10) {
				return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			char last = s.charAt(s.length() - 1);
			if (last == 'Z' || last == 'z') {
				return Instant.parse(s.toUpperCase(java.util.Locale.ROOT));
			}
			if (s.length() > 19 && (s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10)) {
				return OffsetDateTime.parse(s).toInstant();
			}
			return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
			throw new IllegalArgumentException("not an ISO-8601 time: '" + Rows.echo(value) + "'");
		}
	}

	/**
	 * The common case without the general parser (a CDR file has two per row): exactly
	 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, as Teams writes it. Anything else, or a
	 * value out of range, returns null and goes to the general parser, which gives the
	 * same instant or the error.
	 */
	static Instant utcInstant(String s) {
		int n = s.length();
		if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
				|| s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
			return null;
		}
		int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2), hour = digits(s, 11, 2),
				minute = digits(s, 14, 2), second = digits(s, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1
				|| day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour < 0 || hour > 23
				|| minute < 0 || minute > 59 || second < 0 || second > 59) {
			return null;
		}
		int nanos = 0;
		if (n > 20) {
			int fractionDigits = n - 21;
			if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
				return null;
			}
			int f = digits(s, 20, fractionDigits);
			if (f < 0) {
				return null;
			}
			nanos = f;
			for (int i = fractionDigits; i < 9; i++) {
				nanos *= 10;
			}
		}
		long days = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(days * 86_400L + hour * 3600 + minute * 60 + second, nanos);
	}

	/** The number written by {@code count} ASCII digits at {@code from}, or -1. */
	private static int digits(String s, int from, int count) {
		int v = 0;
		for (int i = from; i < from + count; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			v = v * 10 + (c - '0');
		}
		return v;
	}

}
