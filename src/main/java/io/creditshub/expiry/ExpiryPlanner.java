package io.creditshub.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * DOMAIN rule 3 as pure functions of a lot's expiry and the business date's cutoff (the
 * end of the day the batch runs for): whether it is forfeited now, and which warning is
 * due.
 */
public final class ExpiryPlanner {

	private ExpiryPlanner() {
	}

	/**
	 * A lot is forfeited by the batch of the day its expiry falls in (or any later one
	 * that finds it).
	 */
	public static boolean forfeitNow(Instant expiresAt, Instant cutoff) {
		return !expiresAt.isAfter(cutoff);
	}

	/**
	 * The warning due for a lot that expires after the cutoff: the smallest of the
	 * warning windows (in days, e.g. 30 and 2) that contains the expiry, counted from the
	 * cutoff. A lot first seen inside the 2-day window gets only the 2-day warning; its
	 * 30-day warning is never sent late.
	 * @return the window in days, or empty when no warning is due yet (or the lot is
	 * already expired)
	 */
	public static Optional<Integer> warningDue(Instant expiresAt, Instant cutoff, List<Integer> warningDays) {
		if (forfeitNow(expiresAt, cutoff)) {
			return Optional.empty();
		}
		Duration left = Duration.between(cutoff, expiresAt);
		return warningDays.stream().filter(d -> left.compareTo(Duration.ofDays(d)) <= 0).min(Integer::compare);
	}

}
