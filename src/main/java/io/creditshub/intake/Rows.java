package io.creditshub.intake;

import java.math.BigDecimal;

/** Small parsing helpers for row values; each failure message names the column and the value. */
public final class Rows {

	private static final int ECHO = 60;

	private Rows() {
	}

	/** A value cut short for an error message (control characters shown as \\u0000, line breaks as spaces). */
	public static String echo(String value) {
		if (value == null) {
			return "";
		}
		String v = printable(value.replace('\n', ' ').replace('\r', ' '));
		return v.length() <= ECHO ? v : v.substring(0, ECHO) + "...(" + v.length() + " chars)";
	}

	/**
	 * The text with every character a database cannot store or a reader cannot see escaped as {@code \\uXXXX}: C0
	 * control characters other than tab and line breaks (NUL above all: PostgreSQL text cannot hold it), DEL, and
	 * unpaired surrogates.
	 */
	public static String printable(String s) {
		if (s == null) {
			return null;
		}
		int bad = firstUnstorable(s);
		if (bad < 0) {
			return s;
		}
		StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, bad);
		for (int i = bad; i < s.length(); i++) {
			char c = s.charAt(i);
			if (unstorable(s, i)) {
				b.append(String.format("\\u%04X", (int) c));
			}
			else {
				b.append(c);
			}
		}
		return b.toString();
	}

	/** The index of the first character that cannot be stored as text (see {@link #printable}), or -1. */
	public static int firstUnstorable(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (unstorable(s, i)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean unstorable(String s, int i) {
		char c = s.charAt(i);
		if (c < 0x20) {
			return c != '\t' && c != '\n' && c != '\r';
		}
		if (c == 0x7F) {
			return true;
		}
		if (Character.isHighSurrogate(c)) {
			return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
		}
		if (Character.isLowSurrogate(c)) {
			return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
		}
		return false;
	}

	public static String required(CsvInput.Row row, String column) {
		String v = row.get(column);
		if (v.isEmpty()) {
			throw new IllegalArgumentException(column + " is empty");
		}
		return v;
	}

	/**
	 * Java reads digits of every script (Arabic-Indic, Devanagari, full-width...) as numbers: "٦١" would be 61. The
	 * files the hub reads use ASCII digits; anything else is refused (issue 17, item 6).
	 */
	private static void asciiOnly(String column, String value, String what) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) > 127) {
				throw new IllegalArgumentException(column + " '" + echo(value) + "' is not " + what
						+ " written in ASCII digits");
			}
		}
	}

	public static BigDecimal decimal(String column, String value) {
		asciiOnly(column, value.strip(), "a number");
		try {
			BigDecimal d = new BigDecimal(value.strip());
			if (d.scale() > 9 || d.precision() - d.scale() > 15) {
				throw new IllegalArgumentException(column + " '" + echo(value) + "' has too many digits (at most 15 before and 9 after the point)");
			}
			return d;
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(column + " '" + echo(value) + "' is not a number");
		}
	}

	public static int integer(String column, String value) {
		asciiOnly(column, value.strip(), "a whole number");
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(column + " '" + echo(value) + "' is not a whole number");
		}
	}

	public static boolean bool(String column, String value) {
		String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
		return switch (v) {
			case "", "false", "no", "n", "0", "off" -> false;
			case "true", "yes", "y", "1", "on" -> true;
			default -> throw new IllegalArgumentException(column + " '" + echo(value) + "' is not true/false");
		};
	}

}
