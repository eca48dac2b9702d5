package io.creditshub.rating;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The result of rating one call (or the part of a call after an offset) with
 * {@link RatingEngine}.
 *
 * @param rate the rate applied
 * @param durationSeconds the call's duration in seconds
 * @param billedSeconds the total length of all billing units charged (0 when nothing is
 * billed)
 * @param exactAmount connection fee (if any) plus the sum of unit costs, at full
 * precision
 * @param amount {@code exactAmount} rounded once with
 * {@link io.creditshub.money.Money#round(BigDecimal, String, io.creditshub.money.RoundingRule)
 * Money.round(exactAmount, rate.currency(), rate.rounding())} (DOMAIN rule 7)
 */
public record RatedCall(Rate rate, int durationSeconds, int billedSeconds, BigDecimal exactAmount, BigDecimal amount) {

	/**
	 * Checks that nothing is null.
	 */
	public RatedCall {
		Objects.requireNonNull(rate, "rate");
		Objects.requireNonNull(exactAmount, "exactAmount");
		Objects.requireNonNull(amount, "amount");
	}

}
