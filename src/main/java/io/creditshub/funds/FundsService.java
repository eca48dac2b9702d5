package io.creditshub.funds;

import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.ledger.EntryType;
import io.creditshub.ledger.LedgerRepository;
import io.creditshub.ledger.NewEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves money: adds lots (purchases) and pays rated calls from lots, always with the ledger entries and the
 * balance change in the same transaction (DOMAIN rule 9). Callers hold the organization's row lock
 * ({@link OrganizationRepository#lock}).
 */
@Service
public class FundsService {

	/** Reason recorded on a call (or the part of it) that no lot could pay. */
	public static final String NO_FUNDS = "insufficient funds: no unexpired lot with money left at call start";

	private final LotRepository lots;

	private final LedgerRepository ledger;

	private final OrganizationRepository organizations;

	private final List<BalanceListener> listeners;

	public FundsService(LotRepository lots, LedgerRepository ledger, OrganizationRepository organizations,
			List<BalanceListener> listeners) {
		this.lots = lots;
		this.ledger = ledger;
		this.organizations = organizations;
		this.listeners = listeners;
	}

	private void moveBalance(String orgId, BigDecimal delta, EntryType cause, Instant at) {
		if (delta.signum() == 0) {
			return;
		}
		organizations.addToBalance(orgId, delta);
		if (!listeners.isEmpty()) {
			BigDecimal after = organizations.balance(orgId);
			BigDecimal before = after.subtract(delta);
			for (BalanceListener l : listeners) {
				l.balanceChanged(orgId, before, after, cause, at);
			}
		}
	}

	/**
	 * Adds a lot and its PURCHASE (or RECHARGE) entry (DOMAIN rule 1). The reference (order number) is unique per
	 * organization, so the same order is never added twice.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long addLot(String orgId, EntryType type, BigDecimal amount, String currency, Instant purchasedAt,
			String reference, Long fileId, Integer line) {
		if (amount.signum() <= 0) {
			throw new IllegalArgumentException("a lot amount must be positive: " + amount);
		}
		long lotId = lots.insert(orgId, type.name(), amount, currency, purchasedAt, reference);
		ledger.post(List.of(new NewEntry(orgId, type, amount, BigDecimal.ZERO, null, currency, lotId, null, reference,
				fileId, line, purchasedAt)));
		moveBalance(orgId, amount, type, purchasedAt);
		return lotId;
	}

	/**
	 * Forfeits what remains in a lot at its expiry (DOMAIN rule 3): one EXPIRY entry naming the lot, amount =
	 * -remaining, the lot emptied and the balance moved, in the caller's transaction (which holds the organization's
	 * row lock). Returns the amount forfeited (0 when the lot is already empty).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public BigDecimal forfeitLot(String orgId, long lotId, Instant expiredAt, String reference) {
		Lot lot = lots.all(orgId).stream().filter(l -> l.lotId() == lotId).findFirst().orElseThrow();
		BigDecimal remaining = lot.remaining();
		if (remaining.signum() <= 0) {
			return BigDecimal.ZERO;
		}
		ledger.post(List.of(new NewEntry(orgId, EntryType.EXPIRY, remaining.negate(), BigDecimal.ZERO, null,
				lot.currency(), lotId, null, reference, null, null, expiredAt)));
		lots.updateRemaining(Map.of(lotId, BigDecimal.ZERO));
		moveBalance(orgId, remaining.negate(), EntryType.EXPIRY, expiredAt);
		return remaining;
	}

	/**
	 * Pays calls from the organization's lots, in start-time order within the batch (DOMAIN rule 2), and posts
	 * one usage entry per call with a positive charge. Returns the totals.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public ChargeTotals charge(String orgId, String currency, List<UsageCharge> calls, Long fileId, int batchSize) {
		List<UsageCharge> ordered = new ArrayList<>(calls);
		ordered.sort(Comparator.comparing(UsageCharge::startedAt).thenComparingInt(UsageCharge::line));
		LotAllocator allocator = new LotAllocator(lots.openLots(orgId));
		BigDecimal funded = BigDecimal.ZERO;
		BigDecimal unfunded = BigDecimal.ZERO;
		int unfundedCalls = 0;
		List<NewEntry> entries = new ArrayList<>(Math.min(batchSize, ordered.size()));
		List<LedgerRepository.Allocation> splits = new ArrayList<>();
		for (UsageCharge call : ordered) {
			if (call.amount().signum() == 0) {
				continue; // nothing moves: no entry
			}
			LotAllocator.Allocation a = allocator.allocate(call.startedAt(), call.amount());
			funded = funded.add(a.funded());
			boolean partial = a.unfunded().signum() > 0;
			if (partial) {
				unfunded = unfunded.add(a.unfunded());
				unfundedCalls++;
			}
			Long lotId = a.takes().size() == 1 ? a.takes().get(0).lotId() : null;
			entries.add(new NewEntry(orgId, partial ? EntryType.UNFUNDED_USAGE : EntryType.USAGE, a.funded().negate(),
					a.unfunded(), partial ? NO_FUNDS : null, currency, lotId, call.usageId(), call.callId(), fileId,
					call.line(), call.startedAt()));
			if (a.takes().size() > 1) {
				for (LotAllocator.Take t : a.takes()) {
					splits.add(new LedgerRepository.Allocation(orgId, call.usageId(), t.lotId(), t.amount()));
				}
			}
			if (entries.size() >= batchSize) {
				ledger.post(entries);
				entries.clear();
			}
		}
		ledger.post(entries);
		ledger.postAllocations(splits);
		Map<Long, BigDecimal> touched = allocator.touched();
		lots.updateRemaining(touched);
		if (!ordered.isEmpty()) {
			moveBalance(orgId, funded.negate(), EntryType.USAGE, ordered.get(ordered.size() - 1).startedAt());
		}
		return new ChargeTotals(funded, unfunded, unfundedCalls);
	}

	/** What a batch of calls took from funds and what stayed unfunded. */
	public record ChargeTotals(BigDecimal funded, BigDecimal unfunded, int unfundedCalls) {
	}

}
