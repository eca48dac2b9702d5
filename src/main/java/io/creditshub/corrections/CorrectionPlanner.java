package io.creditshub.corrections;

import io.creditshub.funds.LotAllocator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides what a change of a call's credits due (and, for a re-dated license export, of
 * whether credits may pay it) moves. Pure Java.
 * <ul>
 * <li>Less due: the unfunded part shrinks first (nothing was paid for it); the rest is
 * refunded to the lots that paid the call, earliest expiry first among them; a share
 * whose lot has expired is forfeited (DOMAIN rule 3).</li>
 * <li>More due: taken from the lots as usage is (DOMAIN rule 2), unfunded where nothing
 * is left (DOMAIN rule 8).</li>
 * <li>A call credits may not pay (DOMAIN rule 5) only changes its unfunded part; one that
 * credits may no longer pay gets back all it paid; one that credits may now pay is
 * charged like usage.</li>
 * </ul>
 */
final class CorrectionPlanner {

	private CorrectionPlanner() {
	}

	/**
	 * A re-rating's correction of one call to {@code newCost} / {@code newDue}, keeping
	 * its funding decision, or null when its credits due does not change.
	 */
	static CorrectedCall correct(CallState call, Long newVersion, BigDecimal newCost, BigDecimal newDue,
			FundsSimulation funds) {
		return redecide(call, newVersion, newCost, newDue, call.refusal(), List.of(), funds);
	}

	/**
	 * The correction of one call to a new credits due and refusal, with the included
	 * minutes it gives back or takes ({@code pools}), or null when nothing changes.
	 */
	static CorrectedCall redecide(CallState call, Long newVersion, BigDecimal newCost, BigDecimal newDue,
			String newRefusal, List<CorrectedCall.PoolMove> pools, FundsSimulation funds) {
		boolean was = call.refusal() == null, now = newRefusal == null;
		boolean refusalChanged = was != now || !Objects.equals(call.refusal(), newRefusal) && !now;
		BigDecimal diff = newDue.subtract(call.due());
		if (diff.signum() == 0 && was == now && pools.isEmpty()) {
			return null;
		}
		BigDecimal zero = BigDecimal.ZERO;
		BigDecimal refunded = zero, charged = zero, unfundedChange;
		List<CorrectedCall.LotMove> moves = new ArrayList<>();
		if (!now) {
			// credits may not pay it (any more): what lots paid goes back, the whole due
			// is unfunded
			BigDecimal paid = call.paidByLot().values().stream().reduce(zero, BigDecimal::add);
			if (paid.signum() > 0) {
				moves.addAll(funds.refund(call.paidByLot(), paid));
				refunded = paid;
			}
			unfundedChange = newDue.subtract(call.unfunded());
		}
		else if (!was) {
			// credits may pay it now: charged like usage, as if it were posted now
			LotAllocator.Allocation a = funds.take(call.startedAt(), newDue);
			for (LotAllocator.Take t : a.takes()) {
				moves.add(new CorrectedCall.LotMove(t.lotId(), t.amount().negate(), false));
			}
			charged = a.funded();
			unfundedChange = a.unfunded().subtract(call.unfunded());
		}
		else if (diff.signum() < 0) {
			BigDecimal less = diff.negate();
			BigDecimal fromUnfunded = less.min(call.unfunded());
			unfundedChange = fromUnfunded.negate();
			BigDecimal refund = less.subtract(fromUnfunded);
			if (refund.signum() > 0) {
				moves.addAll(funds.refund(call.paidByLot(), refund));
				refunded = refund;
			}
		}
		else if (diff.signum() > 0) {
			LotAllocator.Allocation a = funds.take(call.startedAt(), diff);
			for (LotAllocator.Take t : a.takes()) {
				moves.add(new CorrectedCall.LotMove(t.lotId(), t.amount().negate(), false));
			}
			charged = a.funded();
			unfundedChange = a.unfunded();
		}
		else {
			unfundedChange = zero;
		}
		BigDecimal forfeited = zero;
		for (CorrectedCall.LotMove m : moves) {
			if (m.forfeited()) {
				forfeited = forfeited.add(m.amount());
			}
		}
		return new CorrectedCall(call.orgId(), call.usageId(), call.callId(), call.startedAt(), call.versionId(),
				newVersion, call.cost(), newCost, call.due(), newDue, refunded, forfeited, charged, unfundedChange,
				call.currency(), List.copyOf(moves), refusalChanged, newRefusal, List.copyOf(pools));
	}

}
