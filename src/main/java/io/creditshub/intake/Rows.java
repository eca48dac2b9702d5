package io.creditshub.intake;

import io.creditshub.system.Text;
import java.math.BigDecimal;

/**
 * Small parsing helpers for row values; each failure message names the column and the
 * value.
 */
public final class Rows {

	private Rows() {
	}

	/** A value cut short for an error message: {@link Text#echo}. */
	public static String echo(String value) {
		return Text.echo(value);
	}

	/** {@link Text#printable}. */
	public static String printable(String s) {
		return Text.printable(s);
	}

	/** {@link Text#firstUnstorable}. */
	public static int firstUnstorable(String s) {
		return Text.firstUnstorable(s);
	}

	public static String required(CsvInput.Row row, String column) {
		String v = row.get(column);
		if (v.isEmpty()) {
			throw new IllegalArgumentException(column + " is empty");
		}
		return v;
	}

	/**
	 * Java reads digits of every script (Arabic-Indic, Devanagari, full-width...) as
	 * numbers: "٦١" would be 61. The files the hub reads use ASCII digits; anything else
	 * is refused (issue 17, item 6).
	 */
	private static void asciiOnly(String column, String value, String what) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) > 127) {
				throw new IllegalArgumentException(
						column + " '" + echo(value) + "' is not " + what + " written in ASCII digits");
			}
		}
	}

	public static BigDecimal decimal(String column, String value) {
		asciiOnly(column, value.strip(), "a number");
		try {
			BigDecimal d = new BigDecimal(value.strip());
			if (d.scale() > 9 || d.precision() - d.scale() > 15) {
				throw new IllegalArgumentException(column + " '" + echo(value)
						+ "' has too many digits (at most 15 before and 9 after the point)");
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
