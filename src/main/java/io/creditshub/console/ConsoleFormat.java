package io.creditshub.console;

import io.creditshub.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Formatting for the console's templates ({@code ${@fmt.money(amount, currency)}}):
 * amounts with the currency's number of decimals and its code, times in UTC (console.js
 * shows them in the viewer's time zone, UTC on hover). Amounts are never rounded here
 * beyond the currency's minor unit: the ledger already holds rounded amounts.
 */
@Component("fmt")
class ConsoleFormat {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** 1,234.50 USD; a missing amount is an en dash. */
	public String money(BigDecimal amount, String currency) {
		if (amount == null) {
			return "–";
		}
		return number(amount, currency) + " " + currency;
	}

	/** 1,234.50 (the currency's decimals, grouped). */
	public String number(BigDecimal amount, String currency) {
		if (amount == null) {
			return "–";
		}
		int digits = currency == null ? 2 : Money.minorUnitDigits(currency);
		DecimalFormat f = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
				DecimalFormatSymbols.getInstance(Locale.ROOT));
		f.setRoundingMode(RoundingMode.HALF_UP);
		return f.format(amount);
	}

	/** The plain value for a form field (no grouping), the currency's decimals. */
	public String plain(BigDecimal amount, String currency) {
		if (amount == null) {
			return "";
		}
		return amount.setScale(Math.max(Money.minorUnitDigits(currency), 0), RoundingMode.HALF_UP).toPlainString();
	}

	/** The machine-readable instant for a {@code <time datetime>}. */
	public String iso(Instant at) {
		return at == null ? "" : at.toString();
	}

	/** The instant in UTC, shown until console.js puts the viewer's local time in. */
	public String utc(Instant at) {
		return at == null ? "–" : UTC.format(at);
	}

	/** 1:05 for 65 seconds, 1:01:05 past an hour. */
	public String duration(int seconds) {
		Duration d = Duration.ofSeconds(seconds);
		return d.toHours() > 0 ? String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
				: String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
	}

}
