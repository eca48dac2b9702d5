package io.creditshub.corrections;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.calls.CallRater;
import io.creditshub.calls.CallRecord;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotAllocator;
import io.creditshub.funds.LotRepository;
import io.creditshub.ledger.EntryType;
import io.creditshub.ledger.LedgerRepository;
import io.creditshub.ledger.NewEntry;
import io.creditshub.money.Money;
import io.creditshub.notify.EmailTemplates;
import io.creditshub.notify.MailOutbox;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.RateTable;
import io.creditshub.rating.RatingEngine;
import io.creditshub.system.DataFolders;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Corrections after the fact, as new ledger entries (DOMAIN rule 9): re-rating a period's
 * calls with a corrected rate table, and manual adjustments. Every correction is a run
 * with an id, recorded first in its transaction: the same run again, or on a second hub
 * at the same time, posts nothing more. A posted correction is reversed only by another
 * correction.
 */
@Service
public class CorrectionService {

	private static final Logger log = LoggerFactory.getLogger(CorrectionService.class);

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

	private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm")
		.withZone(ZoneOffset.UTC);

	private final CorrectionRepository repository;

	private final OrganizationRepository organizations;

	private final RateTableRepository rateTables;

	private final LotRepository lots;

	private final LedgerRepository ledger;

	private final FundsService funds;

	private final MailOutbox mail;

	private final DataFolders folders;

	private final TransactionTemplate tx;

	private final Clock clock;

	public CorrectionService(CorrectionRepository repository, OrganizationRepository organizations,
			RateTableRepository rateTables, LotRepository lots, LedgerRepository ledger, FundsService funds,
			MailOutbox mail, DataFolders folders, TransactionTemplate tx, Clock clock) {
		this.repository = repository;
		this.organizations = organizations;
		this.rateTables = rateTables;
		this.lots = lots;
		this.ledger = ledger;
		this.funds = funds;
		this.mail = mail;
		this.folders = folders;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * A re-rating: the calls of one organization (or all, orgId null) that started in
	 * [from, to), rated again with {@code rateVersion} (null: the newest version), each
	 * at the rate in force when it started (DOMAIN rule 7). {@code correctionId} null:
	 * derived from the request, so the same request is the same run.
	 */
	public record RerateRequest(String orgId, Instant from, Instant to, Long rateVersion, String correctionId,
			boolean dryRun, String requestedBy) {
	}

	/**
	 * What a correction did (or, dry run, would do).
	 *
	 * @param status DRY_RUN, POSTED, or ALREADY_APPLIED (nothing posted: the run exists)
	 * @param skipped calls that could not be rated again (no rate), with the reason; left
	 * as they are
	 */
	public record Result(String correctionId, String status, Long rateVersion, List<CorrectedCall> calls,
			Map<String, OrgTotals> totals, List<String> skipped, Path csv, Path workbook, Instant postedAt) {
	}

	/** Folder of the correction CSVs and workbooks. */
	public Path folder() {
		return folders.outbox().resolve("reports").resolve("corrections");
	}

	public Result rerate(RerateRequest req) {
		if (req.from() == null || req.to() == null || !req.from().isBefore(req.to())) {
			throw new IllegalArgumentException("the period needs --from before --to");
		}
		if (req.orgId() != null && organizations.find(req.orgId()).isEmpty()) {
			throw new NoSuchElementException("unknown organization: " + req.orgId());
		}
		long version = req.rateVersion() != null ? req.rateVersion() : rateTables.currentVersion()
			.orElseThrow(() -> new IllegalArgumentException("no rate table loaded yet"));
		if (rateTables.rates(version).isEmpty()) {
			throw new NoSuchElementException("no rate table version " + version);
		}
		String id = req.correctionId() != null ? checkId(req.correctionId())
				: "rerate-" + (req.orgId() == null ? "all" : req.orgId()) + "-" + COMPACT.format(req.from()) + "-"
						+ COMPACT.format(req.to()) + "-v" + version;
		RateTable table = rateTables.load(version);
		List<String> orgIds = req.orgId() != null ? List.of(req.orgId())
				: organizations.findAll().stream().map(Organization::orgId).toList();
		if (req.dryRun()) {
			List<String> skipped = new ArrayList<>();
			List<CorrectedCall> calls = new ArrayList<>();
			for (String orgId : orgIds) {
				Organization org = organizations.find(orgId).orElseThrow();
				calls.addAll(planRerate(org, req.from(), req.to(), table, skipped));
			}
			Path csv = folder().resolve(id + "-dry-run.csv");
			Path xlsx = folder().resolve(id + "-dry-run.xlsx");
			CorrectionFiles.csv(csv, calls);
			CorrectionFiles.xlsx(xlsx, id + " (dry run)", calls);
			return new Result(id, "DRY_RUN", version, calls, CorrectionFiles.totals(calls), skipped, csv, xlsx, null);
		}
		for (int attempt = 1;; attempt++) {
			Optional<Result> done = alreadyApplied(id);
			if (done.isPresent()) {
				return done.get();
			}
			try {
				return post(req, id, version, table, orgIds);
			}
			catch (org.springframework.dao.TransientDataAccessException e) {
				// H2 times out waiting for the same id's row held by a run in progress:
				// look again when it is done
				if (attempt >= 5) {
					throw e;
				}
				log.info("correction {} is being posted by another run; checking again", id);
			}
		}
	}

	private Result post(RerateRequest req, String id, long version, RateTable table, List<String> orgIds) {
		String what = "calls of " + (req.orgId() == null ? "all organizations" : req.orgId()) + " from " + req.from()
				+ " to " + req.to() + " rated again with rate table version " + version;
		try {
			return tx.execute(status -> {
				// first statement: a second run of this id (another hub) waits here, then
				// fails on the key
				repository.insertRun(id, "RERATE", req.orgId() == null ? "*" : req.orgId(), req.from(), req.to(),
						version, what, req.requestedBy());
				List<String> skipped = new ArrayList<>();
				List<CorrectedCall> all = new ArrayList<>();
				for (String orgId : orgIds.stream().sorted().toList()) {
					Organization org = organizations.lock(orgId).orElseThrow();
					List<CorrectedCall> calls = planRerate(org, req.from(), req.to(), table, skipped);
					post(org, id, "rerate", calls);
					all.addAll(calls);
					notifyAdmins(org, id, "the " + what, calls);
				}
				repository.setCalls(id, all.size());
				Path csv = folder().resolve(id + ".csv");
				Path xlsx = folder().resolve(id + ".xlsx");
				CorrectionFiles.csv(csv, all);
				CorrectionFiles.xlsx(xlsx, id, all);
				log.info("correction {}: {} call(s) re-rated", id, all.size());
				return new Result(id, "POSTED", version, all, CorrectionFiles.totals(all), skipped, csv, xlsx,
						clock.instant());
			});
		}
		catch (DuplicateKeyException e) {
			// the same id ran at the same time elsewhere: PostgreSQL waits on the key,
			// then refuses it
			log.info("correction {} was posted by another run meanwhile: nothing posted here", id);
			return alreadyApplied(id).orElseThrow(() -> e);
		}
	}

	private Optional<Result> alreadyApplied(String id) {
		return repository.find(id)
			.map(run -> new Result(id, "ALREADY_APPLIED", run.rateVersionId(), List.of(), Map.of(), List.of(),
					folder().resolve(id + ".csv"), folder().resolve(id + ".xlsx"), run.postedAt()));
	}

	/**
	 * Rates an organization's calls of the period again and decides each change, in
	 * start-time order.
	 */
	private List<CorrectedCall> planRerate(Organization org, Instant from, Instant to, RateTable table,
			List<String> skipped) {
		List<CallState> states = repository.callStates(org.orgId(), from, to);
		if (states.isEmpty()) {
			return List.of();
		}
		FundsSimulation sim = new FundsSimulation(lots.all(org.orgId()), clock.instant());
		List<CorrectedCall> out = new ArrayList<>();
		for (CallState s : states) {
			CallRecord.Rating r;
			try {
				r = CallRater.rate(s.type(), s.destinationNumber(), s.startedAt(), s.durationSeconds(), table,
						s.currency());
			}
			catch (IllegalArgumentException e) {
				skipped.add(org.orgId() + " " + s.usageId() + ": " + e.getMessage());
				continue;
			}
			BigDecimal newCost = r.charge();
			BigDecimal newDue;
			int minutes = (s.durationSeconds() + 59) / 60;
			if (r.rate() == null) {
				newDue = newCost; // no longer chargeable: nothing due
			}
			else if (s.poolMinutes() == 0) {
				newDue = newCost;
			}
			else if (s.poolMinutes() >= minutes) {
				newDue = Money.round(BigDecimal.ZERO, r.rate().currency(), r.rate().rounding());
			}
			else {
				// DOMAIN rule 6: the included minutes stay as decided; the rest is rated
				// from that offset
				newDue = RatingEngine.rate(r.rate(), s.durationSeconds(), s.poolMinutes() * 60).amount();
			}
			CorrectedCall c = CorrectionPlanner.correct(s, table.versionId(), newCost, newDue, sim);
			if (c != null) {
				out.add(c);
			}
		}
		return out;
	}

	/**
	 * Posts the corrected calls of one organization (row locked by the caller): a
	 * correction_call row each (its key makes a call corrected once per run), one
	 * ADJUSTMENT entry per lot moved (the first also carries the change of the unfunded
	 * part and of credits due; a call that moves no lot gets one entry of amount 0), an
	 * EXPIRY entry for a share refunded to an expired lot, then the lots and the balance.
	 */
	void post(Organization org, String id, String label, List<CorrectedCall> calls) {
		if (calls.isEmpty()) {
			return;
		}
		Instant now = clock.instant();
		List<NewEntry> entries = new ArrayList<>();
		List<String> usageIds = new ArrayList<>();
		Map<Long, BigDecimal> remaining = new LinkedHashMap<>();
		Map<Long, Lot> lotsById = new LinkedHashMap<>();
		lots.all(org.orgId()).forEach(l -> lotsById.put(l.lotId(), l));
		BigDecimal delta = BigDecimal.ZERO;
		for (CorrectedCall c : calls) {
			repository.insertCall(id, c);
			String ref = label + " " + id + ": call " + c.usageId()
					+ (Objects.equals(c.oldVersionId(), c.newVersionId()) ? ""
							: " v" + c.oldVersionId() + "->v" + c.newVersionId())
					+ " due " + CorrectionFiles.plain(c.oldDue()) + "->" + CorrectionFiles.plain(c.newDue());
			String funding = c.refusalChanged() ? (c.newRefusal() == null ? "FUNDED" : "UNFUNDED")
					: c.difference().signum() < 0 ? "REFUND" : c.difference().signum() > 0 ? "CHARGE" : "POOL";
			if (!c.refusalChanged() && c.unfundedChange().signum() != 0) {
				funding += "+UNFUNDED";
			}
			String reason = c.newRefusal() != null ? c.newRefusal()
					: c.unfundedChange().signum() > 0 ? FundsService.NO_FUNDS : null;
			List<NewEntry> callEntries = new ArrayList<>();
			boolean first = true;
			for (CorrectedCall.LotMove m : c.moves()) {
				callEntries.add(new NewEntry(org.orgId(), EntryType.ADJUSTMENT, m.amount(),
						first ? c.unfundedChange() : BigDecimal.ZERO, first ? reason : null, c.currency(), m.lotId(),
						null, ref, null, null, now, funding, null, null, null, null,
						first ? c.difference() : BigDecimal.ZERO));
				first = false;
				delta = delta.add(m.amount());
				Lot lot = lotsById.get(m.lotId());
				BigDecimal before = remaining.getOrDefault(m.lotId(), lot.remaining());
				if (m.forfeited()) {
					// DOMAIN rule 3: the lot has expired, so its share of the refund is
					// forfeited at once, like expiry
					callEntries.add(NewEntry.movement(org.orgId(), EntryType.EXPIRY, m.amount().negate(), c.currency(),
							m.lotId(), "forfeited: " + label + " " + id + " refund of call " + c.usageId()
									+ " to expired lot " + lot.reference(),
							null, null, now));
					delta = delta.subtract(m.amount());
				}
				else {
					remaining.put(m.lotId(), before.add(m.amount()));
				}
			}
			if (first) {
				callEntries.add(new NewEntry(org.orgId(), EntryType.ADJUSTMENT, BigDecimal.ZERO, c.unfundedChange(),
						reason, c.currency(), null, null, ref, null, null, now, funding, null, null, null, null,
						c.difference()));
			}
			// included minutes given back or taken (DOMAIN rule 6): on the call's
			// ADJUSTMENT entries, one pool each
			int k = 0;
			for (CorrectedCall.PoolMove p : c.pools()) {
				while (k < callEntries.size() && callEntries.get(k).type() != EntryType.ADJUSTMENT) {
					k++;
				}
				NewEntry e = k < callEntries.size() ? callEntries.get(k)
						: new NewEntry(org.orgId(), EntryType.ADJUSTMENT, BigDecimal.ZERO, BigDecimal.ZERO, null,
								c.currency(), null, null, ref, null, null, now, funding, null, null, null, null,
								BigDecimal.ZERO);
				NewEntry withPool = new NewEntry(e.orgId(), e.type(), e.amount(), e.unfundedAmount(),
						e.unfundedReason(), e.currency(), e.lotId(), e.callNo(), e.reference(), e.fileId(), e.line(),
						e.occurredAt(), e.funding(), p.poolType(), p.country(), p.month(), p.minutes(), e.creditsDue());
				if (k < callEntries.size()) {
					callEntries.set(k, withPool);
				}
				else {
					callEntries.add(withPool);
				}
				k++;
			}
			entries.addAll(callEntries);
			callEntries.forEach(e -> usageIds.add(c.usageId()));
		}
		ledger.postCorrections(id, entries, usageIds);
		funds.applyCorrection(org.orgId(), remaining, delta, now);
	}

	void notifyAdmins(Organization org, String id, String what, List<CorrectedCall> calls) {
		if (calls.isEmpty()) {
			return;
		}
		OrgTotals t = CorrectionFiles.totals(calls).get(org.orgId());
		Path workbook = folder().resolve(id + "-" + org.orgId() + ".xlsx");
		CorrectionFiles.xlsx(workbook, id, calls);
		mail.enqueue(EmailTemplates
			.correction(new EmailTemplates.Account(org.orgId(), org.name(), org.currency(), org.adminEmails()),
					"correction:" + id + ":" + org.orgId(), id, what, t.calls(), t.refunded(), t.forfeited(),
					t.charged(), t.unfundedChange(), organizations.balance(org.orgId()))
			.withAttachment(workbook));
	}

	/** A manual adjustment: what it did. */
	public record AdjustResult(String correctionId, String status, String orgId, BigDecimal amount, Long lotId,
			BigDecimal taken, BigDecimal unfunded, BigDecimal balance, String currency) {
	}

	/**
	 * A manual adjustment, positive or negative, with a mandatory reason, optionally
	 * about one call. Positive: a new lot with the usual 12-month expiry (DOMAIN rule 1);
	 * negative: taken from the lots as usage is (DOMAIN rule 2), unfunded where nothing
	 * is left. Exactly once by its id ({@code correctionId} null: derived from
	 * organization, amount, reason and call, so repeating the same command changes
	 * nothing).
	 */
	public AdjustResult adjust(String orgId, BigDecimal amount, String reason, String usageId, String correctionId,
			String requestedBy) {
		Organization org = organizations.find(orgId)
			.orElseThrow(() -> new NoSuchElementException("unknown organization: " + orgId));
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("a reason is required");
		}
		if (amount == null || amount.signum() == 0
				|| amount.stripTrailingZeros().scale() > Money.minorUnitDigits(org.currency())) {
			throw new IllegalArgumentException("the amount must be non-zero with at most "
					+ Money.minorUnitDigits(org.currency()) + " decimals for " + org.currency() + ": "
					+ (amount == null ? "none" : amount.toPlainString()));
		}
		if (usageId != null && !repository.callExists(orgId, usageId)) {
			throw new NoSuchElementException("organization " + orgId + " has no call " + usageId);
		}
		String id = correctionId != null ? checkId(correctionId)
				: "adj-" + orgId + "-" + hash(orgId + "|" + amount.stripTrailingZeros().toPlainString() + "|"
						+ reason.strip() + "|" + (usageId == null ? "" : usageId));
		if (repository.find(id).isPresent()) {
			return new AdjustResult(id, "ALREADY_APPLIED", orgId, amount, null, null, null,
					organizations.balance(orgId), org.currency());
		}
		try {
			return tx.execute(status -> {
				repository.insertRun(id, "ADJUST", orgId, null, null, null, reason.strip(), requestedBy);
				organizations.lock(orgId);
				Instant now = clock.instant();
				String ref = "adjustment:" + id;
				String text = ref + " " + reason.strip() + (usageId == null ? "" : " (call " + usageId + ")");
				Long lotId = null;
				BigDecimal taken = BigDecimal.ZERO, unfunded = BigDecimal.ZERO;
				List<NewEntry> entries = new ArrayList<>();
				Map<Long, BigDecimal> remaining = Map.of();
				if (amount.signum() > 0) {
					// the entry's reference is the lot's: reconcile counts it as the
					// lot's origin, not as a take
					lotId = lots.insert(orgId, EntryType.ADJUSTMENT.name(), amount, org.currency(), now, ref);
					entries.add(NewEntry.movement(orgId, EntryType.ADJUSTMENT, amount, org.currency(), lotId, ref, null,
							null, now));
				}
				else {
					FundsSimulation sim = new FundsSimulation(lots.all(orgId), now);
					LotAllocator.Allocation a = sim.take(now, amount.negate());
					taken = a.funded();
					unfunded = a.unfunded();
					boolean first = true;
					for (LotAllocator.Take t : a.takes()) {
						entries.add(new NewEntry(orgId, EntryType.ADJUSTMENT, t.amount().negate(),
								first ? unfunded : BigDecimal.ZERO,
								first && unfunded.signum() > 0 ? FundsService.NO_FUNDS : null, org.currency(),
								t.lotId(), null, text, null, null, now, null, null, null, null, null, null));
						first = false;
					}
					if (first) {
						entries.add(new NewEntry(orgId, EntryType.ADJUSTMENT, BigDecimal.ZERO, unfunded,
								FundsService.NO_FUNDS, org.currency(), null, null, text, null, null, now, null, null,
								null, null, null, null));
					}
					remaining = sim.touched();
				}
				List<String> usage = new ArrayList<>();
				entries.forEach(e -> usage.add(usageId));
				ledger.postCorrections(id, entries, usage);
				funds.applyCorrection(orgId, remaining, amount.signum() > 0 ? amount : taken.negate(), now);
				BigDecimal balance = organizations.balance(orgId);
				mail.enqueue(EmailTemplates.correction(
						new EmailTemplates.Account(org.orgId(), org.name(), org.currency(), org.adminEmails()),
						"correction:" + id + ":" + orgId, id,
						"manual adjustment of " + CorrectionFiles.plain(amount) + " " + org.currency() + ": "
								+ reason.strip() + (usageId == null ? "" : " (call " + usageId + ")"),
						0, amount.signum() > 0 ? amount : BigDecimal.ZERO, BigDecimal.ZERO, taken, unfunded, balance));
				return new AdjustResult(id, "POSTED", orgId, amount, lotId, taken, unfunded, balance, org.currency());
			});
		}
		catch (DuplicateKeyException | org.springframework.dao.TransientDataAccessException e) {
			if (repository.find(id).isEmpty()) {
				throw e;
			}
			return new AdjustResult(id, "ALREADY_APPLIED", orgId, amount, null, null, null,
					organizations.balance(orgId), org.currency());
		}
	}

	private static String checkId(String id) {
		if (!ID.matcher(id).matches()) {
			throw new IllegalArgumentException("a correction id is 1-100 letters, digits, '.', '_', ':' or '-': " + id);
		}
		return id;
	}

	private static String hash(String s) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 6);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A stored correction run. */
	public record RunView(String correctionId, String kind, String scope, Instant from, Instant to, Long rateVersion,
			String reason, String requestedBy, int calls, Instant postedAt) {
	}

	/** The stored runs, newest first. */
	public List<RunView> recent(int limit) {
		return repository.recent(limit)
			.stream()
			.map(r -> new RunView(r.correctionId(), r.kind(), r.scope(), r.from(), r.to(), r.rateVersionId(),
					r.reason(), r.requestedBy(), r.calls(), r.postedAt()))
			.toList();
	}

	/** An unknown organization, rate version or call. */
	public static class NoSuchElementException extends java.util.NoSuchElementException {

		NoSuchElementException(String message) {
			super(message);
		}

	}

}
