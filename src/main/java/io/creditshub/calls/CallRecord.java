package io.creditshub.calls;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One call as read from a Teams PSTN usage export row, with how the hub rated it. The
 * producer's own Charge and Connection Fee are kept for comparison only, never billed
 * from (FORMATS.md section 1).
 */
public record CallRecord(String orgId, String usageId, String callId, String conferenceId, String userLocation,
		long fileId, int line, String userObjectId, String upn, String displayName, String callerId, CallType callType,
		String numberType, String domesticInternational, String destinationDialed, String destinationNumber,
		Instant startedAt, Instant endedAt, int durationSeconds, BigDecimal producerCharge,
		BigDecimal producerConnectionFee, String producerCurrency, String capability, Rating rating, long callNo,
		java.util.UUID usageKey) {

	/** How the hub rated the call. */
	public record Rating(RatingStatus status, Long rateVersionId, Long rateId, String ratePrefix,
			String ratedDestination, int billedSeconds, BigDecimal charge, String currency,
			io.creditshub.rating.Rate rate) {
	}

	/** Whether a call is paid from funds at all. */
	public enum RatingStatus {

		/** Rated; the ledger says how it was paid. */
		CHARGEABLE,
		/**
		 * Inbound to a number that is not toll-free: costs nothing (FORMATS.md section
		 * 1).
		 */
		NOT_CHARGEABLE

	}

}
