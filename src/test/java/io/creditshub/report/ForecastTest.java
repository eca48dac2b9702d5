package io.creditshub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastTest {

	static final LocalDate AS_OF = LocalDate.of(2025, 4, 1);

	@Test
	void steadySpendGivesTheZeroDateAndRecommendations() {
		// 2.00 every day for 90 days: averages 2.00; 100.00 lasts 50 days -> 2025-05-21
		// p95 = 2.00 -> trigger 2.00 x 7 = 14; median 2.00 x 30 = 60 -> already a
		// multiple of 10
		Map<LocalDate, BigDecimal> spend = new HashMap<>();
		for (int i = 1; i <= 90; i++) {
			spend.put(AS_OF.minusDays(i), new BigDecimal("2.00"));
		}
		Forecast f = Forecast.of(spend, AS_OF, new BigDecimal("100.00"), 7);
		assertThat(f.average30()).isEqualByComparingTo("2");
		assertThat(f.average90()).isEqualByComparingTo("2");
		assertThat(f.zeroOn()).isEqualTo(LocalDate.of(2025, 5, 21));
		assertThat(f.recommendedTrigger()).isEqualByComparingTo("14");
		assertThat(f.recommendedRecharge()).isEqualByComparingTo("60");
	}

	@Test
	void spikyRecentSpend() {
		// 5 heavy days of 10.00 in the last 30, nothing else: avg30 = 50/30 = 1.6667,
		// avg90 = 50/90 = 0.5556
		// zero date: ceil(20.00 / 1.6667) = 12 days; p95 of 90 days: the 86th smallest of
		// 85 zeros and 5 tens = 10.00
		// -> trigger 70; median 0 x 30 = 0, avg30 x 30 = 50, but a recharge below the
		// trigger is not a valid setting:
		// recharge = the trigger rounded up to 10 = 70
		Map<LocalDate, BigDecimal> spend = new HashMap<>();
		for (int i = 1; i <= 5; i++) {
			spend.put(AS_OF.minusDays(i * 3), new BigDecimal("10.00"));
		}
		spend.put(AS_OF.minusDays(200), new BigDecimal("99.00")); // older than 90 days:
																	// ignored
		Forecast f = Forecast.of(spend, AS_OF, new BigDecimal("20.00"), 7);
		assertThat(f.average30())
			.isEqualByComparingTo(new BigDecimal("50").divide(new BigDecimal("30"), java.math.MathContext.DECIMAL64));
		assertThat(f.zeroOn()).isEqualTo(AS_OF.plusDays(12));
		assertThat(f.p95Daily()).isEqualByComparingTo("10.00");
		assertThat(f.recommendedTrigger()).isEqualByComparingTo("70");
		assertThat(f.recommendedRecharge()).isEqualByComparingTo("70");
	}

	@Test
	void recommendationsAreAlwaysValidSettings() {
		// no spend at all: trigger at least 1, recharge at least 10 (and at least the
		// trigger)
		Forecast none = Forecast.of(Map.of(), AS_OF, new BigDecimal("5"), 7);
		assertThat(none.recommendedTrigger()).isEqualByComparingTo("1");
		assertThat(none.recommendedRecharge()).isEqualByComparingTo("10");
		// one day of 0.10 in 90: p95 0 -> trigger 1; avg30 0.10/30 x 30 = 0.10 -> 10
		Forecast tiny = Forecast.of(Map.of(AS_OF.minusDays(1), new BigDecimal("0.10")), AS_OF, BigDecimal.ONE, 7);
		assertThat(tiny.recommendedTrigger()).isEqualByComparingTo("1");
		assertThat(tiny.recommendedRecharge()).isEqualByComparingTo("10");
		assertThat(tiny.recommendedRecharge()).isGreaterThanOrEqualTo(tiny.recommendedTrigger());
	}

	@Test
	void noSpendNoZeroDateAndAnEmptyBalanceIsZeroToday() {
		assertThat(Forecast.of(Map.of(), AS_OF, new BigDecimal("5"), 7).zeroOn()).isNull();
		assertThat(Forecast.of(Map.of(), AS_OF, BigDecimal.ZERO, 7).zeroOn()).isEqualTo(AS_OF);
	}

}
