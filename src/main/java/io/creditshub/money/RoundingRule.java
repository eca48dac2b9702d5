package io.creditshub.money;

import java.math.RoundingMode;
import java.util.Locale;

/**
 * How a rated amount is rounded: a rounding mode and a number of decimals.
 *
 * <p>
 * DOMAIN rule 7: money is rounded once per call, half-up, to the currency's minor unit
 * unless the rate table says otherwise. {@link #DEFAULT} is that rule; a rate table row
 * may name another method ({@code up}, {@code down}) and/or a number of decimals, read
 * with {@link #parse(String, String)}.
 *
 * @param mode the rounding mode (never {@link RoundingMode#UNNECESSARY}, which could fail
 * on money)
 * @param decimals the number of decimals, 0..9, or {@code null} for "the currency's minor
 * unit" (see {@link Money#minorUnitDigits(String)})
 */
public record RoundingRule(RoundingMode mode, Integer decimals) {

	/**
	 * Largest number of decimals a rule may ask for (amounts are stored as numeric(…,9)).
	 */
	public static final int MAX_DECIMALS = 9;

	/** DOMAIN rule 7: half-up to the currency's minor unit. */
	public static final RoundingRule DEFAULT = new RoundingRule(RoundingMode.HALF_UP, null);

	/**
	 * Validates the mode and the decimals.
	 * @throws IllegalArgumentException if mode is null or UNNECESSARY, or decimals is
	 * outside 0..9
	 */
	public RoundingRule {
		if (mode == null) {
			throw new IllegalArgumentException("rounding mode is required");
		}
		if (mode == RoundingMode.UNNECESSARY) {
			throw new IllegalArgumentException("rounding mode UNNECESSARY is not allowed for money");
		}
		if (decimals != null && (decimals < 0 || decimals > MAX_DECIMALS)) {
			throw new IllegalArgumentException(
					"rounding decimals must be between 0 and " + MAX_DECIMALS + ", got " + decimals);
		}
	}

	/**
	 * Reads a rounding rule from the two rate-table cells (FORMATS section 3).
	 * @param method blank or null for half-up; otherwise, case-insensitive,
	 * {@code half-up} (or {@code half_up}), {@code up} or {@code down}
	 * @param decimals blank or null for the currency's minor unit; otherwise an integer
	 * 0..9
	 * @return the rule
	 * @throws IllegalArgumentException for any other method or decimals, with the
	 * offending value in the message
	 */
	public static RoundingRule parse(String method, String decimals) {
		RoundingMode mode = parseMode(method);
		Integer places = parseDecimals(decimals);
		if (mode == RoundingMode.HALF_UP && places == null) {
			return DEFAULT;
		}
		return new RoundingRule(mode, places);
	}

	private static RoundingMode parseMode(String method) {
		if (method == null || method.isBlank()) {
			return RoundingMode.HALF_UP; // DOMAIN rule 7: half-up unless the table says
											// otherwise
		}
		switch (method.strip().toLowerCase(Locale.ROOT)) {
			case "half-up":
			case "half_up":
				return RoundingMode.HALF_UP;
			case "up":
				return RoundingMode.UP;
			case "down":
				return RoundingMode.DOWN;
			default:
				throw new IllegalArgumentException("unknown rounding method '" + method
						+ "': expected half-up, up or down (or blank for half-up)");
		}
	}

	private static Integer parseDecimals(String decimals) {
		if (decimals == null || decimals.isBlank()) {
			return null; // the currency's minor unit
		}
		String text = decimals.strip();
		int value;
		try {
			value = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"rounding decimals '" + decimals + "' is not a whole number: expected 0.." + MAX_DECIMALS
							+ " (or blank for the currency's minor unit)");
		}
		if (value < 0 || value > MAX_DECIMALS) {
			throw new IllegalArgumentException(
					"rounding decimals must be between 0 and " + MAX_DECIMALS + ", got '" + decimals + "'");
		}
		return value;
	}

}
