package io.creditshub.rating;

import static io.creditshub.rating.RateFixtures.JAN_2025;
import static io.creditshub.rating.RateFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.money.RoundingRule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rate, its segments and number types: what a valid rate-table row is (DOMAIN rule
 * 7).
 */
class RateTest {

	private static final Instant MAR_2025 = Instant.parse("2025-03-01T00:00:00Z");

	private static Rate rateWith(String prefix, String currency, BigDecimal fee, List<RateSegment> segments,
			Instant from, Instant to) {
		return new Rate(0, prefix, "Somewhere", NumberType.MOBILE, currency, fee, segments, from, to, false,
				RoundingRule.DEFAULT);
	}

	private static List<RateSegment> oneSegment() {
		return List.of(segment(0, "0.10", 60, 60));
	}

	@Test
	void segmentsAreSortedAndCopied() {
		List<RateSegment> given = new ArrayList<>(List.of(segment(60, "0.05", 1, 1), segment(0, "0.20", 60, 60)));

		Rate rate = rateWith("44", "EUR", BigDecimal.ZERO, given, JAN_2025, null);
		given.clear();

		assertThat(rate.segments()).extracting(RateSegment::startSecond).containsExactly(0, 60);
		assertThatThrownBy(() -> rate.segments().add(segment(120, "0.01", 1, 1)))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void nullRoundingMeansDefaultAndNullDestinationMeansEmpty() {
		Rate rate = new Rate(7, "44", null, NumberType.LANDLINE, "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, null,
				true, null);

		assertThat(rate.rounding()).isEqualTo(RoundingRule.DEFAULT);
		assertThat(rate.destination()).isEmpty();
		assertThat(rate.id()).isEqualTo(7);
		assertThat(rate.zoneA()).isTrue();
	}

	@Test
	void inForceFromInclusiveToExclusive() {
		Rate rate = rateWith("44", "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, MAR_2025);

		assertThat(rate.inForceAt(JAN_2025.minusNanos(1))).isFalse();
		assertThat(rate.inForceAt(JAN_2025)).isTrue();
		assertThat(rate.inForceAt(MAR_2025.minusNanos(1))).isTrue();
		assertThat(rate.inForceAt(MAR_2025)).isFalse();
	}

	@Test
	void openEndedRateStaysInForce() {
		Rate rate = rateWith("44", "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, null);

		assertThat(rate.inForceAt(Instant.parse("2099-12-31T23:59:59Z"))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "landline", "LANDLINE", " Landline " })
	void parsesLandline(String text) {
		assertThat(NumberType.parse(text)).isEqualTo(NumberType.LANDLINE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "toll-free", "toll_free", "tollfree", "Toll-Free", " TOLLFREE" })
	void parsesTollFree(String text) {
		assertThat(NumberType.parse(text)).isEqualTo(NumberType.TOLL_FREE);
	}

	@Test
	void numberTypeLabels() {
		assertThat(NumberType.parse("mobile")).isEqualTo(NumberType.MOBILE);
		assertThat(NumberType.LANDLINE.label()).isEqualTo("landline");
		assertThat(NumberType.MOBILE.label()).isEqualTo("mobile");
		assertThat(NumberType.TOLL_FREE.label()).isEqualTo("toll-free");
		for (NumberType type : NumberType.values()) {
			assertThat(NumberType.parse(type.label())).isEqualTo(type);
		}
	}

	@Nested
	class InvalidNumberType {

		@ParameterizedTest
		@ValueSource(strings = { "", " ", "fixed", "toll free", "cell" })
		void rejected(String text) {
			assertThatIllegalArgumentException().isThrownBy(() -> NumberType.parse(text))
				.withMessageContaining("number type");
		}

		@Test
		void nullRejected() {
			assertThatIllegalArgumentException().isThrownBy(() -> NumberType.parse(null));
		}

	}

	@Nested
	class InvalidSegments {

		@Test
		void negativeStart() {
			assertThatIllegalArgumentException().isThrownBy(() -> segment(-1, "0.10", 60, 60))
				.withMessageContaining("start");
		}

		@Test
		void negativeRate() {
			assertThatIllegalArgumentException().isThrownBy(() -> segment(0, "-0.01", 60, 60))
				.withMessageContaining("rate");
		}

		@Test
		void nullRate() {
			assertThatIllegalArgumentException().isThrownBy(() -> new RateSegment(0, null, 60, 60))
				.withMessageContaining("rate");
		}

		@Test
		void zeroFirstIncrement() {
			assertThatIllegalArgumentException().isThrownBy(() -> segment(0, "0.10", 0, 60))
				.withMessageContaining("first");
		}

		@Test
		void zeroNextIncrement() {
			assertThatIllegalArgumentException().isThrownBy(() -> segment(0, "0.10", 60, 0))
				.withMessageContaining("next");
		}

		@Test
		void noSegments() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", BigDecimal.ZERO, List.of(), JAN_2025, null))
				.withMessageContaining("segment");
		}

		@Test
		void nullSegments() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", BigDecimal.ZERO, null, JAN_2025, null))
				.withMessageContaining("segment");
		}

		@Test
		void firstSegmentNotAtZero() {
			assertThatIllegalArgumentException().isThrownBy(
					() -> rateWith("44", "EUR", BigDecimal.ZERO, List.of(segment(30, "0.10", 60, 60)), JAN_2025, null))
				.withMessageContaining("second 0");
		}

		@Test
		void twoSegmentsWithTheSameStart() {
			List<RateSegment> segments = List.of(segment(0, "0.10", 60, 60), segment(60, "0.05", 1, 1),
					segment(60, "0.04", 1, 1));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", BigDecimal.ZERO, segments, JAN_2025, null))
				.withMessageContaining("60");
		}

	}

	@Nested
	class InvalidRate {

		@ParameterizedTest
		@ValueSource(strings = { "", "+44", "44 20", "44a", "4*", "٤٤" })
		void prefixMustBeDigits(String prefix) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith(prefix, "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, null))
				.withMessageContaining("prefix");
		}

		@Test
		void nullPrefix() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith(null, "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, null));
		}

		@ParameterizedTest
		@ValueSource(strings = { "", "eur", "EURO", "XYZ" })
		void unknownCurrency(String currency) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", currency, BigDecimal.ZERO, oneSegment(), JAN_2025, null))
				.withMessageContaining("currency");
		}

		@Test
		void negativeConnectionFee() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", new BigDecimal("-0.01"), oneSegment(), JAN_2025, null))
				.withMessageContaining("connection fee");
		}

		@Test
		void nullConnectionFee() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", null, oneSegment(), JAN_2025, null))
				.withMessageContaining("connection fee");
		}

		@Test
		void nullNumberType() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new Rate(0, "44", "UK", null, "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, null,
						false, RoundingRule.DEFAULT))
				.withMessageContaining("number type");
		}

		@Test
		void negativeId() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new Rate(-1, "44", "UK", NumberType.LANDLINE, "EUR", BigDecimal.ZERO, oneSegment(),
						JAN_2025, null, false, RoundingRule.DEFAULT))
				.withMessageContaining("id");
		}

		@Test
		void nullEffectiveFrom() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", BigDecimal.ZERO, oneSegment(), null, null))
				.withMessageContaining("effective-from");
		}

		@Test
		void effectiveToNotAfterEffectiveFrom() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rateWith("44", "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, JAN_2025))
				.withMessageContaining("effective-to");
		}

	}

	@Test
	void roundingRuleIsKept() {
		RoundingRule up4 = new RoundingRule(RoundingMode.UP, 4);
		Rate rate = new Rate(0, "44", "UK", NumberType.LANDLINE, "EUR", BigDecimal.ZERO, oneSegment(), JAN_2025, null,
				false, up4);

		assertThat(rate.rounding()).isEqualTo(up4);
	}

}
