package io.creditshub.cli;

import io.creditshub.money.Money;
import java.math.BigDecimal;

/** Displays stored amounts (numeric(24,9)) at the currency's minor unit, or more digits when they carry more. */
final class Amounts {

	private Amounts() {
	}

	static String format(BigDecimal amount, String currency) {
		if (amount == null) {
			return "";
		}
		int minor = Money.minorUnitDigits(currency);
		BigDecimal stripped = amount.stripTrailingZeros();
		// setScale never rounds here: the target scale is at least the scale of the stripped value
		return amount.setScale(Math.max(minor, Math.max(0, stripped.scale()))).toPlainString();
	}

}
