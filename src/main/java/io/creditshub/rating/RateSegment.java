package io.creditshub.rating;

import java.math.BigDecimal;

/**
 * One part of a rate that applies from a given second of the call (DOMAIN rule 7, FORMATS
 * section 3): a per-minute price and billing increments, like CGRateS's
 * GroupIntervalStart / Rate / RateIncrement. A rate with a single price has one segment
 * starting at second 0.
 *
 * @param startSecond the second of the call from which this segment is in force
 * ({@code >= 0})
 * @param ratePerMinute the price of one minute in the rate's currency ({@code >= 0},
 * exact)
 * @param firstIncrement the length in seconds of the first billing unit billed in this
 * segment ({@code >= 1}), e.g. 60 for 60/60, 30 for 30/6, 1 for 1/1
 * @param nextIncrement the length in seconds of every later unit billed in this segment
 * ({@code >= 1})
 * @see RatingEngine
 */
public record RateSegment(int startSecond, BigDecimal ratePerMinute, int firstIncrement, int nextIncrement) {

	/**
	 * Validates the segment.
	 * @throws IllegalArgumentException if startSecond is negative, the rate is null or
	 * negative, or an increment is below 1
	 */
	public RateSegment {
		if (startSecond < 0) {
			throw new IllegalArgumentException("segment start second must be >= 0, got " + startSecond);
		}
		if (ratePerMinute == null) {
			throw new IllegalArgumentException("segment rate per minute is required");
		}
		if (ratePerMinute.signum() < 0) {
			throw new IllegalArgumentException("segment rate per minute must be >= 0, got " + ratePerMinute);
		}
		if (firstIncrement < 1) {
			throw new IllegalArgumentException("first billing increment must be >= 1 second, got " + firstIncrement);
		}
		if (nextIncrement < 1) {
			throw new IllegalArgumentException("next billing increment must be >= 1 second, got " + nextIncrement);
		}
	}

}
