package io.creditshub.intake;

import java.math.BigDecimal;

/** Small parsing helpers for row values; each failure message names the column and the value. */
public final class Rows {

	private static final int ECHO = 60;

	private Rows() {
	}

	/** A value cut short for an error message. */
	public static String echo(String value) {
		if (value == null) {
			return "";
		}
		String v = value.replace('\n', ' ').replace('\r', ' ');
		return v.length() <= ECHO ? v : v.substring(0, ECHO) + "...(" + v.length() + " chars)";
	}

	public static String required(CsvInput.Row row, String column) {
		String v = row.get(column);
		if (v.isEmpty()) {
			throw new IllegalArgumentException(column + " is empty");
		}
		return v;
	}

	public static BigDecimal decimal(String column, String value) {
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
