package io.creditshub.corrections;

import io.creditshub.funds.LotAllocator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what a change of a call's credits due moves, keeping the call's funding decision (included minutes taken,
 * whether credits may pay it). Pure Java.
 * <ul>
 * <li>Less due: the unfunded part shrinks first (nothing was paid for it); the rest is refunded to the lots that paid
 * the call, earliest expiry first among them; a share whose lot has expired is forfeited (DOMAIN rule 3).</li>
 * <li>More due: taken from the lots as usage is (DOMAIN rule 2), unfunded where nothing is left (DOMAIN rule 8).</li>
 * <li>A call credits may not pay (DOMAIN rule 5) only changes its unfunded part.</li>
 * </ul>
 */
final class CorrectionPlanner {

	private CorrectionPlanner() {
	}

	/** The correction of one call to {@code newCost} / {@code newDue}, or null when its credits due does not change. */
	static CorrectedCall correct(CallState call, Long newVersion, BigDecimal newCost, BigDecimal newDue,
			FundsSimulation funds) {
		BigDecimal diff = newDue.subtract(call.due());
		if (diff.signum() == 0) {
			return null;
		}
		BigDecimal zero = BigDecimal.ZERO;
		BigDecimal refunded = zero, forfeited = zero, charged = zero, unfundedChange;
		List<CorrectedCall.LotMove> moves = new ArrayList<>();
		if (call.refusal() != null) {
			unfundedChange = diff;
		}
		else if (diff.signum() < 0) {
			BigDecimal less = diff.negate();
			BigDecimal fromUnfunded = less.min(call.unfunded());
			unfundedChange = fromUnfunded.negate();
			BigDecimal refund = less.subtract(fromUnfunded);
			if (refund.signum() > 0) {
				moves.addAll(funds.refund(call.paidByLot(), refund));
				refunded = refund;
				for (CorrectedCall.LotMove m : moves) {
					if (m.forfeited()) {
						forfeited = forfeited.add(m.amount());
					}
				}
			}
		}
		else {
			LotAllocator.Allocation a = funds.take(call.startedAt(), diff);
			for (LotAllocator.Take t : a.takes()) {
				moves.add(new CorrectedCall.LotMove(t.lotId(), t.amount().negate(), false));
			}
			charged = a.funded();
			unfundedChange = a.unfunded();
		}
		return new CorrectedCall(call.orgId(), call.usageId(), call.callId(), call.startedAt(), call.versionId(),
				newVersion, call.cost(), newCost, call.due(), newDue, refunded, forfeited, charged, unfundedChange,
				call.currency(), List.copyOf(moves));
	}

	/** Applies a correction to the call's state (for a second correction of the same call in one run). */
	static void apply(Map<Long, BigDecimal> paidByLot, CorrectedCall c) {
		for (CorrectedCall.LotMove m : c.moves()) {
			paidByLot.merge(m.lotId(), m.amount().negate(), BigDecimal::add);
		}
	}

}
