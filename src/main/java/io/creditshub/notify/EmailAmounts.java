package io.creditshub.notify;

import io.creditshub.money.Money;
import java.math.BigDecimal;

/** Displays stored amounts at the currency's minor unit, or with more digits when they carry more (never rounds). */
final class EmailAmounts {

	private EmailAmounts() {
	}

	static String format(BigDecimal amount, String currency) {
		if (amount == null) {
			return "";
		}
		int minor = Money.minorUnitDigits(currency);
		BigDecimal stripped = amount.stripTrailingZeros();
		return amount.setScale(Math.max(minor, Math.max(0, stripped.scale()))).toPlainString() + " " + currency;
	}

}
