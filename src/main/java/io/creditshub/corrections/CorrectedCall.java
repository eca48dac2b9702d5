package io.creditshub.corrections;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One call a correction changes, and how: the old and new cost and credits due, and the
 * money it moves. The dry run lists exactly these; the real run posts exactly these.
 *
 * @param refunded what goes back to lots (including the forfeited part)
 * @param forfeited the part of the refund whose lot has expired, forfeited at once (like
 * expiry, DOMAIN rule 3)
 * @param charged what is newly taken from lots
 * @param unfundedChange the change of the call's unfunded part (+ more unfunded, - less)
 * @param moves the lots it moves, in order
 * @param refusalChanged whether credits may now pay a call they could not, or the reverse
 * (a re-dated license export)
 * @param newRefusal then: why credits may not pay it now, null when they may
 * @param pools included minutes given back or taken
 */
public record CorrectedCall(String orgId, String usageId, String callId, Instant startedAt, Long oldVersionId,
		Long newVersionId, BigDecimal oldCost, BigDecimal newCost, BigDecimal oldDue, BigDecimal newDue,
		BigDecimal refunded, BigDecimal forfeited, BigDecimal charged, BigDecimal unfundedChange, String currency,
		List<LotMove> moves, boolean refusalChanged, String newRefusal, List<PoolMove> pools) {

	/** A re-rating's correction: the funding decision stays. */
	public CorrectedCall(String orgId, String usageId, String callId, Instant startedAt, Long oldVersionId,
			Long newVersionId, BigDecimal oldCost, BigDecimal newCost, BigDecimal oldDue, BigDecimal newDue,
			BigDecimal refunded, BigDecimal forfeited, BigDecimal charged, BigDecimal unfundedChange, String currency,
			List<LotMove> moves) {
		this(orgId, usageId, callId, startedAt, oldVersionId, newVersionId, oldCost, newCost, oldDue, newDue, refunded,
				forfeited, charged, unfundedChange, currency, moves, false, null, List.of());
	}

	/** The change of the call's credits due: new - old (negative: a refund). */
	public BigDecimal difference() {
		return newDue.subtract(oldDue);
	}

	/** The change of the balance: refunded - forfeited - charged. */
	public BigDecimal balanceChange() {
		return refunded.subtract(forfeited).subtract(charged);
	}

	/**
	 * Money moved on one lot: {@code amount} > 0 goes back to it (a refund), < 0 is taken
	 * from it. A refund to a lot that has expired is {@code forfeited} at once.
	 */
	public record LotMove(long lotId, BigDecimal amount, boolean forfeited) {
	}

	/**
	 * Included minutes given back to (< 0) or taken from (> 0) a pool (DOMAIN rule 6).
	 */
	public record PoolMove(String poolType, String country, String month, int minutes) {

		@Override
		public String toString() {
			return poolType + "/" + country + "/" + month + ":" + (minutes > 0 ? "+" : "") + minutes;
		}

	}

}
