package io.creditshub.rating;

import static io.creditshub.rating.RateFixtures.JAN_2025;
import static io.creditshub.rating.RateFixtures.rate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DOMAIN rule 7: longest prefix match per number type and currency, at the rate in force
 * when the call started.
 */
class RateTableTest {

	private static final Instant MAR_2025 = Instant.parse("2025-03-01T00:00:00Z");

	private static final Instant CALL = Instant.parse("2025-02-10T08:14:37.220Z");

	private static final NumberType LANDLINE = NumberType.LANDLINE;

	private static final NumberType MOBILE = NumberType.MOBILE;

	private static final NumberType TOLL_FREE = NumberType.TOLL_FREE;

	/** UK: country, London, mobile; US: country; all EUR except one USD rate. */
	private final RateTable uk = new RateTable(3,
			List.of(rate(1, "44", LANDLINE, "EUR", JAN_2025, null), rate(2, "4420", LANDLINE, "EUR", JAN_2025, null),
					rate(3, "447", MOBILE, "EUR", JAN_2025, null), rate(4, "44", MOBILE, "EUR", JAN_2025, null),
					rate(5, "1", LANDLINE, "USD", JAN_2025, null)));

	private static long idOf(Optional<Rate> rate) {
		assertThat(rate).isPresent();
		return rate.get().id();
	}

	@Test
	void versionAndSize() {
		assertThat(this.uk.versionId()).isEqualTo(3);
		assertThat(this.uk.size()).isEqualTo(5);
		assertThat(new RateTable(9, List.of()).size()).isZero();
	}

	@ParameterizedTest(name = "{0} as {1} -> rate {2}")
	@CsvSource({
			// London 4420 beats UK 44
			"+442079460123, LANDLINE, 2",
			// without '+'
			"442079460123,  LANDLINE, 2",
			// 4421... is not London: falls to 44
			"+442179460123, LANDLINE, 1",
			// masked: the digits left are 4420794601 -> London
			"+4420794601**, LANDLINE, 2",
			// masked down to the country: 44
			"+44***,        LANDLINE, 1", "+442***,       LANDLINE, 1",
			// mobile: 447 beats 44
			"+447700900123, MOBILE,   3",
			// a landline lookup on a mobile-looking number skips the 447 mobile rate and
			// finds 44 landline
			"+447700900123, LANDLINE, 1",
			// a mobile lookup on a London number: 4420 is landline only, so 44 mobile
			"+442079460123, MOBILE,   4",
			// the prefix itself is the whole number
			"+44,           LANDLINE, 1",
			// digits stop at the first non-digit
			"+44 20 7946 0123, LANDLINE, 1" })
	void longestPrefixMatch(String number, NumberType type, long expectedId) {
		assertThat(idOf(this.uk.lookup(number, type, "EUR", CALL))).isEqualTo(expectedId);
	}

	@Test
	void numbersLongerThanAnyPrefixStillMatch() {
		assertThat(idOf(this.uk.lookup("+4420794601234567", LANDLINE, "EUR", CALL))).isEqualTo(2);
	}

	@Nested
	class NumberTypeFilter {

		@Test
		void nullTypePrefersLandlineAtTheSameLength() {
			// 44 has LANDLINE (1) and MOBILE (4): LANDLINE wins
			assertThat(idOf(RateTableTest.this.uk.lookup("+441234567890", null, "EUR", CALL))).isEqualTo(1);
		}

		@Test
		void nullTypeStillTakesTheLongestPrefix() {
			// 447 (mobile only) is longer than 44 (landline): length decides before type
			assertThat(idOf(RateTableTest.this.uk.lookup("+447700900123", null, "EUR", CALL))).isEqualTo(3);
		}

		@Test
		void nullTypePrefersMobileOverTollFree() {
			RateTable table = new RateTable(1, List.of(rate(10, "800", TOLL_FREE, "EUR", JAN_2025, null),
					rate(11, "800", MOBILE, "EUR", JAN_2025, null)));

			assertThat(idOf(table.lookup("+8001234", null, "EUR", CALL))).isEqualTo(11);
			assertThat(idOf(table.lookup("+8001234", TOLL_FREE, "EUR", CALL))).isEqualTo(10);
		}

		@Test
		void typeWithoutAnyRateIsEmpty() {
			assertThat(RateTableTest.this.uk.lookup("+442079460123", TOLL_FREE, "EUR", CALL)).isEmpty();
		}

	}

	@Nested
	class EffectiveDates {

		// 4420 old rate until 2025-03-01 (exclusive), new rate from 2025-03-01; 44
		// always.
		private final RateTable table = new RateTable(1, List.of(rate(20, "4420", LANDLINE, "EUR", JAN_2025, MAR_2025),
				rate(21, "4420", LANDLINE, "EUR", MAR_2025, null), rate(22, "44", LANDLINE, "EUR", JAN_2025, null)));

		@Test
		void callStartingExactlyAtTheNewRatesEffectiveFromUsesTheNewRate() {
			assertThat(idOf(this.table.lookup("+442079460123", LANDLINE, "EUR", MAR_2025))).isEqualTo(21);
		}

		@Test
		void callStartingOneNanosecondBeforeUsesTheOldRate() {
			assertThat(idOf(this.table.lookup("+442079460123", LANDLINE, "EUR", MAR_2025.minusNanos(1)))).isEqualTo(20);
		}

		@Test
		void overlappingRatesOfOneTypePickTheLatestEffectiveFrom() {
			// Old rate left open-ended, new one added later: from 2025-03-01 both are in
			// force.
			RateTable overlapping = new RateTable(1, List.of(rate(30, "4420", LANDLINE, "EUR", JAN_2025, null),
					rate(31, "4420", LANDLINE, "EUR", MAR_2025, null)));

			assertThat(idOf(overlapping.lookup("+442079460123", LANDLINE, "EUR", MAR_2025))).isEqualTo(31);
			assertThat(idOf(overlapping.lookup("+442079460123", LANDLINE, "EUR", MAR_2025.minusNanos(1))))
				.isEqualTo(30);
		}

		@Test
		void longerPrefixNotInForceFallsBackToTheShorterPrefix() {
			Instant july2026 = Instant.parse("2026-07-01T00:00:00Z");
			RateTable future = new RateTable(1, List.of(rate(40, "4420", LANDLINE, "EUR", july2026, null),
					rate(41, "44", LANDLINE, "EUR", JAN_2025, null)));

			assertThat(idOf(future.lookup("+442079460123", LANDLINE, "EUR", CALL))).isEqualTo(41);
			assertThat(idOf(future.lookup("+442079460123", LANDLINE, "EUR", july2026))).isEqualTo(40);
		}

		@Test
		void expiredLongerPrefixFallsBackToTheShorterPrefix() {
			// 4420 ended at 2025-03-01 (exclusive) with no successor: 44 applies from
			// then on.
			RateTable ended = new RateTable(1, List.of(rate(60, "4420", LANDLINE, "EUR", JAN_2025, MAR_2025),
					rate(61, "44", LANDLINE, "EUR", JAN_2025, null)));

			assertThat(idOf(ended.lookup("+442079460123", LANDLINE, "EUR", MAR_2025.minusNanos(1)))).isEqualTo(60);
			assertThat(idOf(ended.lookup("+442079460123", LANDLINE, "EUR", MAR_2025))).isEqualTo(61);
		}

		@Test
		void nothingInForceIsEmpty() {
			assertThat(this.table.lookup("+442079460123", LANDLINE, "EUR", JAN_2025.minusNanos(1))).isEmpty();
		}

	}

	@Nested
	class CurrencyFilter {

		@Test
		void onlyRatesOfTheAccountCurrency() {
			assertThat(idOf(RateTableTest.this.uk.lookup("+12125550100", LANDLINE, "USD", CALL))).isEqualTo(5);
			assertThat(RateTableTest.this.uk.lookup("+12125550100", LANDLINE, "EUR", CALL)).isEmpty();
			assertThat(RateTableTest.this.uk.lookup("+442079460123", LANDLINE, "USD", CALL)).isEmpty();
		}

		@Test
		void currencyIsCaseSensitive() {
			assertThat(RateTableTest.this.uk.lookup("+442079460123", LANDLINE, "eur", CALL)).isEmpty();
		}

		@Test
		void longerPrefixInAnotherCurrencyDoesNotBlockTheShorterOne() {
			RateTable table = new RateTable(1, List.of(rate(50, "4420", LANDLINE, "GBP", JAN_2025, null),
					rate(51, "44", LANDLINE, "EUR", JAN_2025, null)));

			assertThat(idOf(table.lookup("+442079460123", LANDLINE, "EUR", CALL))).isEqualTo(51);
			assertThat(idOf(table.lookup("+442079460123", LANDLINE, "GBP", CALL))).isEqualTo(50);
		}

		@Test
		void nullCurrencyIsEmpty() {
			assertThat(RateTableTest.this.uk.lookup("+442079460123", LANDLINE, null, CALL)).isEmpty();
		}

	}

	@Nested
	class NoMatch {

		@Test
		void unknownDestinationIsEmpty() {
			assertThat(RateTableTest.this.uk.lookup("+33142685300", LANDLINE, "EUR", CALL)).isEmpty();
		}

		@Test
		void maskedBelowAnyPrefixIsEmpty() {
			// only "4" is left, and no rate has prefix 4
			assertThat(RateTableTest.this.uk.lookup("+4*****", LANDLINE, "EUR", CALL)).isEmpty();
		}

		@ParameterizedTest
		@NullAndEmptySource
		@ValueSource(strings = { "+", "***", "+***", "anonymous", "++44", " +44", "*44" })
		void numberWithoutLeadingDigitsIsEmpty(String number) {
			assertThat(RateTableTest.this.uk.lookup(number, null, "EUR", CALL)).isEmpty();
		}

		@Test
		void emptyTableIsEmpty() {
			assertThat(new RateTable(1, List.of()).lookup("+442079460123", null, "EUR", CALL)).isEmpty();
		}

	}

}
