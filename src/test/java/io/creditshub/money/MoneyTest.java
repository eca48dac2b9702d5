package io.creditshub.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DOMAIN rule 7: exact decimals, rounded once, half-up to the currency's minor unit
 * unless the rate table names another rule.
 */
class MoneyTest {

	@ParameterizedTest(name = "{0} has {1} decimals")
	@CsvSource({ "EUR, 2", "USD, 2", "GBP, 2", "JPY, 0", "BHD, 3", "KWD, 3", "XAU, 2" })
	void minorUnitDigits(String currency, int digits) {
		// XAU (gold) has no minor unit in java.util.Currency (-1): treated as 2.
		assertThat(Money.minorUnitDigits(currency)).isEqualTo(digits);
	}

	@Test
	void validCurrencies() {
		assertThat(Money.isValidCurrency("EUR")).isTrue();
		assertThat(Money.isValidCurrency("JPY")).isTrue();
		assertThat(Money.isValidCurrency("eur")).isFalse();
		assertThat(Money.isValidCurrency("XYZ")).isFalse();
		assertThat(Money.isValidCurrency("")).isFalse();
		assertThat(Money.isValidCurrency(null)).isFalse();
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({
			// half-up to the cent: 0.125 -> 0.13 (half-even would give 0.12)
			"0.125,     EUR, 0.13", "0.124999,  EUR, 0.12", "0.135,     EUR, 0.14",
			// negative amounts round away from zero on the half
			"-0.125,    EUR, -0.13",
			// the scale is always the minor unit, also when padding
			"1,         EUR, 1.00", "0,         USD, 0.00",
			// JPY: no decimals
			"16.5,      JPY, 17", "16.49,     JPY, 16",
			// BHD: three decimals
			"0.0415,    BHD, 0.042", "0.0414999, BHD, 0.041" })
	void roundsHalfUpToTheMinorUnitByDefault(String amount, String currency, String expected) {
		BigDecimal rounded = Money.round(new BigDecimal(amount), currency);

		assertThat(rounded).isEqualTo(new BigDecimal(expected));
		assertThat(Money.round(new BigDecimal(amount), currency, RoundingRule.DEFAULT)).isEqualTo(rounded);
		assertThat(Money.round(new BigDecimal(amount), currency, null)).isEqualTo(rounded);
	}

	@ParameterizedTest(name = "{0} {1} {2}/{3} -> {4}")
	@CsvSource({
			// up: away from zero as soon as anything is left
			"0.121,     EUR, up,      ,  0.13", "0.120,     EUR, up,      ,  0.12", "-0.121,    EUR, up,      ,  -0.13",
			// down: truncate
			"0.129,     EUR, down,    ,  0.12", "16.99,     JPY, down,    ,  16",
			// decimals override the minor unit
			"0.058333,  EUR, up,     4,  0.0584", "0.058333,  EUR, down,   4,  0.0583",
			"0.058350,  EUR, half-up,4,  0.0584", "16.666,    JPY, ,       2,  16.67", "0.5,       EUR, ,       0,  1",
			"0.123456789123, EUR, down, 9, 0.123456789" })
	void roundsWithTheRateTablesRule(String amount, String currency, String method, String decimals, String expected) {
		RoundingRule rule = RoundingRule.parse(method, decimals);

		assertThat(Money.round(new BigDecimal(amount), currency, rule)).isEqualTo(new BigDecimal(expected));
	}

	@Nested
	class RoundingFailures {

		@ParameterizedTest
		@ValueSource(strings = { "XYZ", "eur", "", "EURO" })
		void unknownCurrency(String currency) {
			assertThatIllegalArgumentException().isThrownBy(() -> Money.minorUnitDigits(currency))
				.withMessageContaining("currency");
			assertThatIllegalArgumentException().isThrownBy(() -> Money.round(BigDecimal.ONE, currency))
				.withMessageContaining("currency");
		}

		@Test
		void nullCurrency() {
			assertThatIllegalArgumentException().isThrownBy(() -> Money.minorUnitDigits(null));
		}

		@Test
		void unknownCurrencyEvenWithExplicitDecimals() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Money.round(BigDecimal.ONE, "XYZ", new RoundingRule(RoundingMode.UP, 2)));
		}

	}

	@Nested
	class ParseRoundingRule {

		@ParameterizedTest(name = "''{0}'' / ''{1}'' -> {2} {3}")
		@CsvSource({ "'',        '',   HALF_UP, ", ",          ,     HALF_UP, ", "'  ',      ' ',  HALF_UP, ",
				"half-up,   ,     HALF_UP, ", "HALF-UP,   2,    HALF_UP, 2", "half_up,   ,     HALF_UP, ",
				"Half_Up,   0,    HALF_UP, 0", "up,        4,    UP,      4", "UP,        ,     UP,      ",
				"' down ',  ' 9', DOWN,    9", "Down,      3,    DOWN,    3" })
		void accepted(String method, String decimals, RoundingMode mode, Integer places) {
			RoundingRule rule = RoundingRule.parse(method, decimals);

			assertThat(rule.mode()).isEqualTo(mode);
			assertThat(rule.decimals()).isEqualTo(places);
		}

		@Test
		void blankIsTheDefault() {
			assertThat(RoundingRule.parse(null, null)).isEqualTo(RoundingRule.DEFAULT);
			assertThat(RoundingRule.parse("", "")).isEqualTo(RoundingRule.DEFAULT);
			assertThat(RoundingRule.DEFAULT.mode()).isEqualTo(RoundingMode.HALF_UP);
			assertThat(RoundingRule.DEFAULT.decimals()).isNull();
		}

		@Test
		void modeNameRoundTrips() {
			for (RoundingRule rule : new RoundingRule[] { RoundingRule.DEFAULT, new RoundingRule(RoundingMode.UP, 4),
					new RoundingRule(RoundingMode.DOWN, null) }) {
				String decimals = (rule.decimals() != null) ? rule.decimals().toString() : "";
				assertThat(RoundingRule.parse(rule.mode().name(), decimals)).isEqualTo(rule);
			}
		}

	}

	@Nested
	class ParseRoundingRuleFailures {

		@ParameterizedTest
		@ValueSource(strings = { "half-even", "half_down", "ceiling", "floor", "bankers", "round", "half up" })
		void unknownMethod(String method) {
			assertThatIllegalArgumentException().isThrownBy(() -> RoundingRule.parse(method, ""))
				.withMessageContaining("rounding method")
				.withMessageContaining(method);
		}

		@ParameterizedTest
		@ValueSource(strings = { "-1", "10", "two", "1.5", "2 decimals", "99999999999" })
		void badDecimals(String decimals) {
			assertThatIllegalArgumentException().isThrownBy(() -> RoundingRule.parse("up", decimals))
				.withMessageContaining("decimals")
				.withMessageContaining(decimals);
		}

		@Test
		void constructorRejectsNullMode() {
			assertThatIllegalArgumentException().isThrownBy(() -> new RoundingRule(null, 2));
		}

		@Test
		void constructorRejectsUnnecessary() {
			assertThatIllegalArgumentException().isThrownBy(() -> new RoundingRule(RoundingMode.UNNECESSARY, 2))
				.withMessageContaining("UNNECESSARY");
		}

		@ParameterizedTest
		@ValueSource(ints = { -1, 10 })
		void constructorRejectsDecimalsOutOfRange(int decimals) {
			assertThatIllegalArgumentException().isThrownBy(() -> new RoundingRule(RoundingMode.UP, decimals));
		}

	}

	@Nested
	class Display {

		@ParameterizedTest
		@CsvSource({ "12.5, USD, 12.50", "0.0125, USD, 0.0125", "7, JPY, 7", "7.000000000, JPY, 7", "-3.1, EUR, -3.10",
				"1.234000, KWD, 1.234", "100, USD, 100.00" })
		void showsTheMinorDigitsAndNeverRoundsAway(String amount, String currency, String shown) {
			assertThat(Money.display(new BigDecimal(amount), currency)).isEqualTo(shown);
		}

		@ParameterizedTest
		@CsvSource({ "12.5, 12.50", "0.0125, 0.0125", "7, 7.00", "-0.100000000, -0.10" })
		void plainHasTwoDigitsAtLeast(String amount, String shown) {
			assertThat(Money.plain(new BigDecimal(amount))).isEqualTo(shown);
		}

		@Test
		void nullIsEmpty() {
			assertThat(Money.display(null, "USD")).isEmpty();
			assertThat(Money.plain(null)).isEmpty();
		}

	}

}
