package io.creditshub.corrections;

import io.creditshub.funds.Lot;
import io.creditshub.funds.LotAllocator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization's lots in memory while one correction run decides, call after call,
 * what each refund gives back and each extra charge takes. Pure Java; the run writes back
 * {@link #touched()} afterwards.
 */
final class FundsSimulation {

	private final Map<Long, Lot> lots = new LinkedHashMap<>();

	private final Map<Long, BigDecimal> touched = new LinkedHashMap<>();

	private final Instant now;

	/**
	 * @param now the posting time: a refund to a lot expired by then is forfeited
	 */
	FundsSimulation(List<Lot> allLots, Instant now) {
		allLots.forEach(l -> lots.put(l.lotId(), l));
		this.now = now;
	}

	/**
	 * Gives {@code amount} back to the lots that paid a call, earliest expiry first among
	 * them, each at most what it paid. A lot already expired at posting time gets its
	 * share and forfeits it at once.
	 * @return the moves; their sum is {@code amount} (the caller never refunds more than
	 * was paid)
	 */
	List<CorrectedCall.LotMove> refund(Map<Long, BigDecimal> paidByLot, BigDecimal amount) {
		List<Long> payers = new ArrayList<>(paidByLot.keySet());
		payers.removeIf(id -> paidByLot.get(id).signum() <= 0 || !lots.containsKey(id));
		// DOMAIN rule 2 mirrored: the refund goes first to the lot that expires soonest
		// (ties: older lot first)
		payers.sort(Comparator.comparing((Long id) -> lots.get(id).expiresAt()).thenComparingLong(id -> id));
		List<CorrectedCall.LotMove> moves = new ArrayList<>();
		BigDecimal left = amount;
		for (Long id : payers) {
			if (left.signum() <= 0) {
				break;
			}
			BigDecimal give = left.min(paidByLot.get(id));
			left = left.subtract(give);
			Lot lot = lots.get(id);
			boolean expired = !lot.expiresAt().isAfter(now);
			if (!expired) {
				set(lot, lot.remaining().add(give));
			}
			moves.add(new CorrectedCall.LotMove(id, give, expired));
		}
		if (left.signum() > 0) {
			throw new IllegalStateException("refund of " + amount + " exceeds what the lots paid");
		}
		return moves;
	}

	/**
	 * Takes {@code amount} as usage is taken (DOMAIN rule 2, {@link LotAllocator}): from
	 * the lots unexpired at {@code start}, soonest expiry first.
	 */
	LotAllocator.Allocation take(Instant start, BigDecimal amount) {
		LotAllocator allocator = new LotAllocator(new ArrayList<>(lots.values()));
		LotAllocator.Allocation a = allocator.allocate(start, amount);
		allocator.touched().forEach((id, remaining) -> set(lots.get(id), remaining));
		return a;
	}

	private void set(Lot lot, BigDecimal remaining) {
		lots.put(lot.lotId(), new Lot(lot.lotId(), lot.orgId(), lot.source(), lot.amount(), remaining, lot.currency(),
				lot.purchasedAt(), lot.expiresAt(), lot.reference()));
		touched.put(lot.lotId(), remaining);
	}

	/** Lots whose remaining amount changed, with the new amount. */
	Map<Long, BigDecimal> touched() {
		return touched;
	}

}
