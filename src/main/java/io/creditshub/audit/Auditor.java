package io.creditshub.audit;

import io.creditshub.intake.FileKind;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.intake.IntakeProcessed;
import io.creditshub.intake.IntakeService;
import io.creditshub.system.DataFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checks the books against the world outside the database (issue 11): a database that
 * silently went back to an older state (a restored copy, a lost write) is consistent with
 * itself, so {@code reconcile} alone cannot see it. The audit compares it with what the
 * hub left on disk after its commits:
 * <ul>
 * <li>every file in {@code archive/} (posted, or archived as a duplicate of posted
 * content) has its content posted in the intake journal (same kind, organization and
 * SHA-256; DOMAIN rule 10);</li>
 * <li>the journal's posted counts equal the rows in the database: calls of a CDR file,
 * lots of a funds file;</li>
 * <li>every email in {@code outbox/mail/} and every carrier file in
 * {@code outbox/carrier/} has its row;</li>
 * <li>ids never go backwards: the highest ids seen are kept in
 * {@code audit/high-water.properties}, beside (not in) the database, and a database whose
 * ids are lower than what was already seen has lost postings.</li>
 * </ul>
 * A failed audit stops intake (the running hub does not start its routes,
 * {@code run --once} exits {@value #EXIT_CODE_DOC}); the operator re-drives the missing
 * files from {@code archive/} ({@code audit --redrive}) or accepts the database as it is
 * ({@code audit --accept}), see docs/embedded-database.md.
 */
@Service
public class Auditor {

	static final String EXIT_CODE_DOC = "7";

	/**
	 * How a failed audit that could not look at the books begins (never a reason to
	 * re-drive or accept).
	 */
	static final String COULD_NOT_RUN = "the audit could not run: ";

	private static final Logger log = LoggerFactory.getLogger(Auditor.class);

	/**
	 * {@code <email id>-<kind>.eml} as EmlFileMailSender names them; kinds are lower case
	 * with '-' (zero-balance).
	 */
	private static final Pattern EML = Pattern.compile("(\\d+)-[A-Za-z0-9_-]+\\.eml");

	/** The id sequences whose highest value is remembered outside the database. */
	static final Map<String, String> SEQUENCES = new LinkedHashMap<>();
	static {
		SEQUENCES.put("ingest_file", "SELECT COALESCE(MAX(file_id), 0) FROM ingest_file");
		SEQUENCES.put("ledger_entry", "SELECT COALESCE(MAX(entry_id), 0) FROM ledger_entry");
		SEQUENCES.put("lot", "SELECT COALESCE(MAX(lot_id), 0) FROM lot");
		SEQUENCES.put("email_outbox", "SELECT COALESCE(MAX(email_id), 0) FROM email_outbox");
		SEQUENCES.put("suspension_event", "SELECT COALESCE(MAX(event_id), 0) FROM suspension_event");
	}

	private final JdbcClient jdbc;

	private final DataFolders folders;

	private final Clock clock;

	private volatile AuditReport last;

	public Auditor(JdbcClient jdbc, DataFolders folders, Clock clock) {
		this.jdbc = jdbc;
		this.folders = folders;
		this.clock = clock;
	}

	/**
	 * The folder of the audit's own files: beside the database, never inside db/ (a
	 * restored db/ must not restore them).
	 */
	public Path folder() {
		return folders.home().resolve("audit");
	}

	Path highWaterFile() {
		return folder().resolve("high-water.properties");
	}

	Path hashIndexFile() {
		return folder().resolve("archive-hashes.tsv");
	}

	/** The result of the last audit of this process, or null before the first. */
	public AuditReport last() {
		return last;
	}

	/**
	 * The whole audit. When it finds nothing wrong, the high-water marks move up to the
	 * database's current ids (never down).
	 */
	public AuditReport audit() {
		return audit(true);
	}

	/**
	 * The audit of the running hub (at start and every {@code credits.audit.interval}):
	 * everything but the per-file counts of calls and lots, which read every call of the
	 * database (minutes for a few hundred thousand calls on a busy H2) and run in
	 * {@link #audit()} ({@code audit} and {@code reconcile}).
	 */
	public AuditReport quickAudit() {
		return audit(false);
	}

	private synchronized AuditReport audit(boolean counts) {
		long started = System.nanoTime();
		List<String> problems = new ArrayList<>();
		List<MissingFile> missing = new ArrayList<>();
		int archived = 0;
		int outboxFiles = 0;
		Map<String, Long> ids = Map.of();
		try {
			archived = checkArchive(problems, missing);
			// the full audit counts every file's rows; the quick one the files posted
			// since the last passing audit
			// (a kill -9 in the commit of a big file once left its journal row with part
			// of its calls, issue 11)
			long since = counts ? 0 : countedUpTo();
			checkJournalCounts(problems, since);
			outboxFiles = checkOutbox(problems);
			Properties marks = readHighWater(); // before the ids: see checkHighWater
			ids = currentIds();
			checkHighWater(marks, ids, problems);
			if (problems.isEmpty()) {
				raiseHighWater(ids);
				markCounted(ids.getOrDefault("ingest_file", 0L));
			}
		}
		catch (RuntimeException e) {
			// a full disk, an unreadable file, the database gone: the books cannot be
			// vouched for, so the audit fails
			// (intake stops, health DOWN, re-checked) instead of throwing out of the
			// running hub's main loop
			problems.add(COULD_NOT_RUN + e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
		}
		AuditReport report = new AuditReport(clock.instant(), problems, missing, archived, outboxFiles, ids,
				(System.nanoTime() - started) / 1_000_000);
		AuditReport previous = last;
		if (!report.ok() && (previous == null || !previous.problems().equals(report.problems()))) {
			log.error("AUDIT FAILED: {} (intake stays stopped; see 'audit' and docs/embedded-database.md)",
					report.headline());
		}
		else if (!report.ok()) {
			// the running hub re-checks every 30 s: the same failure is logged once, not
			// twice a minute
			log.debug("audit still failing: {}", report.headline());
		}
		else if (previous != null && !previous.ok()) {
			log.info("audit OK again: {}", report.headline());
		}
		last = report;
		return report;
	}

	/**
	 * The cheap check after each file (the running hub and {@code run --once}): a posted
	 * file is in the journal, and the database's ids have not gone below what was already
	 * seen. Raises the marks when it holds.
	 */
	@EventListener
	public synchronized void afterFile(IntakeProcessed event) {
		IntakeOutcome o = event.outcome();
		if (o.status() == IntakeOutcome.Status.FAILED) {
			return;
		}
		List<String> problems = new ArrayList<>();
		Map<String, Long> ids = Map.of();
		try {
			afterFile(o, problems);
			Properties marks = readHighWater(); // before the ids: see checkHighWater
			ids = currentIds();
			checkHighWater(marks, ids, problems);
			if (problems.isEmpty()) {
				raiseHighWater(ids);
				return;
			}
		}
		catch (RuntimeException e) {
			// the file is committed and archived already: never fail its intake for this,
			// fail the audit instead
			problems.add("the audit after " + o.fileName() + " could not run: " + e.getMessage()
					+ (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
		}
		AuditReport report = new AuditReport(clock.instant(), problems, List.of(), 0, 0, ids, 0);
		log.error("AUDIT FAILED after {}: {}", o.fileName(), report.headline());
		last = report;
	}

	private void afterFile(IntakeOutcome o, List<String> problems) {
		if (o.status() == IntakeOutcome.Status.POSTED && jdbc.sql("""
				SELECT COUNT(*) FROM ingest_file
				WHERE kind = :kind AND org_id = :org AND file_name = :name AND status = 'POSTED'""")
			.param("kind", o.kind().name())
			.param("org", o.orgId())
			.param("name", o.fileName())
			.query(Long.class)
			.single() == 0) {
			problems.add("the file just posted (" + o.kind().folder() + " " + o.orgId() + " " + o.fileName()
					+ ") is not in the intake journal");
		}
	}

	// --- archive/ against the journal

	private int checkArchive(List<String> problems, List<MissingFile> missing) {
		Path archive = folders.archive();
		if (!Files.isDirectory(archive)) {
			return 0;
		}
		Map<String, Set<String>> postedByKindOrg = new HashMap<>();
		HashIndex index = HashIndex.load(hashIndexFile());
		int count = 0;
		List<Path> files;
		try (Stream<Path> s = Files.walk(archive)) {
			files = s.filter(Files::isRegularFile).filter(Auditor::isArchivedInput).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot list " + archive, e);
		}
		for (Path file : files) {
			Path rel = archive.relativize(file);
			// <date>/<kind>/[<org>/]<file>
			if (rel.getNameCount() < 3) {
				continue;
			}
			FileKind kind = kindOf(rel.getName(1).toString());
			if (kind == null) {
				continue;
			}
			String orgId = kind.perOrganization() && rel.getNameCount() >= 4 ? rel.getName(2).toString() : "";
			count++;
			String sha = index.sha256(file);
			Set<String> posted = postedByKindOrg.computeIfAbsent(kind + "/" + orgId, k -> posted(kind, orgId));
			if (!posted.contains(sha)) {
				missing.add(new MissingFile(file, kind, orgId, sha, rel.getName(0).toString()));
			}
		}
		index.save();
		if (!missing.isEmpty()) {
			StringBuilder b = new StringBuilder().append(missing.size())
				.append(" archived file(s) are not posted in the database (it has gone back to an older state):");
			missing.stream()
				.limit(20)
				.forEach(m -> b.append(' ').append(folders.archive().relativize(m.path())).append(';'));
			if (missing.size() > 20) {
				b.append(" and ").append(missing.size() - 20).append(" more");
			}
			problems.add(b.toString());
		}
		return count;
	}

	private Set<String> posted(FileKind kind, String orgId) {
		return new HashSet<>(jdbc.sql(
				"SELECT posted_sha256 FROM ingest_file WHERE kind = :kind AND org_id = :org AND posted_sha256 IS NOT NULL")
			.param("kind", kind.name())
			.param("org", orgId)
			.query(String.class)
			.list());
	}

	static boolean isArchivedInput(Path p) {
		String n = p.getFileName().toString();
		return !n.startsWith(".") && !n.endsWith(".rejects.csv") && !n.endsWith(".duplicate.txt")
				&& !n.endsWith(".reason.txt") && !n.endsWith(".tmp");
	}

	private static FileKind kindOf(String folder) {
		for (FileKind k : FileKind.values()) {
			if (k.folder().equals(folder)) {
				return k;
			}
		}
		return null;
	}

	// --- the journal's counts against the rows

	/**
	 * The highest journal id whose files' counts a passing audit checked (0: none yet).
	 */
	private long countedUpTo() {
		String v = readHighWater().getProperty(COUNTED);
		return v == null ? 0 : Long.parseLong(v);
	}

	private void markCounted(long fileId) {
		Properties marks = readHighWater();
		String v = marks.getProperty(COUNTED);
		if (v == null || Long.parseLong(v) < fileId) {
			marks.setProperty(COUNTED, Long.toString(fileId));
			writeHighWater(marks);
		}
	}

	static final String COUNTED = "counted.ingest_file";

	/**
	 * @param since only files with a journal id above it (0: all, and calls that belong
	 * to no posted file)
	 */
	private void checkJournalCounts(List<String> problems, long since) {
		List<String> bad = new ArrayList<>();
		jdbc.sql(
				"""
						SELECT f.file_id, f.file_name, f.org_id, f.rows_posted, COALESCE(c.n, 0) AS n
						FROM ingest_file f LEFT JOIN (SELECT file_id, COUNT(*) AS n FROM call_record WHERE file_id > :since
						  GROUP BY file_id) c ON c.file_id = f.file_id
						WHERE f.kind = 'CDR' AND f.status = 'POSTED' AND f.file_id > :since AND f.rows_posted <> COALESCE(c.n, 0)
						ORDER BY f.file_id""")
			.param("since", since)
			.query((rs, i) -> {
				bad.add("CDR file " + rs.getLong(1) + " (" + rs.getString(3) + "/" + rs.getString(2) + ") posted "
						+ rs.getInt(4) + " calls, the database holds " + rs.getLong(5));
				return null;
			})
			.list();
		jdbc.sql("""
				SELECT * FROM (SELECT f.file_id, f.file_name, f.rows_posted, (SELECT COUNT(*) FROM ledger_entry l
				  WHERE l.file_id = f.file_id AND l.entry_type = 'PURCHASE') AS n
				  FROM ingest_file f WHERE f.kind = 'FUNDS' AND f.status = 'POSTED' AND f.file_id > :since) x
				WHERE x.rows_posted <> x.n ORDER BY x.file_id""").param("since", since).query((rs, i) -> {
			bad.add("funds file " + rs.getLong(1) + " (" + rs.getString(2) + ") posted " + rs.getInt(3)
					+ " lots, the database holds " + rs.getLong(4));
			return null;
		}).list();
		long orphans = since > 0 ? 0
				: jdbc.sql("""
						SELECT COUNT(*) FROM call_record c WHERE NOT EXISTS
						  (SELECT 1 FROM ingest_file f WHERE f.file_id = c.file_id AND f.status = 'POSTED')""")
					.query(Long.class)
					.single();
		if (orphans > 0) {
			bad.add(orphans + " call(s) belong to no posted file of the journal");
		}
		// what ledger_entry.lot_id's foreign key checked row by row before issue 14
		// (V20261130_210): every lot an entry names exists and is its organization's
		long strangers = since > 0 ? 0
				: jdbc.sql("""
						SELECT COUNT(*) FROM ledger_entry e LEFT JOIN lot l ON l.lot_id = e.lot_id
						WHERE e.lot_id IS NOT NULL AND (l.lot_id IS NULL OR l.org_id <> e.org_id)""")
					.query(Long.class)
					.single();
		if (strangers > 0) {
			bad.add(strangers + " ledger entr" + (strangers == 1 ? "y names a lot" : "ies name lots")
					+ " that does not exist or belongs to another organization");
		}
		bad.stream().limit(20).forEach(problems::add);
		if (bad.size() > 20) {
			problems.add("and " + (bad.size() - 20) + " more journal count mismatches");
		}
	}

	// --- outbox/ against the rows

	private int checkOutbox(List<String> problems) {
		return checkOutbox(problems, new ArrayList<>());
	}

	/**
	 * @param orphans receives the outbox files that have no row in the database
	 */
	private int checkOutbox(List<String> problems, List<Path> orphans) {
		int count = 0;
		Path mail = folders.outbox().resolve("mail");
		Set<Long> emailIds = new HashSet<>(jdbc.sql("SELECT email_id FROM email_outbox").query(Long.class).list());
		List<String> lostMail = new ArrayList<>();
		for (Path f : list(mail)) {
			Long id = emailId(f.getFileName().toString());
			if (id != null) {
				count++;
				if (!emailIds.contains(id)) {
					lostMail.add(f.getFileName().toString());
					orphans.add(f);
				}
			}
		}
		if (!lostMail.isEmpty()) {
			problems.add(lostMail.size() + " email file(s) in outbox/mail/ have no row in the database: "
					+ String.join(", ", lostMail.stream().limit(10).toList()) + (lostMail.size() > 10 ? ", ..." : ""));
		}
		Set<String> published = new HashSet<>(
				jdbc.sql("SELECT DISTINCT published_file FROM suspension_event WHERE published_file IS NOT NULL")
					.query(String.class)
					.list());
		List<String> lostCarrier = new ArrayList<>();
		Path carrier = folders.outbox().resolve("carrier");
		List<Path> carrierFiles = new ArrayList<>(list(carrier));
		carrierFiles.addAll(list(carrier.resolve("sent")));
		for (Path f : carrierFiles) {
			String n = f.getFileName().toString();
			if (n.endsWith(".csv") && !n.startsWith(".")) {
				count++;
				if (!published.contains(n)) {
					lostCarrier.add(n);
					orphans.add(f);
				}
			}
		}
		if (!lostCarrier.isEmpty()) {
			problems.add(lostCarrier.size() + " carrier file(s) in outbox/carrier/ have no suspension event in the "
					+ "database: " + String.join(", ", lostCarrier.stream().limit(10).toList())
					+ (lostCarrier.size() > 10 ? ", ..." : ""));
		}
		return count;
	}

	/**
	 * The email id of an .eml file of outbox/mail/, or null when the name is not one the
	 * hub writes.
	 */
	static Long emailId(String fileName) {
		Matcher m = EML.matcher(fileName);
		return m.matches() ? Long.valueOf(m.group(1)) : null;
	}

	private static List<Path> list(Path folder) {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> s = Files.list(folder)) {
			return s.filter(Files::isRegularFile).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot list " + folder, e);
		}
	}

	// --- ids never go backwards

	Map<String, Long> currentIds() {
		Map<String, Long> ids = new LinkedHashMap<>();
		SEQUENCES.forEach((name, sql) -> ids.put(name, jdbc.sql(sql).query(Long.class).single()));
		return ids;
	}

	/**
	 * The marks must be read before the ids: a hub beside this one (same data folder)
	 * raises them from ids that were committed when it read them, so ids read after the
	 * marks are at least as high. Read the other way round, a mark raised between the two
	 * reads looked like lost postings (seen once in InboxTwoHubsIT under load).
	 */
	private void checkHighWater(Properties marks, Map<String, Long> ids, List<String> problems) {
		for (var e : ids.entrySet()) {
			String seen = marks.getProperty(e.getKey());
			if (seen != null && Long.parseLong(seen) > e.getValue()) {
				problems.add(e.getKey() + " ids went backwards: the database's highest is " + e.getValue() + ", but "
						+ seen + " was already seen (" + marks.getProperty("updated-at", "earlier") + ")");
			}
		}
	}

	Properties readHighWater() {
		Properties p = new Properties();
		Path f = highWaterFile();
		if (Files.exists(f)) {
			try (InputStream in = Files.newInputStream(f)) {
				p.load(in);
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read " + f, e);
			}
		}
		return p;
	}

	private void raiseHighWater(Map<String, Long> ids) {
		Properties marks = readHighWater();
		boolean changed = false;
		for (var e : ids.entrySet()) {
			String seen = marks.getProperty(e.getKey());
			if (seen == null || Long.parseLong(seen) < e.getValue()) {
				marks.setProperty(e.getKey(), Long.toString(e.getValue()));
				changed = true;
			}
		}
		if (changed) {
			marks.setProperty("updated-at", clock.instant().toString());
			writeHighWater(marks);
		}
	}

	private void writeHighWater(Properties marks) {
		StringBuilder b = new StringBuilder(
				"# the highest ids the hub has seen in its database (io.creditshub.audit.Auditor)\n");
		marks.stringPropertyNames()
			.stream()
			.sorted()
			.forEach(k -> b.append(k).append('=').append(marks.getProperty(k)).append('\n'));
		writeAtomically(highWaterFile(), b.toString());
	}

	/**
	 * The operator accepts the database as it is now (after restoring a backup on
	 * purpose, or after a re-drive): the high-water marks are set to its current ids, and
	 * the decision is appended to {@code audit/history.log}.
	 */
	public synchronized void accept(String why) {
		Map<String, Long> ids = currentIds();
		Properties marks = new Properties();
		ids.forEach((k, v) -> marks.setProperty(k, Long.toString(v)));
		marks.setProperty("updated-at", clock.instant().toString());
		writeHighWater(marks);
		history("accepted the database as it is (" + why + "): " + ids);
		// emails and carrier files of the lost state: kept aside as history (they were
		// sent), so that they neither block
		// the audit for good nor stop an email that gets the same id again from being
		// written
		List<Path> orphans = new ArrayList<>();
		checkOutbox(new ArrayList<>(), orphans);
		if (!orphans.isEmpty()) {
			Path aside = folder().resolve("orphaned-outbox").resolve(clock.instant().toString().replace(':', '-'));
			try {
				Files.createDirectories(aside);
				for (Path f : orphans) {
					Path target = aside.resolve(folders.outbox().relativize(f).toString().replace('/', '_'));
					Files.move(f, target);
					history("outbox file without a row moved aside: " + f + " -> " + target);
				}
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot move outbox files aside to " + aside, e);
			}
		}
		last = null;
	}

	/**
	 * Moves the archived files that the database does not hold back into the inbox, in
	 * the order they were first archived, so that the next intake posts them again (their
	 * exactly-once keys went with the lost state). Then accepts the database's ids as
	 * they are.
	 * @return where each file now waits
	 */
	public synchronized List<Path> redriveMissing() {
		AuditReport report = audit();
		report.problems().stream().filter(p -> p.startsWith(COULD_NOT_RUN)).findFirst().ifPresent(p -> {
			throw new IllegalStateException(p + ": nothing re-driven, nothing accepted");
		});
		List<Path> moved = new ArrayList<>();
		List<MissingFile> missing = new ArrayList<>(report.missing());
		missing.sort(Comparator.comparing(MissingFile::archiveDate).thenComparing(m -> lastModified(m.path())));
		for (MissingFile m : missing) {
			Path folder = folders.inbox(m.kind().folder());
			if (!m.orgId().isEmpty()) {
				folder = folder.resolve(m.orgId());
			}
			try {
				Files.createDirectories(folder);
				Path target = folder.resolve(m.path().getFileName());
				for (int i = 1; Files.exists(target); i++) {
					target = folder.resolve(i + "-" + m.path().getFileName());
				}
				Files.move(m.path(), target);
				// the reject / duplicate notes beside it belong to the old posting: keep
				// them as history
				moved.add(target);
				history("re-driven " + m.path() + " -> " + target);
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot re-drive " + m.path(), e);
			}
		}
		accept("re-drive of " + moved.size() + " archived file(s)");
		return moved;
	}

	private static java.nio.file.attribute.FileTime lastModified(Path p) {
		try {
			return Files.getLastModifiedTime(p);
		}
		catch (IOException e) {
			return java.nio.file.attribute.FileTime.from(Instant.EPOCH);
		}
	}

	private void history(String line) {
		Path f = folder().resolve("history.log");
		try {
			Files.createDirectories(f.getParent());
			Files.writeString(f, clock.instant() + " " + line + "\n", StandardCharsets.UTF_8,
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + f, e);
		}
	}

	static void writeAtomically(Path target, String content) {
		io.creditshub.system.AtomicFiles.writeString(target, content);
	}

	/** SHA-256 of a file's bytes, as the intake journal records it. */
	public static String sha256(Path file) {
		try {
			return IntakeService.sha256(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + file, e);
		}
	}

	/** An archived file whose content the database does not hold as posted. */
	public record MissingFile(Path path, FileKind kind, String orgId, String sha256, String archiveDate) {
	}

	/**
	 * SHA-256 of archived files, remembered by path, size and modification time in
	 * {@code audit/archive-hashes.tsv} so that an audit hashes only the files archived
	 * since the last one.
	 */
	static final class HashIndex {

		private final Path file;

		private final Map<String, String> entries = new HashMap<>();

		private final Set<String> used = new HashSet<>();

		private boolean changed;

		private HashIndex(Path file) {
			this.file = file;
		}

		static HashIndex load(Path file) {
			HashIndex index = new HashIndex(file);
			if (Files.exists(file)) {
				try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
					lines.forEach(l -> {
						int tab = l.lastIndexOf('\t');
						if (tab > 0) {
							index.entries.put(l.substring(0, tab), l.substring(tab + 1));
						}
					});
				}
				catch (IOException | UncheckedIOException e) {
					index.entries.clear(); // a damaged index only costs hashing again
				}
			}
			return index;
		}

		String sha256(Path p) {
			String key;
			try {
				key = p.toString() + '\t' + Files.size(p) + '\t' + Files.getLastModifiedTime(p).toMillis();
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read " + p, e);
			}
			String sha = entries.get(key);
			used.add(key);
			if (sha == null) {
				sha = Auditor.sha256(p);
				entries.put(key, sha);
				changed = true;
			}
			return sha;
		}

		void save() {
			if (!changed && used.size() == entries.size()) {
				return;
			}
			StringBuilder b = new StringBuilder();
			entries.entrySet()
				.stream()
				.filter(e -> used.contains(e.getKey()))
				.sorted(Map.Entry.comparingByKey())
				.forEach(e -> b.append(e.getKey()).append('\t').append(e.getValue()).append('\n'));
			writeAtomically(file, b.toString());
			changed = false;
		}

	}

}
