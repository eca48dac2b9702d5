package io.creditshub.funds;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes call charges from an organization's lots, in memory, for one posting transaction.
 * Pure Java.
 * <ul>
 * <li>DOMAIN rule 2: the lot that expires soonest pays first (ties: the older lot id
 * first);</li>
 * <li>a call is paid only from lots that were unexpired when the call started
 * ({@code expiresAt > start}), whatever the wall clock says when the CDR arrives;</li>
 * <li>DOMAIN rule 8: what no lot can pay is returned as unfunded, never dropped.</li>
 * </ul>
 * The caller feeds calls in start-time order and writes back {@link #touched()} lots
 * afterwards.
 */
public final class LotAllocator {

	private final List<OpenLot> lots;

	private final Map<Long, OpenLot> touched = new LinkedHashMap<>();

	/**
	 * @param lots the organization's lots with money left, in any order
	 */
	public LotAllocator(List<Lot> lots) {
		List<OpenLot> open = new ArrayList<>();
		for (Lot lot : lots) {
			if (lot.remaining().signum() > 0) {
				open.add(new OpenLot(lot.lotId(), lot.expiresAt(), lot.remaining()));
			}
		}
		open.sort(Comparator.comparing(OpenLot::expiresAt).thenComparingLong(OpenLot::lotId));
		this.lots = open;
	}

	/** Takes {@code amount} (>= 0) for a call that started at {@code callStart}. */
	public Allocation allocate(Instant callStart, BigDecimal amount) {
		if (amount.signum() < 0) {
			throw new IllegalArgumentException("negative charge " + amount);
		}
		BigDecimal left = amount;
		List<Take> takes = List.of();
		for (int i = 0; i < lots.size() && left.signum() > 0; i++) {
			OpenLot lot = lots.get(i);
			if (lot.remaining.signum() == 0 || !lot.expiresAt.isAfter(callStart)) {
				continue;
			}
			BigDecimal take = lot.remaining.min(left);
			lot.remaining = lot.remaining.subtract(take);
			left = left.subtract(take);
			touched.put(lot.lotId, lot);
			if (takes.isEmpty()) {
				takes = new ArrayList<>(1);
			}
			takes.add(new Take(lot.lotId, take));
		}
		if (takes.size() == 1) {
			takes = List.of(takes.get(0));
		}
		return new Allocation(takes, amount.subtract(left), left);
	}

	/** Lots whose remaining amount changed, with their new remaining amount. */
	public Map<Long, BigDecimal> touched() {
		Map<Long, BigDecimal> result = new LinkedHashMap<>();
		touched.forEach((id, lot) -> result.put(id, lot.remaining));
		return Collections.unmodifiableMap(result);
	}

	/** What is left in all lots, unexpired or not. */
	public BigDecimal remaining() {
		BigDecimal sum = BigDecimal.ZERO;
		for (OpenLot lot : lots) {
			sum = sum.add(lot.remaining);
		}
		return sum;
	}

	/** The part of a charge taken from one lot. */
	public record Take(long lotId, BigDecimal amount) {
	}

	/** How one charge was paid: the takes, their total, and what no lot could pay. */
	public record Allocation(List<Take> takes, BigDecimal funded, BigDecimal unfunded) {
	}

	private static final class OpenLot {

		private final long lotId;

		private final Instant expiresAt;

		private BigDecimal remaining;

		OpenLot(long lotId, Instant expiresAt, BigDecimal remaining) {
			this.lotId = lotId;
			this.expiresAt = expiresAt;
			this.remaining = remaining;
		}

		long lotId() {
			return lotId;
		}

		Instant expiresAt() {
			return expiresAt;
		}

	}

}
