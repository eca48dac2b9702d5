package io.creditshub.cli;

import io.creditshub.money.Money;
import java.math.BigDecimal;

/**
 * Displays stored amounts (numeric(24,9)) at the currency's minor unit, or more digits
 * when they carry more.
 */
final class Amounts {

	private Amounts() {
	}

	static String format(BigDecimal amount, String currency) {
		return Money.display(amount, currency);
	}

}
