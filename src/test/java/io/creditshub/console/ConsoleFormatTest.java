package io.creditshub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Amounts as the console shows them, and the amount fields' validation (the API's rules).
 */
class ConsoleFormatTest {

	final ConsoleFormat fmt = new ConsoleFormat();

	@ParameterizedTest
	@CsvSource({ "104.65, USD, 104.65 USD", "0, EUR, 0.00 EUR", "1234567.5, USD, '1,234,567.50 USD'",
			"1000, JPY, '1,000 JPY'", "1.5, BHD, 1.500 BHD", "-4.65, USD, -4.65 USD" })
	void amountsHaveTheCurrencysDecimalsAndCode(BigDecimal amount, String currency, String shown) {
		assertThat(fmt.money(amount, currency)).isEqualTo(shown);
	}

	@Test
	void missingValuesAndTimes() {
		assertThat(fmt.money(null, "USD")).isEqualTo("–");
		assertThat(fmt.plain(new BigDecimal("10"), "USD")).isEqualTo("10.00");
		assertThat(fmt.plain(null, "USD")).isEmpty();
		Instant at = Instant.parse("2025-04-15T09:30:00Z");
		assertThat(fmt.iso(at)).isEqualTo("2025-04-15T09:30:00Z");
		assertThat(fmt.utc(at)).isEqualTo("2025-04-15 09:30 UTC");
		assertThat(fmt.duration(65)).isEqualTo("1:05");
		assertThat(fmt.duration(3665)).isEqualTo("1:01:05");
	}

	@Nested
	class AmountFields {

		final Map<String, String> errors = new LinkedHashMap<>();

		@Test
		void aValidAmountIsKeptAsTyped() {
			assertThat(OrgPages.amount(" 25.50 ", "USD", "f", errors)).isEqualByComparingTo("25.50");
			assertThat(OrgPages.amount("", "USD", "f", errors)).isNull();
			assertThat(errors).isEmpty();
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|',
				value = { "abc|USD|'abc' is not an amount (use digits and a dot, e.g. 25.00).",
						"-1|USD|Must not be negative.", "12.345|USD|USD amounts have at most 2 decimals.",
						"1.5|JPY|JPY amounts have at most 0 decimals." })
		void aBadAmountIsAnErrorOnItsField(String typed, String currency, String message) {
			assertThat(OrgPages.amount(typed, currency, "triggerAmount", errors)).isNull();
			assertThat(errors).containsExactly(Map.entry("triggerAmount", message));
		}

	}

}
