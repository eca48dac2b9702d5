package io.creditshub.corrections;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.calls.CallRater;
import io.creditshub.calls.CallRecord;
import io.creditshub.funds.LotRepository;
import io.creditshub.licensing.FundingPolicy;
import io.creditshub.licensing.LicenseBook;
import io.creditshub.licensing.LicenseCatalog;
import io.creditshub.licensing.LicenseRepository;
import io.creditshub.licensing.PoolKey;
import io.creditshub.licensing.PoolType;
import io.creditshub.licensing.Pools;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.RateTable;
import io.creditshub.persistence.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-dates a license export (DOMAIN rule 11): its time changes (the old one is kept in
 * license_redate), and the funding of every call that started between the old and the new
 * time is decided again with the licenses as they now read (DOMAIN rules 5, 6), in
 * start-time order, as a correction run: a call that becomes funded takes included
 * minutes or credits, one that becomes unfunded gets its credits and minutes back.
 * Exactly once by its id.
 * <p>
 * The export's time is issue 12's stored one, license_export.effective_at: a re-dating
 * sets it to the new time and its time_source to REDATED (the old time and source are
 * kept in license_redate), and moves the license history with it (the valid_from of the
 * rows it opened, the valid_to of the rows it closed and, for the newest export,
 * license_state.applied_at). An organization's first export is not re-dated: it covers
 * every earlier call by rule (DOMAIN rule 11), so it has no time that could be wrong.
 */
@Service
public class LicenseRedateService {

	private static final Logger log = LoggerFactory.getLogger(LicenseRedateService.class);

	private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
		.withZone(ZoneOffset.UTC);

	private final JdbcClient jdbc;

	private final CorrectionRepository repository;

	private final CorrectionService corrections;

	private final OrganizationRepository organizations;

	private final LicenseRepository licenses;

	private final LicenseCatalog catalog;

	private final FundingPolicy policy;

	private final RateTableRepository rateTables;

	private final LotRepository lots;

	private final TransactionTemplate tx;

	private final Clock clock;

	public LicenseRedateService(JdbcClient jdbc, CorrectionRepository repository, CorrectionService corrections,
			OrganizationRepository organizations, LicenseRepository licenses, LicenseCatalog catalog,
			FundingPolicy policy, RateTableRepository rateTables, LotRepository lots, TransactionTemplate tx,
			Clock clock) {
		this.jdbc = jdbc;
		this.repository = repository;
		this.corrections = corrections;
		this.organizations = organizations;
		this.licenses = licenses;
		this.catalog = catalog;
		this.policy = policy;
		this.rateTables = rateTables;
		this.lots = lots;
		this.tx = tx;
		this.clock = clock;
	}

	/** What a re-dating did (or, dry run, would do). */
	public record Result(String correctionId, String status, String orgId, long fileId, Instant oldAt, Instant newAt,
			List<CorrectedCall> calls, Map<String, OrgTotals> totals, Path csv, Path workbook) {
	}

	public Result redate(long fileId, Instant newAt, String correctionId, boolean dryRun, String requestedBy) {
		Map<String, Object> file = jdbc
			.sql("SELECT org_id, kind, status, file_name FROM ingest_file WHERE file_id = :id")
			.param("id", fileId)
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElseThrow(() -> new CorrectionService.NoSuchElementException("no intake file " + fileId));
		if (!"LICENSES".equals(file.get("kind")) || !"POSTED".equals(file.get("status"))) {
			throw new IllegalArgumentException(
					"file " + fileId + " (" + file.get("file_name") + ") is not a posted license export");
		}
		String orgId = (String) file.get("org_id");
		String id = correctionId != null ? correctionId : "redate-" + fileId + "-" + COMPACT.format(newAt);
		if (!dryRun) {
			Optional<CorrectionRepository.Run> run = repository.find(id);
			if (run.isPresent()) {
				return new Result(id, "ALREADY_APPLIED", orgId, fileId, null, newAt, List.of(), Map.of(),
						corrections.folder().resolve(id + ".csv"), corrections.folder().resolve(id + ".xlsx"));
			}
		}
		try {
			Result r = tx.execute(status -> {
				if (!dryRun) {
					repository.insertRun(id, "REDATE", orgId, null, null, null,
							"license export " + fileId + " (" + file.get("file_name") + ") re-dated to " + newAt,
							requestedBy);
				}
				Organization org = organizations.lock(orgId).orElseThrow();
				StoredTime old = exportTime(orgId, fileId, file.get("file_name"));
				Instant oldAt = old.at();
				checkOrder(orgId, fileId, oldAt, newAt);
				move(orgId, fileId, oldAt, newAt);
				Instant from = oldAt.isBefore(newAt) ? oldAt : newAt, to = oldAt.isBefore(newAt) ? newAt : oldAt;
				List<CorrectedCall> calls = decideAgain(org, from, to);
				Path csv = corrections.folder().resolve(id + (dryRun ? "-dry-run.csv" : ".csv"));
				Path xlsx = corrections.folder().resolve(id + (dryRun ? "-dry-run.xlsx" : ".xlsx"));
				CorrectionFiles.csv(csv, calls);
				CorrectionFiles.xlsx(xlsx, id + (dryRun ? " (dry run)" : ""), calls);
				if (dryRun) {
					status.setRollbackOnly();
				}
				else {
					jdbc.sql(
							"""
									INSERT INTO license_redate (correction_id, org_id, file_id, old_at, old_source, new_at, redated_at)
									VALUES (:id, :org, :file, :old, :source, :new, :now)""")
						.param("id", id)
						.param("org", orgId)
						.param("file", fileId)
						.param("old", Sql.ts(oldAt))
						.param("source", old.source(), java.sql.Types.VARCHAR)
						.param("new", Sql.ts(newAt))
						.param("now", Sql.ts(clock.instant()))
						.update();
					corrections.post(org, id, "redate", calls);
					repository.setCalls(id, calls.size());
					corrections
						.notifyAdmins(
								org, id, "the license export " + file.get("file_name") + " was re-dated from " + oldAt
										+ " to " + newAt + " and the funding of the calls in between decided again",
								calls);
					log.info("correction {}: license export {} re-dated {} -> {}, {} call(s) decided again", id, fileId,
							oldAt, newAt, calls.size());
				}
				return new Result(id, dryRun ? "DRY_RUN" : "POSTED", orgId, fileId, oldAt, newAt, calls,
						CorrectionFiles.totals(calls), csv, xlsx);
			});
			return r;
		}
		catch (DuplicateKeyException | org.springframework.dao.TransientDataAccessException e) {
			if (repository.find(id).isEmpty()) {
				throw e;
			}
			return new Result(id, "ALREADY_APPLIED", orgId, fileId, null, newAt, List.of(), Map.of(),
					corrections.folder().resolve(id + ".csv"), corrections.folder().resolve(id + ".xlsx"));
		}
	}

	/**
	 * An export's time before the re-dating and where it came from (null: an export older
	 * than license_export).
	 */
	private record StoredTime(Instant at, String source) {
	}

	/**
	 * The export's current time: its stored effective time (license_export, issue 12). An
	 * export recorded before that table existed has none: its time is then the license
	 * state's when it is the newest, else the rows it opened.
	 */
	private StoredTime exportTime(String orgId, long fileId, Object fileName) {
		Optional<StoredTime> stored = jdbc
			.sql("SELECT effective_at, time_source FROM license_export WHERE org_id = :org AND file_id = :file")
			.param("org", orgId)
			.param("file", fileId)
			.query((rs, i) -> new StoredTime(Sql.instant(rs, "effective_at"), rs.getString("time_source")))
			.optional();
		if (stored.isPresent()) {
			if (LicenseRepository.TimeSource.FIRST_EXPORT.name().equals(stored.get().source())) {
				// DOMAIN rule 11: the first export covers every earlier call because
				// there is nothing older to go by;
				// that is a rule, not a time read from the file, so there is no wrong
				// time to correct. Re-dating it would
				// leave the calls before the new time with no licenses at all and
				// contradict the rule.
				throw new IllegalArgumentException(
						"license export " + fileId + " (" + fileName + ") is the first export of " + orgId
								+ ": it covers every earlier call (DOMAIN rule 11, FIRST_EXPORT) and is not re-dated; "
								+ "re-date the next export instead to change from when its licenses apply");
			}
			return stored.get();
		}
		Optional<Instant> state = jdbc
			.sql("SELECT applied_at FROM license_state WHERE org_id = :org AND file_id = :file")
			.param("org", orgId)
			.param("file", fileId)
			.query((rs, i) -> Sql.instant(rs, "applied_at"))
			.optional();
		if (state.isPresent()) {
			return new StoredTime(state.get(), null);
		}
		Optional<Instant> opened = jdbc
			.sql("SELECT MIN(valid_from) AS t FROM license_assignment WHERE org_id = :org AND file_id = :file")
			.param("org", orgId)
			.param("file", fileId)
			.query((rs, i) -> Sql.instant(rs, "t"))
			.optional();
		return new StoredTime(opened.filter(t -> t != null)
			.orElseThrow(() -> new IllegalArgumentException("license export " + fileId
					+ " changed no license and is not the newest: its time is not recorded, nothing to re-date")),
				null);
	}

	/**
	 * The exports stay in their order: the new time is after the previous export's and
	 * before the next one's. Intake orders the exports by the time they state (a new file
	 * must state a time after license_state.applied_at, issue 12); for every export but
	 * the first that is its effective time (or, once re-dated, the new one, which the
	 * license state takes too). The first export takes effect at the beginning by rule,
	 * so its stated time bounds. Rows of exports older than license_export bound by their
	 * valid_from / valid_to.
	 */
	private void checkOrder(String orgId, long fileId, Instant oldAt, Instant newAt) {
		List<Instant> others = jdbc
			.sql("""
					SELECT CASE WHEN time_source = 'FIRST_EXPORT' THEN stated_at ELSE effective_at END AS t FROM license_export
					WHERE org_id = :org AND file_id <> :file
					UNION SELECT valid_from AS t FROM license_assignment WHERE org_id = :org AND file_id <> :file
					UNION SELECT valid_to AS t FROM license_assignment WHERE org_id = :org AND valid_to IS NOT NULL""")
			.param("org", orgId)
			.param("file", fileId)
			.query((rs, i) -> Sql.instant(rs, "t"))
			.list();
		for (Instant t : others) {
			if (t.equals(oldAt)) {
				continue;
			}
			if (t.isBefore(oldAt) && !t.isBefore(newAt) || t.isAfter(oldAt) && !t.isAfter(newAt)) {
				throw new IllegalArgumentException("re-dating export " + fileId + " from " + oldAt + " to " + newAt
						+ " would move it past another export of " + orgId + " (" + t + "): exports keep their order");
			}
		}
	}

	/**
	 * Moves the export's time: the rows it opened start, and the rows it closed end, at
	 * the new time; its stored time (license_export) becomes the new one, source REDATED
	 * (stated_at stays what the file stated).
	 */
	private void move(String orgId, long fileId, Instant oldAt, Instant newAt) {
		jdbc.sql(
				"UPDATE license_assignment SET valid_from = :new WHERE org_id = :org AND file_id = :file AND valid_from = :old")
			.param("new", Sql.ts(newAt))
			.param("org", orgId)
			.param("file", fileId)
			.param("old", Sql.ts(oldAt))
			.update();
		jdbc.sql("UPDATE license_assignment SET valid_to = :new WHERE org_id = :org AND valid_to = :old")
			.param("new", Sql.ts(newAt))
			.param("org", orgId)
			.param("old", Sql.ts(oldAt))
			.update();
		jdbc.sql("UPDATE license_state SET applied_at = :new WHERE org_id = :org AND file_id = :file")
			.param("new", Sql.ts(newAt))
			.param("org", orgId)
			.param("file", fileId)
			.update();
		// issue 12's stored time: files, the run summary and GET
		// /api/orgs/{org}/license-exports show the new one
		jdbc.sql(
				"UPDATE license_export SET effective_at = :new, time_source = :source WHERE org_id = :org AND file_id = :file")
			.param("new", Sql.ts(newAt))
			.param("source", LicenseRepository.TimeSource.REDATED.name())
			.param("org", orgId)
			.param("file", fileId)
			.update();
	}

	/**
	 * Decides the funding of the calls that started in [from, to) again with the licenses
	 * as they now read: their included minutes are given back first, then each call, in
	 * start-time order, takes what the policy now says.
	 */
	private List<CorrectedCall> decideAgain(Organization org, Instant from, Instant to) {
		List<CallState> states = repository.callStates(org.orgId(), from, to);
		if (states.isEmpty()) {
			return List.of();
		}
		LicenseBook book = new LicenseBook(licenses.history(org.orgId()), catalog);
		Map<PoolKey, Integer> used = new HashMap<>(licenses.poolUsage(org.orgId()));
		Set<PoolKey> touched = new LinkedHashSet<>();
		for (CallState s : states) {
			s.pools().forEach((key, minutes) -> {
				for (PoolKey k : withSecond(key)) {
					used.merge(k, -minutes, Integer::sum);
					touched.add(k);
				}
			});
		}
		Pools pools = new Pools(book, used);
		Map<Long, RateTable> tables = new HashMap<>();
		FundsSimulation sim = new FundsSimulation(lots.all(org.orgId()), clock.instant());
		List<CorrectedCall> out = new ArrayList<>();
		for (CallState s : states) {
			RateTable table = tables.computeIfAbsent(s.versionId(), rateTables::load);
			CallRecord.Rating r;
			try {
				r = CallRater.rate(s.type(), s.destinationNumber(), s.startedAt(), s.durationSeconds(), table,
						s.currency());
			}
			catch (IllegalArgumentException e) {
				continue;
			}
			if (r.rate() == null) {
				continue;
			}
			FundingPolicy.Decision d = policy.decide(new FundingPolicy.Call(s.type(), s.userObjectId(), s.callerId(),
					s.destinationNumber(), s.startedAt(), s.durationSeconds(), r.rate(), s.cost()), book, pools);
			if (d.pool() != null) {
				withSecond(d.pool()).forEach(touched::add);
			}
			// the pool moves: the minutes it held are given back, what the decision took
			// is taken
			Map<PoolKey, Integer> change = new LinkedHashMap<>();
			s.pools().forEach((k, m) -> change.merge(k, -m, Integer::sum));
			if (d.pool() != null && d.poolMinutes() > 0) {
				change.merge(d.pool(), d.poolMinutes(), Integer::sum);
			}
			List<CorrectedCall.PoolMove> moves = new ArrayList<>();
			change.forEach((k, m) -> {
				if (m != 0) {
					moves.add(new CorrectedCall.PoolMove(k.type().name(), k.country(), k.month().toString(), m));
				}
			});
			CorrectedCall c = CorrectionPlanner.redecide(s, s.versionId(), s.cost(), d.creditsDue(), d.refusal(), moves,
					sim);
			if (c != null) {
				out.add(c);
			}
		}
		Map<PoolKey, Integer> save = new LinkedHashMap<>();
		for (PoolKey k : touched) {
			save.put(k, pools.used(k));
		}
		licenses.savePoolUsage(org.orgId(), save);
		return out;
	}

	/**
	 * International minutes also draw the domestic pool of the same country and month
	 * (FundingPolicy).
	 */
	private static List<PoolKey> withSecond(PoolKey key) {
		return key.type() == PoolType.INTERNATIONAL
				? List.of(key, new PoolKey(key.country(), PoolType.DOMESTIC, key.month())) : List.of(key);
	}

}
