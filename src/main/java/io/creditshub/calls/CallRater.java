package io.creditshub.calls;

import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.creditshub.rating.RateTable;
import io.creditshub.rating.RatedCall;
import io.creditshub.rating.RatingEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a call is paid from funds and rates it (DOMAIN rule 7). Pure Java.
 * <ul>
 * <li>Outbound calls ({@code *_out*}) are rated on the Destination Number by longest
 * prefix at the rate in force when the call started; masked numbers rate on the prefix
 * that is left.</li>
 * <li>Inbound calls ({@code *_in}) cost nothing, except calls to a toll-free number of
 * the organization: a Destination Number that matches a toll-free rate is charged per
 * minute at that rate.</li>
 * <li>A chargeable call without a matching rate is refused with that reason, never
 * charged zero.</li>
 * </ul>
 */
public final class CallRater {

	private CallRater() {
	}

	/**
	 * @throws IllegalArgumentException when an outbound call has no number or no rate
	 * matches
	 */
	public static CallRecord.Rating rate(CallType type, String destinationNumber, Instant startedAt,
			int durationSeconds, RateTable table, String currency) {
		if (type.outbound()) {
			if (destinationNumber == null || destinationNumber.isBlank()) {
				throw new IllegalArgumentException("Destination Number is empty on an outbound call");
			}
			Rate rate = table.lookup(destinationNumber, null, currency, startedAt)
				.orElseThrow(() -> new IllegalArgumentException("no rate for " + destinationNumber + " in " + currency
						+ " in force at " + startedAt + " (rate table version " + table.versionId() + ")"));
			return rated(rate, durationSeconds, table.versionId());
		}
		Optional<Rate> tollFree = destinationNumber == null || destinationNumber.isBlank() ? Optional.empty()
				: table.lookup(destinationNumber, NumberType.TOLL_FREE, currency, startedAt);
		if (tollFree.isPresent()) {
			return rated(tollFree.get(), durationSeconds, table.versionId());
		}
		return new CallRecord.Rating(CallRecord.RatingStatus.NOT_CHARGEABLE, null, null, null, null, 0, BigDecimal.ZERO,
				currency, null);
	}

	private static CallRecord.Rating rated(Rate rate, int durationSeconds, long version) {
		RatedCall r = RatingEngine.rate(rate, durationSeconds);
		return new CallRecord.Rating(CallRecord.RatingStatus.CHARGEABLE, version, rate.id(), rate.prefix(),
				rate.destination(), r.billedSeconds(), r.amount(), rate.currency(), rate);
	}

}
