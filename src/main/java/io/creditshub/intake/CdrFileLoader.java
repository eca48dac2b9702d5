package io.creditshub.intake;

import io.creditshub.intake.Rows;
import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.calls.CallRater;
import io.creditshub.calls.CallRecord;
import io.creditshub.calls.CallRecordRepository;
import io.creditshub.calls.CallType;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.UsageCharge;
import io.creditshub.licensing.FundingPolicy;
import io.creditshub.licensing.LicenseBook;
import io.creditshub.licensing.LicenseCatalog;
import io.creditshub.licensing.LicenseRepository;
import io.creditshub.licensing.Pools;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.RateTable;
import io.creditshub.config.CreditsProperties;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads a Teams PSTN usage export (FORMATS.md section 1) for one organization: every good
 * row becomes a call record, rated (DOMAIN rule 7); chargeable calls are paid from lots
 * in start-time order (DOMAIN rule 2) once the whole file is read, all in the file's one
 * transaction. Bad rows are listed as rejects and never stop the good ones.
 */
@Component
class CdrFileLoader implements FileLoader {

	private static final Logger log = LoggerFactory.getLogger(CdrFileLoader.class);

	/**
	 * Rows done and rows/s of a long file: shown by run --once too
	 * (system/ConsoleLogFilter).
	 */
	private static final Logger progress = LoggerFactory.getLogger(io.creditshub.system.ConsoleLogFilter.PROGRESS);

	static final String USAGE_ID = "UsageId", CALL_ID = "Call ID", CONFERENCE_ID = "Conference ID",
			USER_LOCATION = "User Location", OBJECT_ID = "AAD ObjectId", UPN = "UPN",
			DISPLAY_NAME = "User Display Name", CALLER_ID = "Caller ID", CALL_TYPE = "Call Type",
			NUMBER_TYPE = "Number Type", DOMESTIC = "Domestic/International", DESTINATION_DIALED = "Destination Dialed",
			DESTINATION_NUMBER = "Destination Number", START = "Start Time", END = "End Time",
			DURATION = "Duration Seconds", CONNECTION_FEE = "Connection Fee", CHARGE = "Charge", CURRENCY = "Currency",
			CAPABILITY = "Capability";

	private final OrganizationRepository organizations;

	private final RateTableRepository rateTables;

	private final CallRecordRepository calls;

	private final FundsService funds;

	private final CreditsProperties properties;

	private final Clock clock;

	private final LicenseRepository licenses;

	private final LicenseCatalog catalog;

	private final FundingPolicy policy;

	private final io.creditshub.persistence.Database database;

	private final DataSource dataSource;

	/** Calls before this are not plausible (Teams PSTN calling did not exist). */
	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	/**
	 * Counts the files read twice for not being in start-time order
	 * (credits.intake.cdr.reread).
	 */
	private final io.micrometer.core.instrument.Counter rereads;

	/** Where the exactly-once tests crash a file on purpose (never in production). */
	private io.creditshub.system.CrashPoints crashPoints = new io.creditshub.system.CrashPoints();

	@org.springframework.beans.factory.annotation.Autowired(required = false)
	void crashPoints(io.creditshub.system.CrashPoints crashPoints) {
		this.crashPoints = crashPoints;
	}

	CdrFileLoader(OrganizationRepository organizations, RateTableRepository rateTables, CallRecordRepository calls,
			FundsService funds, CreditsProperties properties, Clock clock, LicenseRepository licenses,
			LicenseCatalog catalog, FundingPolicy policy, io.creditshub.persistence.Database database,
			DataSource dataSource, io.micrometer.core.instrument.MeterRegistry meters) {
		this.organizations = organizations;
		this.rateTables = rateTables;
		this.calls = calls;
		this.funds = funds;
		this.properties = properties;
		this.clock = clock;
		this.licenses = licenses;
		this.catalog = catalog;
		this.policy = policy;
		this.database = database;
		this.dataSource = dataSource;
		this.rereads = io.micrometer.core.instrument.Counter.builder("credits.intake.cdr.reread")
			.description("CDR files read a second time: not in start-time order, settled once all calls were read")
			.register(meters);
	}

	@Override
	public FileKind kind() {
		return FileKind.CDR;
	}

	@Override
	public List<String> requiredColumns() {
		return List.of(USAGE_ID, CALL_ID, CALL_TYPE, DESTINATION_NUMBER, START, END, DURATION);
	}

	@Override
	public String keyColumn() {
		return USAGE_ID;
	}

	@Override
	public LoadResult load(String orgId, long fileId, CsvInput csv, RejectsWriter rejects) {
		Organization org = organizations.lock(orgId)
			.orElseThrow(() -> new FileRejectedException("unknown organization '" + orgId + "' (folder inbox/cdr/"
					+ orgId + "): load it in an accounts file first, then drop this file again"));
		RateTable table = rateTables.current()
			.orElseThrow(() -> new FileRejectedException(
					"no rate table loaded yet: load a rate file first, then drop this file again"));
		database.preferIndexScansInThisTransaction();
		Connection con = DataSourceUtils.getConnection(dataSource);
		try {
			Savepoint before = con.setSavepoint();
			try {
				return pass(org, fileId, csv, rejects, table, true);
			}
			catch (OutOfOrder late) {
				// DOMAIN rule 2: calls are applied in start-time order within a file;
				// this one is not in that order: undo what was settled and read it
				// again, settling once the whole file is read.
				con.rollback(before);
				rejects.reset();
				rereads.increment();
				log.info("cdr {}/{}: {}: reading the file again, its calls settled once all are read", orgId,
						csv.file().getFileName(), late.getMessage());
				try (CsvInput again = CsvInput.open(csv.file(), requiredColumns())) {
					return pass(org, fileId, again, rejects, table, false);
				}
				catch (java.io.IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("savepoint failed while loading " + csv.file().getFileName(), e);
		}
		finally {
			DataSourceUtils.releaseConnection(con, dataSource);
		}
	}

	/**
	 * A file's chargeable call that starts before one read earlier: the file is not in
	 * start-time order.
	 */
	private static final class OutOfOrder extends RuntimeException {

		OutOfOrder(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Reads the file once. {@code streaming}: the calls are settled batch by batch as
	 * they are recorded (issue 14: the ledger entries stream to the database while the
	 * rest of the file is read, and no call is held in memory), which gives the same
	 * result as settling them all at the end only while the file is in start-time order:
	 * {@link OutOfOrder} at the first chargeable call that starts before an earlier one.
	 * Otherwise the chargeable calls are held, sorted and settled once all are read.
	 */
	private LoadResult pass(Organization org, long fileId, CsvInput csv, RejectsWriter rejects, RateTable table,
			boolean streaming) {
		String orgId = org.orgId();
		CdrRows parser = new CdrRows(properties.getIntake());
		int batchSize = properties.getIntake().getBatchSize();
		long progressNanos = properties.getIntake().getProgressInterval().toNanos();
		String fileName = csv.file().getFileName().toString();
		Instant latestStart = clock.instant().plus(Duration.ofDays(1)); // once per file,
																		// not per row
		// DOMAIN rules 5, 6: included minutes and who may spend credits, in start-time
		// order
		LicenseBook book = new LicenseBook(licenses.history(orgId), catalog);
		Pools pools = new Pools(book, licenses.poolUsage(orgId));
		Decisions decisions = new Decisions(book, pools);
		List<PendingCall> pending = new ArrayList<>();
		// the held calls share their repeated texts; calls settled at once need not
		Map<String, String> interned = streaming ? null : new HashMap<>();
		Map<String, Integer> otherCurrency = new java.util.TreeMap<>();
		int rows = 0, recorded = 0;
		Instant latestChargeable = null;
		long started = System.nanoTime(), lastLog = started;
		FundsService.ChargeTotals totals;
		try (FundsService.Settlement settlement = streaming ? funds.settlement(orgId, org.currency(), fileId, batchSize)
				: null;
				Recorder recorder = new Recorder(org, fileId, batchSize,
						streaming ? batch -> settlement.add(decisions.decide(batch)) : pending::addAll, interned,
						rejects)) {
			for (CsvInput.Row row : csv) {
				rows++;
				crashPoints.row(rows);
				CallRecord call;
				try {
					call = parser.parse(row, org, fileId, table, latestStart, otherCurrency, recorder.numbers);
				}
				catch (IllegalArgumentException e) {
					rejects.add(new RowReject(row.line(), row.get(USAGE_ID), e.getMessage()));
					continue;
				}
				if (streaming && chargeable(call)) {
					if (latestChargeable != null && call.startedAt().isBefore(latestChargeable)) {
						throw new OutOfOrder("line " + row.line() + " starts at " + call.startedAt()
								+ ", before a call read earlier (" + latestChargeable + ")");
					}
					latestChargeable = call.startedAt();
				}
				if (recorder.add(call)) {
					recorded += recorder.flush();
					long now = System.nanoTime();
					if (now - lastLog >= progressNanos) {
						lastLog = now;
						progress.info("cdr {}/{}: {} rows read, {} recorded, {} rejected, {} rows/s", orgId, fileName,
								rows, recorded, rejects.count(), perSecond(rows, now - started));
					}
				}
			}
			recorded += recorder.flush();
			if (streaming) {
				totals = settlement.finish();
			}
			else {
				pending.sort(Comparator.comparing((PendingCall p) -> p.call().startedAt())
					.thenComparingInt(PendingCall::line));
				List<UsageCharge> charges = decisions.decide(pending);
				pending.clear();
				if (rows >= 100_000) {
					progress.info("cdr {}/{}: {} rows read, {} chargeable calls to settle", orgId, fileName, rows,
							charges.size());
				}
				totals = funds.charge(orgId, org.currency(), charges, fileId, batchSize);
			}
		}
		licenses.savePoolUsage(orgId, pools.changed());
		String summary = String.format(
				"%d calls recorded (%d chargeable, rated %s %s): %d min from included pools, %s %s from funds, %s %s unfunded on %d call(s)%s",
				recorded, decisions.chargeable, plain(decisions.rated), org.currency(), decisions.poolMinutes,
				plain(totals.funded()), org.currency(), plain(totals.unfunded()), org.currency(),
				totals.unfundedCalls(), book.managed() ? ""
						: " (no license file for this organization: calls paid from credits without license checks)");
		if (!otherCurrency.isEmpty()) {
			summary += "; warning: " + otherCurrency.values().stream().mapToInt(Integer::intValue).sum()
					+ " row(s) say Currency " + String.join("/", otherCurrency.keySet()) + ", not " + org.currency()
					+ ": rated in " + org.currency() + " as always, their producer Charge is not comparable";
			log.warn("cdr {}/{}: {} row(s) in currency {} (the organization's is {}): rated in {}", orgId, fileName,
					otherCurrency.values().stream().mapToInt(Integer::intValue).sum(), otherCurrency.keySet(),
					org.currency(), org.currency());
		}
		return new LoadResult(rows, recorded, rejects.count(), summary,
				unlicensedFlag(decisions.unlicensed, decisions.chargeable),
				new CallFigures(recorded, decisions.chargeable, totals.funded(), totals.unfunded()));
	}

	/** A call that waits for its funding decision (what the recorder keeps of it). */
	private static boolean chargeable(CallRecord c) {
		CallRecord.Rating r = c.rating();
		return r.status() == CallRecord.RatingStatus.CHARGEABLE && r.charge().signum() > 0;
	}

	/**
	 * The funding decisions of a file's chargeable calls, given in start-time order
	 * (DOMAIN rules 5, 6), and their totals for the file's summary.
	 */
	private final class Decisions {

		private final LicenseBook book;

		private final Pools pools;

		BigDecimal rated = BigDecimal.ZERO;

		long poolMinutes;

		int unlicensed, chargeable;

		Decisions(LicenseBook book, Pools pools) {
			this.book = book;
			this.pools = pools;
		}

		List<UsageCharge> decide(List<PendingCall> calls) {
			List<UsageCharge> charges = new ArrayList<>(calls.size());
			for (int i = 0; i < calls.size(); i++) {
				PendingCall p = calls.get(i);
				calls.set(i, null); // let the decided calls go
				FundingPolicy.Decision d = policy.decide(p.call(), book, pools);
				rated = rated.add(p.call().fullAmount());
				poolMinutes += d.poolMinutes();
				if (d.refusal() != null && d.creditsDue().signum() > 0) {
					unlicensed++;
				}
				charges.add(new UsageCharge(p.usageId(), p.callNo(), p.callId(), p.call().startedAt(), p.line(),
						d.creditsDue(), d.refusal(), d.pool() == null ? null : d.pool().type().name(),
						d.pool() == null ? null : d.pool().country(),
						d.pool() == null ? null : d.pool().month().toString(), d.poolMinutes()));
			}
			chargeable += charges.size();
			return charges;
		}

	}

	/**
	 * Issue 12, DOMAIN rule 11: a file with more of its chargeable calls unfunded for
	 * lack of licenses than credits.intake.max-unlicensed-share is flagged (usually a
	 * license export dated wrong, or missing).
	 */
	String unlicensedFlag(int unlicensed, int chargeable) {
		BigDecimal max = properties.getIntake().getMaxUnlicensedShare();
		if (chargeable == 0 || unlicensed == 0 || max.compareTo(BigDecimal.ONE) >= 0
				|| BigDecimal.valueOf(unlicensed).compareTo(max.multiply(BigDecimal.valueOf(chargeable))) <= 0) {
			return null;
		}
		return String.format("%d of %d chargeable call(s) unfunded for lack of licenses (more than %s%%, "
				+ "credits.intake.max-unlicensed-share): check the organization's license exports and their times",
				unlicensed, chargeable, max.movePointRight(2).stripTrailingZeros().toPlainString());
	}

	private static String plain(BigDecimal amount) {
		BigDecimal s = amount.stripTrailingZeros();
		return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
	}

	static long perSecond(long rows, long nanos) {
		return nanos <= 0 ? rows : Math.round(rows / (nanos / 1e9));
	}

	/** A chargeable call waiting for its funding decision. */
	private record PendingCall(String usageId, long callNo, String callId, int line, FundingPolicy.Call call) {
	}

	/**
	 * Records the file's calls batch by batch. A UsageId the organization already has,
	 * from an earlier file or earlier in this file, is rejected (DOMAIN rule 10). The
	 * database's key (org_id, usage_key) decides: each batch is written under a
	 * savepoint, streamed to the database while the next rows are parsed (COPY on
	 * PostgreSQL); only when the key refuses it (rare: duplicate files are caught by
	 * their hash) is the batch rolled back to its savepoint, its duplicates looked up and
	 * the rest inserted. No in-memory set grows with the file, and a clean batch costs no
	 * lookup.
	 */
	private final class Recorder implements AutoCloseable {

		private final Organization org;

		private final long fileId;

		private final int batchSize;

		/** Takes each batch's fresh chargeable calls, in file order. */
		private final java.util.function.Consumer<List<PendingCall>> settle;

		private final Map<String, String> interned;

		private final RejectsWriter rejects;

		private final Connection con = DataSourceUtils.getConnection(dataSource);

		/**
		 * on H2 one JDBC batch per savepoint batch, sent by finish() (hence no size of
		 * its own)
		 */
		private final io.creditshub.persistence.BulkWriter<CallRecord> writer = calls.writer(Integer.MAX_VALUE);

		private final List<CallRecord> batch;

		/**
		 * the calls' numbers, reserved a batch ahead while no COPY is open on the
		 * connection
		 */
		private final io.creditshub.calls.CallNumbers numbers = calls.numbers();

		private Savepoint savepoint;

		private boolean refused;

		Recorder(Organization org, long fileId, int batchSize, java.util.function.Consumer<List<PendingCall>> settle,
				Map<String, String> interned, RejectsWriter rejects) {
			this.org = org;
			this.fileId = fileId;
			this.batchSize = batchSize;
			this.settle = settle;
			this.interned = interned;
			this.rejects = rejects;
			this.batch = new ArrayList<>(batchSize);
			numbers.reserve(batchSize);
		}

		/**
		 * Adds a parsed call to the current batch; true when the batch is full and should
		 * be flushed.
		 */
		boolean add(CallRecord call) {
			if (batch.isEmpty()) {
				try {
					savepoint = con.setSavepoint();
				}
				catch (SQLException e) {
					throw new IllegalStateException("savepoint failed while recording calls", e);
				}
				refused = false;
			}
			batch.add(call);
			if (!refused) {
				try {
					writer.add(call);
				}
				catch (DuplicateKeyException duplicates) {
					refused = true; // the rest of the batch is only collected, then
									// redone below
				}
			}
			return batch.size() >= batchSize;
		}

		/**
		 * Ends the batch: waits for the database, or redoes the batch without its
		 * duplicates.
		 */
		int flush() {
			if (batch.isEmpty()) {
				return 0;
			}
			List<CallRecord> fresh = batch;
			try {
				if (!refused) {
					try {
						writer.finish();
					}
					catch (DuplicateKeyException duplicates) {
						refused = true;
					}
				}
				if (refused) {
					con.rollback(savepoint);
					fresh = withoutDuplicates(org, fileId, batch, rejects);
					calls.insert(fresh);
				}
				else {
					con.releaseSavepoint(savepoint);
				}
			}
			catch (SQLException e) {
				throw new IllegalStateException("savepoint failed while recording calls", e);
			}
			List<PendingCall> due = new ArrayList<>();
			for (CallRecord c : fresh) {
				CallRecord.Rating r = c.rating();
				if (chargeable(c)) {
					due.add(new PendingCall(c.usageId(), c.callNo(), c.callId(), c.line(),
							new FundingPolicy.Call(c.callType(), intern(interned, c.userObjectId()),
									intern(interned, c.callerId()), c.destinationNumber(), c.startedAt(),
									c.durationSeconds(), r.rate(), r.charge())));
				}
			}
			int n = fresh.size();
			batch.clear();
			settle.accept(due); // no COPY of calls is open now
			numbers.reserve(batchSize);
			return n;
		}

		@Override
		public void close() {
			writer.close();
			DataSourceUtils.releaseConnection(con, dataSource);
		}

	}

	/**
	 * The batch less the UsageIds already recorded (earlier files, or earlier in this
	 * file), listed as rejects.
	 */
	private List<CallRecord> withoutDuplicates(Organization org, long fileId, List<CallRecord> batch,
			RejectsWriter rejects) {
		Map<java.util.UUID, Long> existing = calls.existing(org.orgId(),
				batch.stream().map(CallRecord::usageKey).toList());
		List<CallRecord> fresh = new ArrayList<>(batch.size());
		Map<java.util.UUID, Integer> inBatch = new HashMap<>();
		for (CallRecord c : batch) {
			Long earlier = existing.get(c.usageKey());
			Integer sameBatch = inBatch.putIfAbsent(c.usageKey(), c.line());
			if (earlier != null && earlier == fileId || sameBatch != null) {
				rejects.add(new RowReject(c.line(), c.usageId(),
						"UsageId appears twice in this file; the first row counts"));
			}
			else if (earlier != null) {
				rejects.add(new RowReject(c.line(), c.usageId(),
						"UsageId already recorded from an earlier file: a call is charged once"));
			}
			else {
				fresh.add(c);
			}
		}
		return fresh;
	}

	private static String intern(Map<String, String> interned, String s) {
		return s == null || interned == null ? s : interned.computeIfAbsent(s, k -> k);
	}

}
