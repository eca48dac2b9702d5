package io.creditshub.rating;

import io.creditshub.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

/**
 * Rates a call against a {@link Rate} (DOMAIN rule 7). Pure static functions: no clock,
 * no state.
 *
 * <h2>Billing model</h2> The same model as CGRateS's GroupIntervalStart / RateUnit /
 * RateIncrement, in seconds, with a per-minute price:
 * <ul>
 * <li>A call of 0 seconds (or a part that starts at or after the end of the call) bills
 * nothing: 0 billed seconds, amount 0, no connection fee (the call never connected).</li>
 * <li>Otherwise the call is walked in billing units from {@code t = fromOffsetSeconds}.
 * The segment in force for a unit is the last segment whose {@code startSecond <= t}. The
 * first unit billed inside a segment is {@code firstIncrement} seconds long, every later
 * unit in that segment {@code nextIncrement} seconds. Units continue while
 * {@code t < duration}.</li>
 * <li>A unit started in one segment is billed whole at that segment's price, even if it
 * runs past the next segment's start; the next unit starts where it ended, in the segment
 * in force at that second, as that segment's first unit.</li>
 * <li>A unit costs {@code ratePerMinute * unitSeconds / 60}. The exact amount is the
 * connection fee (only when rating from offset 0) plus all unit costs, at full precision
 * (division by 60 with {@link MathContext#DECIMAL128}); it is rounded once, by
 * {@link Money#round(BigDecimal, String, io.creditshub.money.RoundingRule)} with the
 * rate's rounding rule.</li>
 * </ul>
 * Units per segment are counted in closed form (ceiling division), so the cost is
 * O(number of segments), not O(seconds), even for 1/1 increments on long calls.
 *
 * <h2>Worked example</h2> A rate in EUR with a connection fee of 0.15 and two segments:
 * from second 0, 0.20/min billed 60/60; from second 60, 0.05/min billed 1/1. A call of 90
 * seconds:
 * <ul>
 * <li>t = 0: segment 1 is in force; its first unit is 60 s, ending at 60 = the next
 * segment's start. Cost 0.20 * 60 / 60 = 0.20.</li>
 * <li>t = 60: segment 2 is in force; first unit 1 s, then 29 units of 1 s reach 90. 30 s
 * billed, cost 0.05 * 30 / 60 = 0.025.</li>
 * <li>Exact amount 0.15 + 0.20 + 0.025 = 0.375, 90 billed seconds; rounded half-up to the
 * cent: 0.38.</li>
 * </ul>
 * With 30/6 at 0.12/min, a 31 s call bills 30 + 6 = 36 s: 0.12 * 36 / 60 = 0.072, rounded
 * 0.07. Rated from offset 120 (the first two minutes covered by included minutes, DOMAIN
 * rule 6), a 150 s call at 60/60 bills one unit from 120 to 180: 60 s, no connection fee.
 *
 * <h2>Maximum cost (CGRateS MaxCost)</h2> A rate may name a {@link MaxCost}: with
 * {@code *free} the exact amount (connection fee included) is capped at the maximum
 * before the one rounding, so the call never costs more; rated from an offset, the part
 * rated is capped the same way (what credits pay for a call never passes the maximum).
 * With {@code *disconnect} the carrier cuts the call at the maximum: the call is rated as
 * reported, not capped. Example: 0.20/min 60/60, MaxCost 1.00 *free; a 7-minute call: 7 x
 * 0.20 = 1.40, capped to 1.00; the same with *disconnect: 1.40.
 */
public final class RatingEngine {

	private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

	/**
	 * rate-seconds / 60 (34 significant digits), remembered: a CDR file has few distinct
	 * rate x duration products and the 34-digit division was a fifth of the time spent
	 * reading a file. The result is the same value.
	 */
	private static final java.util.concurrent.ConcurrentHashMap<BigDecimal, BigDecimal> PER_MINUTE = new java.util.concurrent.ConcurrentHashMap<>();

	private static final int PER_MINUTE_CACHE_SIZE = 100_000;

	static BigDecimal perMinute(BigDecimal rateSeconds) {
		BigDecimal q = PER_MINUTE.get(rateSeconds);
		if (q == null) {
			q = rateSeconds.divide(SIXTY, MathContext.DECIMAL128);
			if (PER_MINUTE.size() >= PER_MINUTE_CACHE_SIZE) {
				PER_MINUTE.clear();
			}
			PER_MINUTE.put(rateSeconds, q);
		}
		return q;
	}

	private RatingEngine() {
	}

	/**
	 * Rates a whole call: {@code rate(rate, durationSeconds, 0)}.
	 * @param rate the rate in force when the call started
	 * @param durationSeconds the call's duration in seconds ({@code >= 0})
	 * @return the rated call
	 * @throws IllegalArgumentException if the duration is negative
	 */
	public static RatedCall rate(Rate rate, int durationSeconds) {
		return rate(rate, durationSeconds, 0);
	}

	/**
	 * Rates the part of a call from second {@code fromOffsetSeconds} to its end (the
	 * start may be covered by included minutes, DOMAIN rule 6). The connection fee
	 * applies only when {@code fromOffsetSeconds == 0}. See the class description for the
	 * billing model.
	 * @param rate the rate in force when the call started
	 * @param durationSeconds the call's duration in seconds ({@code >= 0})
	 * @param fromOffsetSeconds the second from which to bill ({@code >= 0})
	 * @return the rated call; {@code durationSeconds} is the whole call's duration
	 * @throws IllegalArgumentException if an argument is negative
	 */
	public static RatedCall rate(Rate rate, int durationSeconds, int fromOffsetSeconds) {
		Objects.requireNonNull(rate, "rate");
		if (durationSeconds < 0) {
			throw new IllegalArgumentException("call duration must be >= 0 seconds, got " + durationSeconds);
		}
		if (fromOffsetSeconds < 0) {
			throw new IllegalArgumentException("rating offset must be >= 0 seconds, got " + fromOffsetSeconds);
		}
		if (fromOffsetSeconds >= durationSeconds) {
			// Nothing left to bill; a 0 s call never connected, so no connection fee
			// either.
			BigDecimal zero = BigDecimal.ZERO;
			return new RatedCall(rate, durationSeconds, 0, zero, Money.round(zero, rate.currency(), rate.rounding()));
		}

		List<RateSegment> segments = rate.segments();
		int count = segments.size();
		int i = 0;
		long t = fromOffsetSeconds;
		long end = durationSeconds;
		long billed = 0;
		// Sum of ratePerMinute * seconds; divided by 60 once at the end to stay exact.
		BigDecimal rateSeconds = BigDecimal.ZERO;
		while (t < end) {
			// The segment in force at t: the last one with startSecond <= t (segments are
			// sorted).
			while (i + 1 < count && segments.get(i + 1).startSecond() <= t) {
				i++;
			}
			RateSegment segment = segments.get(i);
			long segmentEnd = (i + 1 < count) ? segments.get(i + 1).startSecond() : Long.MAX_VALUE;
			long limit = Math.min(segmentEnd, end);
			// First unit in this segment, then as many next units as start before the
			// limit. When rating resumes
			// at an offset inside a segment (included minutes covered the start of the
			// call, DOMAIN rule 6), the
			// call is already under way there: it continues with next increments, no
			// second first increment.
			boolean resuming = t == fromOffsetSeconds && fromOffsetSeconds > 0 && segment.startSecond() < t;
			long seconds = resuming ? segment.nextIncrement() : segment.firstIncrement();
			long afterFirst = t + seconds;
			if (afterFirst < limit) {
				long nextUnits = ceilDiv(limit - afterFirst, segment.nextIncrement());
				seconds += nextUnits * segment.nextIncrement();
			}
			t += seconds;
			billed += seconds;
			rateSeconds = rateSeconds.add(segment.ratePerMinute().multiply(BigDecimal.valueOf(seconds)));
		}

		BigDecimal exact = perMinute(rateSeconds);
		if (fromOffsetSeconds == 0) {
			exact = rate.connectionFee().add(exact);
		}
		if (rate.maxCost() != null) {
			exact = rate.maxCost().apply(exact);
		}
		// DOMAIN rule 7: round once per call, with the rate's rule (default half-up to
		// the minor unit).
		BigDecimal amount = Money.round(exact, rate.currency(), rate.rounding());
		return new RatedCall(rate, durationSeconds, Math.toIntExact(billed), exact, amount);
	}

	private static long ceilDiv(long dividend, long divisor) {
		return (dividend + divisor - 1) / divisor;
	}

}
