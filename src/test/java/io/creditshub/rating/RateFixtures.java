package io.creditshub.rating;

import io.creditshub.money.RoundingRule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builder methods for rating tests.
 */
final class RateFixtures {

	static final Instant JAN_2025 = Instant.parse("2025-01-01T00:00:00Z");

	private RateFixtures() {
	}

	/**
	 * Segments written as {@code start:rate:first/next}, separated by ';', e.g.
	 * {@code 0:0.20:60/60;60:0.05:1/1}.
	 */
	static List<RateSegment> segments(String spec) {
		List<RateSegment> segments = new ArrayList<>();
		for (String part : spec.split(";")) {
			String[] fields = part.strip().split(":");
			String[] increments = fields[2].split("/");
			segments.add(new RateSegment(Integer.parseInt(fields[0]), new BigDecimal(fields[1]),
					Integer.parseInt(increments[0]), Integer.parseInt(increments[1])));
		}
		return segments;
	}

	static RateSegment segment(int start, String ratePerMinute, int first, int next) {
		return new RateSegment(start, new BigDecimal(ratePerMinute), first, next);
	}

	/**
	 * A single-segment EUR landline rate for prefix 44, no fee, in force from 2025-01-01.
	 */
	static Rate simpleRate(String ratePerMinute, int first, int next) {
		return rate("0:" + ratePerMinute + ":" + first + "/" + next, "0", "EUR", RoundingRule.DEFAULT);
	}

	static Rate rate(String segmentSpec, String connectionFee, String currency, RoundingRule rounding) {
		return new Rate(0, "44", "United Kingdom", NumberType.LANDLINE, currency, new BigDecimal(connectionFee),
				segments(segmentSpec), JAN_2025, null, false, rounding);
	}

	static Rate rate(long id, String prefix, NumberType type, String currency, Instant from, Instant to) {
		return new Rate(id, prefix, "dest " + prefix, type, currency, BigDecimal.ZERO,
				List.of(segment(0, "0.10", 60, 60)), from, to, false, RoundingRule.DEFAULT);
	}

}
