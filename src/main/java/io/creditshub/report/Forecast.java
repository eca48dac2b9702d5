package io.creditshub.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Spend forecast and recommended auto-recharge settings (README "Forecast"). Pure Java.
 * <ul>
 * <li>average daily spend over the last 30 and 90 days before {@code asOf} (days without
 * spend count as 0);</li>
 * <li>the day the balance reaches zero at the 30-day average: asOf + ceil(balance /
 * average) days;</li>
 * <li>recommended trigger amount: the 95th percentile of daily spend over 90 days ×
 * {@code triggerDays} (default 7), rounded up to a whole currency unit, so a recharge
 * fires about a week before the money runs out on a heavy day;</li>
 * <li>recommended recharge amount: the median daily spend × 30, rounded up to a multiple
 * of 10, so one recharge lasts about a month of ordinary use.</li>
 * </ul>
 * The recommendations are always settings the hub accepts (issue 12; DOMAIN rule 4 as the
 * API checks it): a trigger of at least 1, and a recharge of at least the trigger and the
 * 30-day average × 30 (both rounded up to a multiple of 10), and at least 10.
 */
public record Forecast(BigDecimal average30, BigDecimal average90, LocalDate zeroOn, BigDecimal p95Daily,
		BigDecimal medianDaily, BigDecimal recommendedTrigger, BigDecimal recommendedRecharge) {

	private static final MathContext MC = MathContext.DECIMAL64;

	/**
	 * @param spendByDay credits spent per day (any days; only the 90 before {@code asOf}
	 * count)
	 * @param asOf the first day not counted (the day after the period)
	 */
	public static Forecast of(Map<LocalDate, BigDecimal> spendByDay, LocalDate asOf, BigDecimal balance,
			int triggerDays) {
		List<BigDecimal> last90 = new ArrayList<>(90);
		BigDecimal sum30 = BigDecimal.ZERO, sum90 = BigDecimal.ZERO;
		for (int i = 1; i <= 90; i++) {
			BigDecimal d = spendByDay.getOrDefault(asOf.minusDays(i), BigDecimal.ZERO);
			last90.add(d);
			sum90 = sum90.add(d);
			if (i <= 30) {
				sum30 = sum30.add(d);
			}
		}
		BigDecimal avg30 = sum30.divide(BigDecimal.valueOf(30), MC);
		BigDecimal avg90 = sum90.divide(BigDecimal.valueOf(90), MC);
		LocalDate zeroOn = null;
		if (avg30.signum() > 0 && balance.signum() > 0) {
			long days = balance.divide(avg30, 0, RoundingMode.CEILING).longValueExact();
			zeroOn = asOf.plusDays(days);
		}
		else if (balance.signum() <= 0) {
			zeroOn = asOf;
		}
		Collections.sort(last90);
		BigDecimal p95 = last90.get((int) Math.ceil(0.95 * 90) - 1);
		BigDecimal median = last90.get(44).add(last90.get(45)).divide(BigDecimal.valueOf(2), MC);
		BigDecimal trigger = p95.multiply(BigDecimal.valueOf(triggerDays))
			.setScale(0, RoundingMode.CEILING)
			.max(BigDecimal.ONE);
		BigDecimal recharge = tens(median.multiply(BigDecimal.valueOf(30)))
			.max(tens(avg30.multiply(BigDecimal.valueOf(30))))
			.max(tens(trigger))
			.max(BigDecimal.TEN);
		return new Forecast(avg30, avg90, zeroOn, p95, median, trigger, recharge);
	}

	/** Rounded up to a multiple of 10. */
	private static BigDecimal tens(BigDecimal v) {
		return v.divide(BigDecimal.TEN, 0, RoundingMode.CEILING).multiply(BigDecimal.TEN);
	}

}
