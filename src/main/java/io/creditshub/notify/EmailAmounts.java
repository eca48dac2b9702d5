package io.creditshub.notify;

import io.creditshub.money.Money;
import java.math.BigDecimal;

/**
 * Displays stored amounts at the currency's minor unit, or with more digits when they
 * carry more (never rounds).
 */
final class EmailAmounts {

	private EmailAmounts() {
	}

	static String format(BigDecimal amount, String currency) {
		return amount == null ? "" : Money.display(amount, currency) + " " + currency;
	}

}
