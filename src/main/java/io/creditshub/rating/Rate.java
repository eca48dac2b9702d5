package io.creditshub.rating;

import io.creditshub.money.Money;
import io.creditshub.money.RoundingRule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One row of a rate table (DOMAIN rule 7, FORMATS section 3): the price of calls to
 * numbers starting with {@code prefix}, of one number type, in one currency, while in
 * force.
 *
 * @param id the stored id, 0 when not stored yet
 * @param prefix E.164 digits without '+', non-empty, matched by longest prefix
 * @param destination destination name for reports (null is stored as "")
 * @param numberType the number type the rate applies to
 * @param currency ISO 4217 code (exact, upper case)
 * @param connectionFee charged once per connected call, {@code >= 0} (pass
 * {@link BigDecimal#ZERO} for none)
 * @param segments the price parts, non-empty; stored as an unmodifiable copy sorted by
 * start second; the first starts at second 0 and no two start at the same second
 * @param effectiveFrom first instant the rate is in force (inclusive)
 * @param effectiveTo instant the rate stops being in force (exclusive), or null for open
 * ended
 * @param zoneA whether the destination is a Zone A country for conference dial-out
 * @param rounding how the call's amount is rounded (null is stored as
 * {@link RoundingRule#DEFAULT})
 * @param maxCost the most one call may cost (CGRateS MaxCost), or null for no maximum
 */
public record Rate(long id, String prefix, String destination, NumberType numberType, String currency,
		BigDecimal connectionFee, List<RateSegment> segments, Instant effectiveFrom, Instant effectiveTo, boolean zoneA,
		RoundingRule rounding, MaxCost maxCost) {

	/** A rate without a maximum cost per call. */
	public Rate(long id, String prefix, String destination, NumberType numberType, String currency,
			BigDecimal connectionFee, List<RateSegment> segments, Instant effectiveFrom, Instant effectiveTo,
			boolean zoneA, RoundingRule rounding) {
		this(id, prefix, destination, numberType, currency, connectionFee, segments, effectiveFrom, effectiveTo, zoneA,
				rounding, null);
	}

	/**
	 * Validates the rate and normalizes its segments.
	 * @throws IllegalArgumentException if any field is invalid, with the reason
	 */
	public Rate {
		if (id < 0) {
			throw new IllegalArgumentException("rate id must be >= 0, got " + id);
		}
		if (prefix == null || prefix.isEmpty()) {
			throw new IllegalArgumentException("rate prefix is required (E.164 digits without '+')");
		}
		for (int i = 0; i < prefix.length(); i++) {
			char c = prefix.charAt(i);
			if (c < '0' || c > '9') {
				throw new IllegalArgumentException(
						"rate prefix '" + prefix + "' must be E.164 digits only (no '+', spaces or other characters)");
			}
		}
		if (destination == null) {
			destination = "";
		}
		if (numberType == null) {
			throw new IllegalArgumentException("rate number type is required (prefix " + prefix + ")");
		}
		if (!Money.isValidCurrency(currency)) {
			throw new IllegalArgumentException(
					"rate currency '" + currency + "' is not an ISO 4217 code (prefix " + prefix + ")");
		}
		if (connectionFee == null) {
			throw new IllegalArgumentException(
					"rate connection fee is required, pass 0 for none (prefix " + prefix + ")");
		}
		if (connectionFee.signum() < 0) {
			throw new IllegalArgumentException(
					"rate connection fee must be >= 0, got " + connectionFee + " (prefix " + prefix + ")");
		}
		if (segments == null || segments.isEmpty()) {
			throw new IllegalArgumentException("rate needs at least one segment (prefix " + prefix + ")");
		}
		List<RateSegment> sorted = new ArrayList<>(segments.size());
		for (RateSegment segment : segments) {
			if (segment == null) {
				throw new IllegalArgumentException("rate segment must not be null (prefix " + prefix + ")");
			}
			sorted.add(segment);
		}
		sorted.sort(Comparator.comparingInt(RateSegment::startSecond));
		if (sorted.get(0).startSecond() != 0) {
			throw new IllegalArgumentException("the first rate segment must start at second 0, got "
					+ sorted.get(0).startSecond() + " (prefix " + prefix + ")");
		}
		for (int i = 1; i < sorted.size(); i++) {
			if (sorted.get(i).startSecond() == sorted.get(i - 1).startSecond()) {
				throw new IllegalArgumentException("two rate segments start at second " + sorted.get(i).startSecond()
						+ " (prefix " + prefix + ")");
			}
		}
		segments = List.copyOf(sorted);
		if (effectiveFrom == null) {
			throw new IllegalArgumentException("rate effective-from is required (prefix " + prefix + ")");
		}
		if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
			throw new IllegalArgumentException("rate effective-to " + effectiveTo + " must be after effective-from "
					+ effectiveFrom + " (prefix " + prefix + ")");
		}
		if (rounding == null) {
			rounding = RoundingRule.DEFAULT;
		}
	}

	/**
	 * Whether the rate is in force at an instant:
	 * {@code effectiveFrom <= t < effectiveTo} (DOMAIN rule 7: a call is rated at the
	 * rate in force when it started).
	 * @param t the instant, typically the call's start
	 * @return true if in force
	 */
	public boolean inForceAt(Instant t) {
		return !t.isBefore(this.effectiveFrom) && (this.effectiveTo == null || t.isBefore(this.effectiveTo));
	}

}
