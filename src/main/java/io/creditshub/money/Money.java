package io.creditshub.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * Money helpers: the ONLY place in the project that rounds money.
 *
 * <p>
 * DOMAIN rule 7: money is exact decimal arithmetic ({@link BigDecimal}, never
 * {@code double}), rounded once per call, half-up, to the currency's minor unit unless
 * the rate table says otherwise ({@link RoundingRule}). Everything else keeps full
 * precision.
 */
public final class Money {

	private Money() {
	}

	/**
	 * The number of decimals of a currency's minor unit (EUR 2, JPY 0, BHD 3).
	 * @param currencyCode an ISO 4217 code, e.g. {@code "EUR"} (exact, upper case)
	 * @return the default fraction digits; 2 for currencies without one (e.g. XAU)
	 * @throws IllegalArgumentException if the code is null or not a known currency
	 */
	public static int minorUnitDigits(String currencyCode) {
		int digits = currency(currencyCode).getDefaultFractionDigits();
		return digits < 0 ? 2 : digits;
	}

	/**
	 * Whether the code is a known ISO 4217 currency code (exact, upper case).
	 * @param code the code, may be null
	 * @return true if {@link Currency#getInstance(String)} knows it
	 */
	public static boolean isValidCurrency(String code) {
		if (code == null) {
			return false;
		}
		try {
			Currency.getInstance(code);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Rounds an amount once, per the rule (DOMAIN rule 7).
	 * @param amount the exact amount
	 * @param currencyCode the ISO 4217 code whose minor unit applies when the rule names
	 * no decimals
	 * @param rule the rounding rule; null means {@link RoundingRule#DEFAULT}
	 * @return {@code amount.setScale(decimals, mode)}: the scale is always the rule's
	 * decimals or the currency's minor unit
	 * @throws IllegalArgumentException if the currency is unknown
	 */
	public static BigDecimal round(BigDecimal amount, String currencyCode, RoundingRule rule) {
		Objects.requireNonNull(amount, "amount");
		RoundingRule effective = (rule != null) ? rule : RoundingRule.DEFAULT;
		// Validate the currency even when the rule names its own decimals.
		int minor = minorUnitDigits(currencyCode);
		int decimals = (effective.decimals() != null) ? effective.decimals() : minor;
		return amount.setScale(decimals, effective.mode());
	}

	/**
	 * Rounds half-up to the currency's minor unit ({@link RoundingRule#DEFAULT}, DOMAIN
	 * rule 7).
	 * @param amount the exact amount
	 * @param currencyCode an ISO 4217 code
	 * @return the rounded amount, with the currency's minor unit as scale
	 */
	public static BigDecimal round(BigDecimal amount, String currencyCode) {
		return round(amount, currencyCode, RoundingRule.DEFAULT);
	}

	/**
	 * An amount as people read it in the currency: at least the currency's minor digits,
	 * more only where the amount has them (a rate's fraction of a cent is shown, never
	 * rounded away): 12.5 USD "12.50", 0.0125 USD "0.0125", 7 JPY "7". The one display
	 * rule of the hub (command line, emails); null is "".
	 */
	public static String display(BigDecimal amount, String currencyCode) {
		if (amount == null) {
			return "";
		}
		int minor = minorUnitDigits(currencyCode);
		// setScale never rounds here: the target scale is at least the scale of the
		// stripped value
		return amount.setScale(Math.max(minor, Math.max(0, amount.stripTrailingZeros().scale()))).toPlainString();
	}

	/**
	 * An amount without its currency at hand (files, reasons, correction records): like
	 * {@link #display} with two minor digits. Null is "".
	 */
	public static String plain(BigDecimal amount) {
		if (amount == null) {
			return "";
		}
		BigDecimal s = amount.stripTrailingZeros();
		return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
	}

	private static Currency currency(String code) {
		if (code == null) {
			throw new IllegalArgumentException("currency code is required");
		}
		try {
			return Currency.getInstance(code);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown currency code '" + code + "'", ex);
		}
	}

}
