package io.creditshub.intake;

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
	 * ISO-8601: an instant with Z or an offset and up to 9 fractional digits (Teams writes 7), a date-time without
	 * zone (taken as UTC), or a plain date (its start, UTC).
	 * @throws IllegalArgumentException naming the value when it is none of those
	 */
	public static Instant parse(String value) {
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

}
