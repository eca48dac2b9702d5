package io.creditshub.rating;

import static io.creditshub.rating.RateFixtures.rate;
import static io.creditshub.rating.RateFixtures.simpleRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import io.creditshub.money.RoundingRule;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DOMAIN rule 7: billing increments, connection fee, segments, offsets and the single
 * rounding per call. Every row carries its worked arithmetic; amounts are compared with
 * their scale.
 */
class RatingEngineTest {

	/** Tolerance for exact amounts that are repeating decimals (x / 60). */
	private static final BigDecimal EXACT_TOLERANCE = new BigDecimal("1E-20");

	private static void check(String segments, String fee, String currency, String method, String decimals,
			int duration, int offset, int billed, String exact, String amount) {
		Rate rate = rate(segments, fee, currency, RoundingRule.parse(method, decimals));

		RatedCall call = RatingEngine.rate(rate, duration, offset);

		assertThat(call.rate()).isSameAs(rate);
		assertThat(call.durationSeconds()).isEqualTo(duration);
		assertThat(call.billedSeconds()).as("billed seconds").isEqualTo(billed);
		assertThat(call.exactAmount()).as("exact amount").isCloseTo(new BigDecimal(exact), within(EXACT_TOLERANCE));
		// Exact BigDecimal including scale: 0.07 is not 0.070.
		assertThat(call.amount()).as("rounded amount").isEqualTo(new BigDecimal(amount));
	}

	@ParameterizedTest(name = "{0}/{1} at {2}/min, {3} s -> {4} s billed, {6}")
	@CsvSource({
			// 60/60 at 0.10: 61 s = one 60 s unit + one more 60 s unit = 120 s; 0.10 *
			// 120 / 60 = 0.20
			"60, 60, 0.10,    61, 120, 0.20,  0.20",
			// exactly on the boundary: 60 s = one unit; 0.10 * 60 / 60 = 0.10
			"60, 60, 0.10,    60,  60, 0.10,  0.10",
			// 1 s still bills the whole first unit: 60 s; 0.10
			"60, 60, 0.10,     1,  60, 0.10,  0.10",
			// 59 s: one unit of 60 s; 0.10
			"60, 60, 0.10,    59,  60, 0.10,  0.10",
			// 30/6 at 0.12: 31 s = 30 + ceil(1/6)=1 unit of 6 = 36 s; 0.12 * 36 / 60 =
			// 0.072 -> half-up 0.07
			"30,  6, 0.12,    31,  36, 0.072, 0.07",
			// exactly on an increment boundary: 36 s = 30 + 6; 0.072 -> 0.07
			"30,  6, 0.12,    36,  36, 0.072, 0.07",
			// one second over: 37 s = 30 + ceil(7/6)=2 units of 6 = 42 s; 0.12 * 42 / 60
			// = 0.084 -> 0.08
			"30,  6, 0.12,    37,  42, 0.084, 0.08",
			// exactly the first unit: 30 s; 0.12 * 30 / 60 = 0.06
			"30,  6, 0.12,    30,  30, 0.06,  0.06",
			// 1 s bills the first 30 s unit: 0.06
			"30,  6, 0.12,     1,  30, 0.06,  0.06",
			// 1/1 at 0.025: 100 s; 0.025 * 100 / 60 = 2.5 / 60 = 0.041666... -> 0.04
			" 1,  1, 0.025,  100, 100, 0.041666666666666666666667, 0.04",
			// 1/1 on a 2-hour call: 7200 s; 0.025 * 7200 / 60 = 3.00
			" 1,  1, 0.025, 7200, 7200, 3.00, 3.00",
			// 1/1 at 0.10: 61 s; 0.10 * 61 / 60 = 0.101666... -> 0.10
			" 1,  1, 0.10,    61,  61, 0.101666666666666666666667, 0.10",
			// 60/1 (first minute whole, then per second): 61 s = 60 + 1; 0.10 * 61 / 60
			// -> 0.10
			"60,  1, 0.10,    61,  61, 0.101666666666666666666667, 0.10",
			// 60/1, 20 s: first unit 60 s; 0.10
			"60,  1, 0.10,    20,  60, 0.10,  0.10",
			// free destination: 0.00/min, 61 s -> 120 s billed, 0.00
			"60, 60, 0.00,    61, 120, 0,     0.00" })
	void billingIncrements(int first, int next, String ratePerMinute, int duration, int billed, String exact,
			String amount) {
		check("0:" + ratePerMinute + ":" + first + "/" + next, "0", "EUR", null, null, duration, 0, billed, exact,
				amount);
	}

	@ParameterizedTest(name = "[{index}] {0}, fee {1}, {2} s from {3} -> {4} s, {6}")
	@CsvSource({
			// connection fee 0.15 + 60/60 at 0.10, 61 s: 120 s billed; 0.15 + 0.10 * 120
			// / 60 = 0.35
			"0:0.10:60/60,                    0.15,  61,   0, 120, 0.35,  0.35",
			// connection fee on a 1 s call: 0.15 + 0.10 = 0.25
			"0:0.10:60/60,                    0.15,   1,   0,  60, 0.25,  0.25",
			// zero-second call with a connection fee: never connected, nothing billed:
			// 0.00
			"0:0.10:60/60,                    0.15,   0,   0,   0, 0,     0.00",
			// zero-second call without fee: 0.00
			"0:0.10:60/60,                    0,      0,   0,   0, 0,     0.00",
			// segments: [0,60) 0.20 60/60, then 0.05 1/1; 90 s = 60 s at 0.20 (0.20) + 30
			// s at 0.05 (0.025)
			// = 0.225 -> half-up 0.23 (half-even would give 0.22)
			"0:0.20:60/60;60:0.05:1/1,        0,     90,   0,  90, 0.225, 0.23",
			// same, with a 0.15 fee: 0.15 + 0.225 = 0.375 -> 0.38 (the class Javadoc's
			// worked example)
			"0:0.20:60/60;60:0.05:1/1,        0.15,  90,   0,  90, 0.375, 0.38",
			// same segments, 60 s: only the first segment's unit: 0.20
			"0:0.20:60/60;60:0.05:1/1,        0,     60,   0,  60, 0.20,  0.20",
			// same segments, 30 s: the first unit is still 60 s at 0.20
			"0:0.20:60/60;60:0.05:1/1,        0,     30,   0,  60, 0.20,  0.20",
			// segments given out of order are sorted: same as above for 90 s
			"60:0.05:1/1;0:0.20:60/60,        0,     90,   0,  90, 0.225, 0.23",
			// a unit that crosses the next segment's start is billed at its own segment's
			// rate:
			// [0,30) [30,60) at 0.30 (the second unit runs past 45), then [60,70) at 0.06
			// 1/1
			// 0.30 * 60 / 60 = 0.30; 0.06 * 10 / 60 = 0.01; total 0.31
			"0:0.30:30/30;45:0.06:1/1,        0,     70,   0,  70, 0.31,  0.31",
			// a long first unit skips a whole segment: [0,120) at 0.60 = 1.20; at t=120
			// the segment
			// from 90 is in force (the one from 30 never applies): 6 + ceil(74/6)=13 * 6
			// = 84 s at 0.06 = 0.084
			// 1.20 + 0.084 = 1.284 -> 1.28; billed 120 + 84 = 204
			"0:0.60:120/60;30:0.30:1/1;90:0.06:6/6, 0, 200, 0, 204, 1.284, 1.28",
			// offset: first 120 s covered elsewhere (included minutes); 150 s at 60/60
			// with a 0.15 fee:
			// one unit [120,180) = 60 s, 0.10 * 60 / 60 = 0.10, no connection fee
			"0:0.10:60/60,                    0.15, 150, 120,  60, 0.10,  0.10",
			// offset equal to the duration: nothing left, 0.00 (no fee)
			"0:0.10:60/60,                    0.15, 120, 120,   0, 0,     0.00",
			// offset beyond the duration: nothing left, 0.00
			"0:0.10:60/60,                    0.15, 100, 120,   0, 0,     0.00",
			// offset with 30/6 at 0.12, 200 s from 120: the call is under way, next
			// increments only:
			// ceil(80/6) = 14 * 6 = 84 s; 0.12 * 84 / 60 = 0.168 -> 0.17
			"0:0.12:30/6,                     0,    200, 120,  84, 0.168, 0.17",
			// resuming does not bill a second first increment: 125 s from 120 is one 6 s
			// unit, not 30 s:
			// 0.12 * 6 / 60 = 0.012 -> 0.01
			"0:0.12:30/6,                     0,    125, 120,   6, 0.012, 0.01",
			// offset inside the first segment: from 30, a 60 s (next) unit at 0.20 runs
			// to 90 (past 60): 0.20
			"0:0.20:60/60;60:0.05:1/1,        0.15,  90,  30,  60, 0.20,  0.20",
			// offset into the second segment: from 60, 30 s at 0.05 = 0.025 -> 0.03
			"0:0.20:60/60;60:0.05:1/1,        0.15,  90,  60,  30, 0.025, 0.03" })
	void feesSegmentsAndOffsets(String segments, String fee, int duration, int offset, int billed, String exact,
			String amount) {
		check(segments, fee, "EUR", null, null, duration, offset, billed, exact, amount);
	}

	@ParameterizedTest(name = "[{index}] {0} {1}/min {2} s, rounding {3}/{4} -> {6}")
	@CsvSource({
			// half-up (default) to the cent: 1/1 at 0.10, 35 s: 3.5 / 60 = 0.058333... ->
			// 0.06
			"EUR, 0.10,  35,         ,  , 0.058333333333333333333333, 0.06",
			// down to the cent: 0.058333... -> 0.05
			"EUR, 0.10,  35,     down,  , 0.058333333333333333333333, 0.05",
			// up with 4 decimals: 0.058333... -> 0.0584
			"EUR, 0.10,  35,       up, 4, 0.058333333333333333333333, 0.0584",
			// down with 4 decimals: 0.058333... -> 0.0583
			"EUR, 0.10,  35,     DOWN, 4, 0.058333333333333333333333, 0.0583",
			// half-up with 4 decimals: 0.058333... -> 0.0583
			"EUR, 0.10,  35,  half-up, 4, 0.058333333333333333333333, 0.0583",
			// up to the cent: 30 s at 0.10 = 0.05 exactly -> stays 0.05
			"EUR, 0.10,  30,       up,  , 0.05, 0.05",
			// half-up on an exact half: 0.225 -> 0.23; down: 0.22
			"EUR, 0.27,  50,         ,  , 0.225, 0.23", "EUR, 0.27,  50,     down,  , 0.225, 0.22",
			// JPY has no minor unit: 10 JPY/min, 100 s: 1000 / 60 = 16.666... -> 17
			"JPY, 10,   100,         ,  , 16.666666666666666666666667, 17",
			// JPY, 15 s at 10/min: 2.5 -> half-up 3; down 2
			"JPY, 10,    15,         ,  , 2.5, 3", "JPY, 10,    15,     down,  , 2.5, 2",
			// a rate may ask for decimals beyond the minor unit: JPY with 2 decimals:
			// 16.67
			"JPY, 10,   100,         , 2, 16.666666666666666666666667, 16.67",
			// BHD has 3 decimals: 0.025/min, 100 s: 0.041666... -> 0.042
			"BHD, 0.025, 100,        ,  , 0.041666666666666666666667, 0.042",
			// USD 2 decimals, up: 0.025/min, 100 s: 0.041666... -> 0.05
			"USD, 0.025, 100,      up,  , 0.041666666666666666666667, 0.05" })
	void rounding(String currency, String ratePerMinute, int duration, String method, String decimals, String exact,
			String amount) {
		// All 1/1 so that the exact amount is ratePerMinute * duration / 60.
		check("0:" + ratePerMinute + ":1/1", "0", currency, method, decimals, duration, 0, duration, exact, amount);
	}

	@Test
	void zeroSecondCallHasTheCurrencyScale() {
		Rate jpy = rate("0:10:60/60", "5", "JPY", RoundingRule.DEFAULT);

		RatedCall call = RatingEngine.rate(jpy, 0);

		assertThat(call.billedSeconds()).isZero();
		assertThat(call.exactAmount()).isEqualByComparingTo(BigDecimal.ZERO);
		assertThat(call.amount()).isEqualTo(new BigDecimal("0"));
	}

	@Test
	void twoArgumentFormRatesFromTheStart() {
		Rate rate = rate("0:0.10:60/60", "0.15", "EUR", RoundingRule.DEFAULT);

		assertThat(RatingEngine.rate(rate, 61)).isEqualTo(RatingEngine.rate(rate, 61, 0));
		assertThat(RatingEngine.rate(rate, 61).amount()).isEqualTo(new BigDecimal("0.35"));
	}

	@Test
	void exactAmountKeepsFullPrecisionAndIsRoundedOnlyOnce() {
		// 100 s at 0.025 1/1: exact 2.5 / 60 = 0.041666... kept at DECIMAL128 precision,
		// then
		// rounded once (DOMAIN rule 7) to 0.04.
		Rate rate = simpleRate("0.025", 1, 1);

		RatedCall call = RatingEngine.rate(rate, 100);

		assertThat(call.exactAmount().scale()).isGreaterThan(20);
		assertThat(call.amount()).isEqualTo(new BigDecimal("0.04"));
	}

	@Test
	@Timeout(value = 1, unit = TimeUnit.SECONDS)
	void costIsIndependentOfTheNumberOfSeconds() {
		// 1/1 increments on a call of ~68 years: closed form, not one step per second.
		// 0.06 * 2_147_483_640 / 60 = 2_147_483.64
		Rate rate = rate("0:0.06:1/1;60:0.06:1/1", "0", "EUR", RoundingRule.DEFAULT);

		RatedCall call = RatingEngine.rate(rate, 2_147_483_640);

		assertThat(call.billedSeconds()).isEqualTo(2_147_483_640);
		assertThat(call.amount()).isEqualTo(new BigDecimal("2147483.64"));
	}

	/**
	 * CGRateS MaxCost (issue 12): {@code *free} caps the call's exact cost before the one
	 * rounding; {@code *disconnect} is informational (the carrier cuts the call) and
	 * changes nothing.
	 */
	@Nested
	class MaxCostVectors {

		private RatedCall rated(String segments, String fee, String max, String strategy, int duration, int offset) {
			Rate base = rate(segments, fee, "EUR", RoundingRule.DEFAULT);
			Rate capped = new Rate(base.id(), base.prefix(), base.destination(), base.numberType(), base.currency(),
					base.connectionFee(), base.segments(), base.effectiveFrom(), base.effectiveTo(), base.zoneA(),
					base.rounding(), new MaxCost(new BigDecimal(max), MaxCost.Strategy.parse(strategy)));
			return RatingEngine.rate(capped, duration, offset);
		}

		@ParameterizedTest(name = "{0} fee {1}, max {2} {3}, {4} s from {5}: {6} s billed, exact {7} -> {8}")
		@CsvSource({
				// 0.20/min 60/60, 7 min: 7 x 0.20 = 1.40 > 1.00 under *free: capped, 1.00
				"0:0.20:60/60,        0,    1.00, *free,       420,   0, 420, 1.00,   1.00",
				// the same call under *disconnect: the carrier cuts calls at 1.00, we
				// rate what was reported: 1.40
				"0:0.20:60/60,        0,    1.00, *disconnect, 420,   0, 420, 1.40,   1.40",
				// under the cap nothing changes: 4 min x 0.20 = 0.80 < 1.00
				"0:0.20:60/60,        0,    1.00, *free,       240,   0, 240, 0.80,   0.80",
				// the connection fee counts toward the cap: 0.15 + 5 x 0.20 = 1.15 >
				// 1.00: 1.00
				"0:0.20:60/60,        0.15, 1.00, *free,       300,   0, 300, 1.00,   1.00",
				// exactly the cap: 0.15 + 0.85 (1/1: 255 s x 0.20 / 60 = 0.85) = 1.00,
				// not over: 1.00
				"0:0.20:1/1,          0.15, 1.00, *free,       255,   0, 255, 1.00,   1.00",
				// 30/6 at 0.12, 2 h: 7200 s x 0.12 / 60 = 14.40 > 2.50: capped 2.50
				"0:0.12:30/6,         0,    2.50, *free,      7200,   0, 7200, 2.50,  2.50",
				// a dearer first minute then per second: 0.50 + 540 s x 0.06 / 60 = 0.50
				// + 0.54 = 1.04 > 0.99: 0.99
				"0:0.50:60/60;60:0.06:1/1, 0, 0.99, *free,      600,   0, 600, 0.99,   0.99",
				// rated from offset 120 (pool minutes), 60/60 at 0.20, 30 min call: 28 x
				// 0.20 = 5.60 > 3.00: 3.00
				"0:0.20:60/60,        0,    3.00, *free,      1800, 120, 1680, 3.00,  3.00",
				// a cap with more decimals than the currency: 0.333 cap, 3 min x 0.20 =
				// 0.60 -> 0.333 -> half-up 0.33
				"0:0.20:60/60,        0,    0.333, *free,      180,   0, 180, 0.333,  0.33", })
		void capsUnderFreeOnly(String segments, String fee, String max, String strategy, int duration, int offset,
				int billed, String exact, String amount) {
			RatedCall call = rated(segments, fee, max, strategy, duration, offset);
			assertThat(call.billedSeconds()).as("billed seconds").isEqualTo(billed);
			assertThat(call.exactAmount()).as("exact").isEqualByComparingTo(exact);
			assertThat(call.amount()).as("rounded").isEqualTo(new BigDecimal(amount));
		}

		@Test
		void strategiesAreParsedAndANegativeCapRefused() {
			assertThat(MaxCost.Strategy.parse("*FREE")).isEqualTo(MaxCost.Strategy.FREE);
			assertThat(MaxCost.Strategy.parse("disconnect")).isEqualTo(MaxCost.Strategy.DISCONNECT);
			assertThatIllegalArgumentException().isThrownBy(() -> MaxCost.Strategy.parse("*cap"))
				.withMessage("max cost strategy '*cap' is not *free or *disconnect");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new MaxCost(new BigDecimal("-1"), MaxCost.Strategy.FREE))
				.withMessage("max cost must be >= 0, got -1");
		}

	}

	@Nested
	class InvalidArguments {

		@Test
		void negativeDuration() {
			assertThatIllegalArgumentException().isThrownBy(() -> RatingEngine.rate(simpleRate("0.10", 60, 60), -1))
				.withMessageContaining("duration");
		}

		@Test
		void negativeOffset() {
			assertThatIllegalArgumentException().isThrownBy(() -> RatingEngine.rate(simpleRate("0.10", 60, 60), 60, -1))
				.withMessageContaining("offset");
		}

		@Test
		void nullRate() {
			assertThatNullPointerException().isThrownBy(() -> RatingEngine.rate(null, 60));
		}

	}

	@net.jqwik.api.Property(tries = 500)
	void rememberedQuotientsAreTheDivisionItself(
			@net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 99_999_999) long rateMicros,
			@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 172_800) int seconds) {
		BigDecimal rateSeconds = BigDecimal.valueOf(rateMicros, 6).multiply(BigDecimal.valueOf(seconds));
		BigDecimal direct = rateSeconds.divide(BigDecimal.valueOf(60), java.math.MathContext.DECIMAL128);
		assertThat(RatingEngine.perMinute(rateSeconds)).isEqualTo(direct); // same value
																			// and scale
		assertThat(RatingEngine.perMinute(rateSeconds)).isEqualTo(direct); // and from
																			// memory
	}

}
