package io.creditshub.corrections;

import io.creditshub.calls.CallType;
import io.creditshub.funds.FundsService;
import io.creditshub.licensing.PoolKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A posted call as it stands now: its original rating and funding (the usage entry, its
 * lot allocations) plus every correction posted for it since.
 *
 * @param versionId the rate table version of its current cost
 * @param cost the call's current price
 * @param due the part of the price left for credits after included minutes (paid +
 * unfunded)
 * @param unfunded what no lot paid
 * @param paidByLot what each lot paid for the call, net of refunds
 * @param poolMinutes included minutes that covered it (kept when it is re-rated)
 * @param refusal why credits may not pay it (DOMAIN rule 5), null when they may
 * @param pools the included minutes it holds, per pool
 */
record CallState(String orgId, String usageId, String callId, CallType type, String destinationNumber,
		Instant startedAt, int durationSeconds, String currency, Long versionId, BigDecimal cost, BigDecimal due,
		BigDecimal unfunded, Map<Long, BigDecimal> paidByLot, int poolMinutes, String refusal, String userObjectId,
		String callerId, Map<PoolKey, Integer> pools) {

	CallState {
		paidByLot = new LinkedHashMap<>(paidByLot);
		pools = new LinkedHashMap<>(pools);
	}

	/**
	 * Why credits may not pay a call, read from its usage entry's unfunded reason: a
	 * license refusal (DOMAIN rule 5). A funds shortage (no lot with money at all, or the
	 * funds ran out during the call: DOMAIN rule 8) is not one: credits may pay the call,
	 * the lots just had too little, so a re-rating keeps its paid part and moves only the
	 * difference.
	 */
	static String refusalOf(String unfundedReason) {
		return FundsService.isFundsShortage(unfundedReason) ? null : unfundedReason;
	}

}
