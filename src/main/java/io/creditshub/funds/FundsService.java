package io.creditshub.funds;

import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.ledger.BookPeriods;
import io.creditshub.ledger.EntryType;
import io.creditshub.ledger.LedgerRepository;
import io.creditshub.ledger.NewEntry;
import io.creditshub.persistence.BulkWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves money: adds lots (purchases) and pays rated calls from lots, always with the
 * ledger entries and the balance change in the same transaction (DOMAIN rule 9). Callers
 * hold the organization's row lock ({@link OrganizationRepository#lock}).
 */
@Service
public class FundsService {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FundsService.class);

	/** Long settlements log their progress this often. */
	private static final long PROGRESS_NANOS = 5_000_000_000L;

	/** Reason recorded on a call that no lot could pay at all. */
	public static final String NO_FUNDS = "insufficient funds: no unexpired lot with money left at call start";

	/**
	 * Reason recorded on a call that lots paid in part: the funds ran out during this
	 * call (DOMAIN rule 8), e.g. "funds ran out during this call: 3.12 paid, 1.82
	 * unfunded".
	 */
	public static String ranOut(BigDecimal paid, BigDecimal unpaid) {
		return "funds ran out during this call: " + plain(paid) + " paid, " + plain(unpaid) + " unfunded";
	}

	/**
	 * True for the reasons a call records when funds, not licenses, were missing
	 * ({@link #NO_FUNDS}, {@link #ranOut}).
	 */
	public static boolean isFundsShortage(String reason) {
		return reason != null && (reason.equals(NO_FUNDS) || reason.startsWith("funds ran out during this call: "));
	}

	private static String plain(BigDecimal amount) {
		return io.creditshub.money.Money.plain(amount);
	}

	private final LotRepository lots;

	private final LedgerRepository ledger;

	private final OrganizationRepository organizations;

	private final List<BalanceListener> listeners;

	private final BookPeriods books;

	private final Clock clock;

	public FundsService(LotRepository lots, LedgerRepository ledger, OrganizationRepository organizations,
			List<BalanceListener> listeners, BookPeriods books, Clock clock) {
		this.lots = lots;
		this.ledger = ledger;
		this.organizations = organizations;
		this.listeners = listeners;
		this.books = books;
		this.clock = clock;
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
	 * Adds a lot and its PURCHASE (or RECHARGE) entry (DOMAIN rule 1). The reference
	 * (order number) is unique per organization, so the same order is never added twice.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long addLot(String orgId, EntryType type, BigDecimal amount, String currency, Instant purchasedAt,
			String reference, Long fileId, Integer line) {
		if (amount.signum() <= 0) {
			throw new IllegalArgumentException("a lot amount must be positive: " + amount);
		}
		// DOMAIN rule 9: booked to the purchase month, or to the month of posting when
		// that month is closed
		String book = BookPeriods.decide(BookPeriods.month(purchasedAt), books.closedThrough(orgId), clock.instant())
			.toString();
		long lotId = lots.insert(orgId, type.name(), amount, currency, purchasedAt, reference, book);
		ledger.post(List
			.of(NewEntry.movement(orgId, type, amount, currency, lotId, reference, fileId, line, purchasedAt, book)));
		moveBalance(orgId, amount, type, purchasedAt);
		return lotId;
	}

	/**
	 * Forfeits what remains in a lot at its expiry (DOMAIN rule 3): one EXPIRY entry
	 * naming the lot, amount = -remaining, the lot emptied and the balance moved, in the
	 * caller's transaction (which holds the organization's row lock). Returns the amount
	 * forfeited (0 when the lot is already empty).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public BigDecimal forfeitLot(String orgId, long lotId, Instant expiredAt, String reference) {
		Lot lot = lots.find(orgId, lotId).orElseThrow();
		BigDecimal remaining = lot.remaining();
		if (remaining.signum() <= 0) {
			return BigDecimal.ZERO;
		}
		// DOMAIN rule 9: never booked before the lot's own month
		YearMonth natural = BookPeriods.later(BookPeriods.month(expiredAt), lots.bookMonths(orgId).get(lotId));
		String book = BookPeriods.decide(natural, books.closedThrough(orgId), clock.instant()).toString();
		ledger.post(List.of(NewEntry.movement(orgId, EntryType.EXPIRY, remaining.negate(), lot.currency(), lotId,
				reference, null, null, expiredAt, book)));
		lots.updateRemaining(Map.of(lotId, BigDecimal.ZERO));
		moveBalance(orgId, remaining.negate(), EntryType.EXPIRY, expiredAt);
		return remaining;
	}

	/**
	 * Settles calls in start-time order within the batch (DOMAIN rule 2): included
	 * minutes were decided by the caller; what is left for credits is paid from lots when
	 * credits may pay it, else recorded as unfunded with the refusal reason. One ledger
	 * entry per call that had a price: INCLUDED_USAGE (pool only, amount 0), USAGE (paid
	 * in full) or UNFUNDED_USAGE (part or all unpaid, with the reason).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public ChargeTotals charge(String orgId, String currency, List<UsageCharge> calls, Long fileId, int batchSize) {
		List<UsageCharge> ordered = new ArrayList<>(calls);
		ordered.sort(Comparator.comparing(UsageCharge::startedAt).thenComparingInt(UsageCharge::line));
		try (Settlement settlement = settlement(orgId, currency, fileId, batchSize)) {
			settlement.add(ordered);
			return settlement.finish();
		}
	}

	/**
	 * Starts settling a file's calls as they come: {@link Settlement#add} takes them in
	 * start-time order (DOMAIN rule 2), batch after batch, and writes their entries at
	 * once; {@link Settlement#finish} writes the lots, the splits and the balance. What
	 * {@link #charge} does for a whole list, for a caller that reads a file already in
	 * start-time order and need not hold all its calls (issue 14).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Settlement settlement(String orgId, String currency, Long fileId, int batchSize) {
		return new Settlement(orgId, currency, fileId, batchSize);
	}

	/**
	 * One file's settlement, in the caller's transaction (which holds the organization's
	 * row lock). Not thread-safe.
	 */
	public final class Settlement implements AutoCloseable {

		private final String orgId;

		private final String currency;

		private final Long fileId;

		private final LotAllocator allocator;

		/** DOMAIN rule 9: the month whose books each call belongs to */
		private final Map<Long, YearMonth> lotMonths;

		private final YearMonth closedThrough;

		private final Instant now = clock.instant();

		private final BulkWriter<NewEntry> entries;

		private final List<LedgerRepository.Allocation> splits = new ArrayList<>();

		private final long started = System.nanoTime();

		private long lastLog = started;

		private BigDecimal inLots;

		/**
		 * DOMAIN rule 8: the balance reaches zero at the start of the call that used up
		 * the funds
		 */
		private Instant zeroAt;

		private BigDecimal funded = BigDecimal.ZERO;

		private BigDecimal unfunded = BigDecimal.ZERO;

		private int unfundedCalls;

		private int done;

		private UsageCharge last;

		private Settlement(String orgId, String currency, Long fileId, int batchSize) {
			this.orgId = orgId;
			this.currency = currency;
			this.fileId = fileId;
			this.allocator = new LotAllocator(lots.openLots(orgId));
			this.lotMonths = lots.bookMonths(orgId);
			this.closedThrough = books.closedThrough(orgId);
			this.inLots = allocator.remaining();
			this.entries = ledger.writer(batchSize);
		}

		/**
		 * Settles these calls, which start no earlier than any call added before (in
		 * start-time order, then line), and writes their entries: when it returns, the
		 * connection is free for other statements.
		 * @throws IllegalArgumentException when a call starts before one already settled
		 */
		public void add(List<UsageCharge> calls) {
			for (UsageCharge call : calls) {
				if (last != null && (call.startedAt().isBefore(last.startedAt())
						|| call.startedAt().equals(last.startedAt()) && call.line() < last.line())) {
					throw new IllegalArgumentException("calls settled out of start-time order: line " + call.line()
							+ " starts at " + call.startedAt() + ", before line " + last.line() + " ("
							+ last.startedAt() + ")");
				}
				last = call;
				settle(call);
			}
			entries.finish();
		}

		private void settle(UsageCharge call) {
			done++;
			if ((done & 0x3FFF) == 0 && System.nanoTime() - lastLog > PROGRESS_NANOS) {
				lastLog = System.nanoTime();
				log.info("charging {}: {} calls settled, {} calls/s", orgId, done,
						Math.round(done / ((lastLog - started) / 1e9)));
			}
			BigDecimal due = call.creditsDue();
			if (due.signum() == 0 && call.poolMinutes() == 0) {
				return; // nothing billed (a 0-second call): no entry
			}
			EntryType type;
			BigDecimal paid = BigDecimal.ZERO;
			BigDecimal unpaid = BigDecimal.ZERO;
			String reason = null;
			Long lotId = null;
			YearMonth natural = BookPeriods.month(call.startedAt());
			if (due.signum() == 0) {
				type = EntryType.INCLUDED_USAGE;
			}
			else if (call.refusal() != null) {
				type = EntryType.UNFUNDED_USAGE;
				unpaid = due;
				reason = call.refusal();
			}
			else {
				LotAllocator.Allocation a = allocator.allocate(call.startedAt(), due);
				paid = a.funded();
				unpaid = a.unfunded();
				type = unpaid.signum() > 0 ? EntryType.UNFUNDED_USAGE : EntryType.USAGE;
				reason = unpaid.signum() == 0 ? null : paid.signum() > 0 ? ranOut(paid, unpaid) : NO_FUNDS;
				if (paid.signum() > 0) {
					inLots = inLots.subtract(paid);
					if (zeroAt == null && inLots.signum() <= 0) {
						zeroAt = call.startedAt();
					}
				}
				lotId = a.takes().size() == 1 ? a.takes().get(0).lotId() : null;
				for (LotAllocator.Take t : a.takes()) {
					natural = BookPeriods.later(natural, lotMonths.get(t.lotId()));
				}
				if (a.takes().size() > 1) {
					for (LotAllocator.Take t : a.takes()) {
						splits.add(new LedgerRepository.Allocation(orgId, call.callNo(), t.lotId(), t.amount()));
					}
				}
			}
			funded = funded.add(paid);
			if (unpaid.signum() > 0) {
				unfunded = unfunded.add(unpaid);
				unfundedCalls++;
			}
			entries.add(new NewEntry(orgId, type, paid.negate(), unpaid, reason, currency, lotId, call.callNo(),
					call.callId(), fileId, call.line(), call.startedAt(), funding(call.poolMinutes(), paid, unpaid),
					call.poolType(), call.poolCountry(), call.poolMonth(),
					call.poolType() == null ? null : call.poolMinutes(), due,
					BookPeriods.decide(natural, closedThrough, now).toString()));
		}

		/**
		 * Writes the splits, the lots' remaining amounts and the balance (telling the
		 * balance listeners); what the calls took from funds and what stayed unfunded.
		 */
		public ChargeTotals finish() {
			entries.finish();
			ledger.postAllocations(splits);
			lots.updateRemaining(allocator.touched());
			if (last != null) {
				moveBalance(orgId, funded.negate(), EntryType.USAGE, zeroAt != null ? zeroAt : last.startedAt());
			}
			return new ChargeTotals(funded, unfunded, unfundedCalls);
		}

		/** Abandons unwritten entries (the caller's transaction rolls back). */
		@Override
		public void close() {
			entries.close();
		}

	}

	/**
	 * Applies a correction whose entries the caller posted (DOMAIN rule 9): writes back
	 * the lots' new remaining amounts and moves the balance by {@code delta} (the sum of
	 * the entries), telling the balance listeners (a refund lifts a zero-balance
	 * suspension; a charge may reach zero), in the caller's transaction, which holds the
	 * organization's row lock.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void applyCorrection(String orgId, Map<Long, BigDecimal> lotRemaining, BigDecimal delta, Instant at) {
		lots.updateRemaining(lotRemaining);
		moveBalance(orgId, delta, EntryType.ADJUSTMENT, at);
	}

	/**
	 * How a call was paid, e.g. POOL, CREDITS, POOL+CREDITS, UNFUNDED, CREDITS+UNFUNDED.
	 */
	static String funding(int poolMinutes, BigDecimal paid, BigDecimal unpaid) {
		StringBuilder sb = new StringBuilder();
		if (poolMinutes > 0) {
			sb.append("POOL");
		}
		if (paid.signum() > 0) {
			sb.append(sb.isEmpty() ? "" : "+").append("CREDITS");
		}
		if (unpaid.signum() > 0) {
			sb.append(sb.isEmpty() ? "" : "+").append("UNFUNDED");
		}
		return sb.toString();
	}

	/** What a batch of calls took from funds and what stayed unfunded. */
	public record ChargeTotals(BigDecimal funded, BigDecimal unfunded, int unfundedCalls) {
	}

}
