package io.creditshub.intake;

import io.creditshub.intake.Rows;
import io.creditshub.system.DataFolders;
import io.creditshub.system.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of one intake file, whatever brought it (a Camel route or {@code run --once}):
 * <ol>
 * <li>structural checks (empty, binary, UTF-8, headers, organization folder): on failure
 * the file moves to {@code error/} with a {@code .reason.txt};</li>
 * <li>content already posted (same SHA-256, kind and organization): archived as a
 * duplicate, nothing posted (DOMAIN rule 10);</li>
 * <li>otherwise all postings of the file in ONE transaction; only after it commits is the
 * file moved to {@code archive/<date>/} with its {@code .rejects.csv}. A crash before the
 * commit leaves the file in the inbox and nothing in the database; a crash after it makes
 * the next attempt a duplicate.</li>
 * </ol>
 * An unexpected failure (database down) propagates and leaves the file where it is, to be
 * retried.
 */
@Service
public class IntakeService {

	private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

	private final Map<FileKind, FileLoader> loaders = new EnumMap<>(FileKind.class);

	private final IngestFileRepository journal;

	private final TransactionTemplate tx;

	private final DataFolders folders;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ApplicationEventPublisher events;

	private final Faults faults;

	private final RejectRepository rejectRows;

	IntakeService(List<FileLoader> loaders, IngestFileRepository journal, TransactionTemplate tx, DataFolders folders,
			Clock clock, MeterRegistry meters, Faults faults, RejectRepository rejectRows,
			ApplicationEventPublisher events) {
		this.events = events;
		this.faults = faults;
		this.rejectRows = rejectRows;
		loaders.forEach(l -> this.loaders.put(l.kind(), l));
		this.journal = journal;
		this.tx = tx;
		this.folders = folders;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Metrics: credits.intake.files{kind,status}, credits.intake.rows.posted /
	 * rows.rejected{kind}, and the timer credits.intake.duration{kind,status}.
	 */
	private IntakeOutcome count(IntakeOutcome o, long startedNanos) {
		String kind = o.kind().folder();
		String status = o.status().name().toLowerCase(java.util.Locale.ROOT);
		meters.counter("credits.intake.files", "kind", kind, "status", status).increment();
		meters.counter("credits.intake.rows.posted", "kind", kind).increment(o.posted());
		meters.counter("credits.intake.rows.rejected", "kind", kind).increment(o.rejected());
		meters.timer("credits.intake.duration", "kind", kind, "status", status)
			.record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
		return o;
	}

	/**
	 * Processes one file of the inbox and moves it to archive/ or error/ itself (a caller
	 * without a Camel consumer).
	 */
	public IntakeOutcome process(Path file, FileKind kind) {
		Path path = file.toAbsolutePath().normalize();
		checkComplete(path, null);
		return process(path, kind, () -> organizationOf(path, kind), true);
	}

	/**
	 * Processes one file of the inbox taken by a Camel file consumer
	 * (routes/intake-folder.camel.yaml): the same life cycle, except that the input
	 * itself is left where it is; {@link IntakeOutcome#movedTo()} says where it goes, and
	 * the consumer moves it there once the exchange completed, i.e. after the commit (its
	 * {@code move} option reads the {@code creditsMoveTo} header). A failed exchange
	 * leaves it in the inbox.
	 */
	public IntakeOutcome take(Path file, FileKind kind) {
		Path path = file.toAbsolutePath().normalize();
		checkComplete(path, null);
		return process(path, kind, () -> organizationOf(path, kind), false);
	}

	/**
	 * Processes a file fetched from a carrier's SFTP server into the work folder. The
	 * organization is the name of the remote folder it was found in
	 * ({@code /<org-id>/...}, FORMATS.md section 1; empty when the file sat directly in
	 * the drop folder). The same life cycle as an inbox file: checks, content hash, one
	 * transaction, then the local copy moves to archive/ or error/; the caller moves the
	 * remote file accordingly.
	 */
	public IntakeOutcome processFetched(Path file, FileKind kind, String orgFolder) {
		return processFetched(file, kind, orgFolder, null);
	}

	/**
	 * @param remoteModified when the file last changed on the carrier's server (null:
	 * unknown)
	 */
	public IntakeOutcome processFetched(Path file, FileKind kind, String orgFolder, java.time.Instant remoteModified) {
		Path path = file.toAbsolutePath().normalize();
		checkComplete(path, remoteModified);
		return process(path, kind, () -> organizationFolder(orgFolder, kind), true);
	}

	/**
	 * Issue 17, item 10: an upload that stalls under its final name must not be taken
	 * half-written. A text file the hub takes ends with a line end; one that is empty or
	 * ends in the middle of a row and changed less than
	 * {@code credits.intake.incomplete-wait} ago is still being written: it is left where
	 * it is, for a later poll. (A stall that happens to end exactly at a line end is what
	 * the read lock's unchanged-size window is for.)
	 * @throws IncompleteFileException when the file looks incomplete
	 */
	void checkComplete(Path path, java.time.Instant modified) {
		try {
			long size = Files.size(path);
			// empty, binary or without any line end: not an upload in progress but a bad
			// file, refused by the checks
			if (size == 0 || endsWithLineEnd(path, size) || !textWithALineEnd(path)) {
				return;
			}
			java.time.Instant changed = modified != null ? modified : Files.getLastModifiedTime(path).toInstant();
			java.time.Duration age = java.time.Duration.between(changed, clock.instant());
			java.time.Duration wait = incompleteWait.get();
			if (age.compareTo(wait) < 0) {
				throw new IncompleteFileException("its last row has no line end, changed "
						+ Math.max(0, age.toSeconds()) + " s ago: probably still being uploaded; taken once complete ("
						+ "or as it is after " + wait.toMinutes() + " min, credits.intake.incomplete-wait)");
			}
		}
		catch (IOException e) {
			// unreadable: the normal checks say so
		}
	}

	/**
	 * Whether the start of the file (64 KB) is text (no NUL byte) and holds a line end (a
	 * complete header line).
	 */
	private static boolean textWithALineEnd(Path path) throws IOException {
		byte[] head = new byte[64 * 1024];
		int n;
		try (InputStream in = Files.newInputStream(path)) {
			n = in.readNBytes(head, 0, head.length);
		}
		boolean lineEnd = false;
		for (int i = 0; i < n; i++) {
			if (head[i] == 0) {
				return false;
			}
			lineEnd |= head[i] == '\n';
		}
		return lineEnd;
	}

	private static boolean endsWithLineEnd(Path path, long size) throws IOException {
		try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(path)) {
			ch.position(size - 1);
			java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
			ch.read(last);
			byte b = last.get(0);
			return b == '\n' || b == '\r';
		}
	}

	private Supplier<java.time.Duration> incompleteWait = () -> java.time.Duration.ofMinutes(10);

	private java.util.function.IntSupplier maxAttempts = () -> 5;

	@org.springframework.beans.factory.annotation.Autowired(required = false)
	void incompleteWait(io.creditshub.config.CreditsProperties properties) {
		this.incompleteWait = () -> properties.getIntake().getIncompleteWait();
		this.maxAttempts = () -> properties.getIntake().getMaxAttempts();
	}

	private IntakeOutcome process(Path path, FileKind kind, Supplier<String> organization, boolean moveInput) {
		long started = System.nanoTime();
		String what = path.toString();
		faults.retrying(kind.folder(), what);
		IntakeOutcome outcome;
		try {
			outcome = count(processFile(path, kind, organization, started, moveInput), started);
		}
		catch (RuntimeException e) {
			int attempts = faults.attempts(what) + 1;
			if (faults.causeHere(e) != Faults.Cause.OTHER || attempts < maxAttempts.getAsInt()) {
				throw e; // left where it is, retried; an outage or a full disk never
							// poisons a file
			}
			// the poison-file rule (issue 13): a file that keeps failing for a reason
			// that is not the database's nor the
			// disk's goes to error/ with the last reason, instead of being retried at
			// every poll for ever
			String orgId;
			try {
				orgId = organization.get();
			}
			catch (RuntimeException unknown) {
				orgId = "";
			}
			String sha;
			try {
				sha = sha256(path);
			}
			catch (IOException unreadable) {
				sha = null;
			}
			outcome = count(refuse(path, kind, orgId, sha, moveInput, "failed " + attempts
					+ " times (credits.intake.max-attempts), " + "last: " + Faults.describe(e)
					+ "; fix the cause, then re-drive it (the console's Files page or POST /api/files/{id}/redrive)",
					started), started);
		}
		faults.succeeded(kind.folder(), what);
		// after the commit and the move: the audit checks the journal and the database's
		// ids (issue 11)
		events.publishEvent(new IntakeProcessed(outcome));
		return outcome;
	}

	private IntakeOutcome processFile(Path path, FileKind kind, Supplier<String> organization, long started,
			boolean moveInput) {
		String name = path.getFileName().toString();
		String orgId = "";
		String sha = null;
		try {
			orgId = organization.get();
			sha = sha256(path);
			var posted = journal.findPosted(kind, orgId, sha);
			if (posted.isPresent()) {
				return duplicate(path, kind, orgId, sha, posted.get(), started, moveInput);
			}
			FileLoader loader = loaders.get(kind);
			Path rejectsWork = folders.work().resolve(UUID.randomUUID() + ".rejects.csv");
			LoadResult result;
			long[] postedId = { -1 };
			try (CsvInput csv = CsvInput.open(path, loader.requiredColumns());
					RejectsWriter rejects = new RejectsWriter(rejectsWork, loader.keyColumn())) {
				String org = orgId;
				String digest = sha;
				result = tx.execute(status -> {
					long fileId = journal.startPosting(kind, org, name, digest);
					postedId[0] = fileId;
					LoadResult r = loader.load(org, fileId, csv, rejects);
					// the rejects commit with the postings (issue 17, item 3): a crash
					// after the commit cannot lose them
					rejects.finish();
					rejectRows.store(fileId, rejects.path());
					journal.finishPosting(fileId, r);
					if (r.rows() >= 100_000) {
						log.info("{} {}: {} rows posted, committing", kind.folder(), name, r.posted());
					}
					return r;
				});
			}
			catch (DuplicateKeyException race) {
				Files.deleteIfExists(rejectsWork);
				// another instance committed the same content between our check and our
				// insert
				return duplicate(path, kind, orgId, sha, journal.findPosted(kind, orgId, sha).orElse(null), started,
						moveInput);
			}
			catch (RuntimeException | IOException e) {
				Files.deleteIfExists(rejectsWork);
				throw e;
			}
			// committed: now, and only now, the input leaves the inbox; its rejects go
			// first, so that a crash in between
			// leaves them in the archive (and the input, found again, is archived as a
			// duplicate)
			Path folder = archiveFolder(kind, orgId);
			Path target = freeName(path, folder);
			if (Files.exists(rejectsWork)) {
				Files.move(rejectsWork, target.resolveSibling(target.getFileName() + ".rejects.csv"));
			}
			Path archived = moveInput ? move(path, target) : target;
			try {
				journal.archived(postedId[0], archived);
			}
			catch (org.springframework.dao.DataAccessException e) {
				// committed and archived: only the journal's note of where is missing (a
				// duplicate regenerates rejects)
				log.warn("{} {}: posted and archived to {}, but its location was not noted: {}", kind.folder(), name,
						archived, Faults.describe(e));
			}
			IntakeOutcome outcome = new IntakeOutcome(kind, orgId, name, IntakeOutcome.Status.POSTED, result.rows(),
					result.posted(), result.rejected(), result.summary(), archived, seconds(started), result.flag(),
					result.calls());
			if (result.flag() != null) {
				log.warn("{} {}{}: FLAGGED: {}", kind.folder(), orgId.isEmpty() ? "" : orgId + "/", name,
						result.flag());
			}
			log.info("{} {}{}: {} rows, {} posted, {} rejected, {} s, {} rows/s; {}", kind.folder(),
					orgId.isEmpty() ? "" : orgId + "/", name, result.rows(), result.posted(), result.rejected(),
					String.format("%.2f", outcome.seconds()),
					CdrFileLoader.perSecond(result.rows(), System.nanoTime() - started), result.summary());
			return outcome;
		}
		catch (FileRejectedException e) {
			return refuse(path, kind, orgId, sha, moveInput, e.getMessage(), started);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot process " + path, e);
		}
	}

	private IntakeOutcome duplicate(Path path, FileKind kind, String orgId, String sha,
			IngestFileRepository.Posted posted, long started, boolean moveInput) throws IOException {
		String postedName = posted == null ? path.getFileName().toString() : posted.fileName();
		String postedAt = posted == null ? "a moment ago" : posted.processedAt().toString();
		String detail = "same content as " + postedName + ", posted " + postedAt + ": nothing posted again";
		Path archived = moveInput ? moveTo(path, archiveFolder(kind, orgId))
				: freeName(path, archiveFolder(kind, orgId));
		if (posted != null) {
			regenerateRejects(kind, posted, archived);
		}
		journal.record(kind, orgId, path.getFileName().toString(), sha, IntakeOutcome.Status.DUPLICATE, detail,
				archived);
		Files.writeString(archived.resolveSibling(archived.getFileName() + ".duplicate.txt"), detail + "\n");
		log.warn("{} {}: duplicate file, {}", kind.folder(), path.getFileName(), detail);
		return new IntakeOutcome(kind, orgId, path.getFileName().toString(), IntakeOutcome.Status.DUPLICATE, 0, 0, 0,
				detail, archived, seconds(started));
	}

	private IntakeOutcome refuse(Path path, FileKind kind, String orgId, String sha, boolean moveInput, String reason,
			long started) {
		String name = path.getFileName().toString();
		try {
			Path target = folders.error().resolve(kind.folder());
			if (!orgId.isEmpty()) {
				target = target.resolve(orgId);
			}
			Path moved = moveInput ? moveTo(path, target) : freeName(path, target);
			journal.record(kind, orgId, name, sha, IntakeOutcome.Status.ERROR, reason, moved);
			Files.writeString(moved.resolveSibling(moved.getFileName() + ".reason.txt"),
					"file: " + path + "\nrefused at: " + clock.instant() + "\nreason: " + reason + "\n",
					StandardCharsets.UTF_8);
			log.error("{} {}: refused, moved to {}: {}", kind.folder(), name, moved, reason);
			return new IntakeOutcome(kind, orgId, name, IntakeOutcome.Status.ERROR, 0, 0, 0, reason, moved,
					seconds(started));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot move refused file " + path + " to error/", e);
		}
	}

	/**
	 * Puts a refused file back in the inbox to be processed again (after the carrier or
	 * operator fixed what was wrong, e.g. loaded the missing organization). The reason
	 * file stays in error/ as history.
	 * @return where the file now waits
	 */
	public Path redrive(long fileId) {
		IngestFileRepository.JournalRow row = journal.find(fileId)
			.orElseThrow(() -> new IllegalArgumentException("no intake file " + fileId));
		if (!"ERROR".equals(row.status()) || row.location() == null) {
			throw new IllegalStateException(
					"file " + fileId + " (" + row.fileName() + ") was not refused: status " + row.status());
		}
		Path source = Path.of(row.location());
		if (!Files.exists(source)) {
			throw new IllegalStateException("file " + fileId + " is no longer at " + source + " (already re-driven?)");
		}
		FileKind kind = FileKind.valueOf(row.kind());
		Path folder = folders.inbox(kind.folder());
		if (kind.perOrganization() && !row.orgId().isEmpty()) {
			folder = folder.resolve(row.orgId());
		}
		try {
			Files.createDirectories(folder);
			Path target = folder.resolve(row.fileName());
			if (Files.exists(target)) {
				throw new IllegalStateException("a file named " + row.fileName() + " already waits in " + folder);
			}
			Files.move(source, target);
			log.info("{} {}: re-driven from {} to {}", kind.folder(), row.fileName(), source, target);
			return target;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot re-drive " + source, e);
		}
	}

	/**
	 * Confirms a rate file held because it would replace most of the table in force
	 * (issue 17, item 5): this content (its SHA-256) is accepted and the file is put back
	 * in the inbox, where it loads as a replacement.
	 * @return where the file now waits
	 */
	public Path acceptRates(long fileId) {
		IngestFileRepository.JournalRow row = journal.find(fileId)
			.orElseThrow(() -> new IllegalArgumentException("no intake file " + fileId));
		if (!FileKind.RATES.name().equals(row.kind())) {
			throw new IllegalStateException("file " + fileId + " (" + row.fileName() + ") is not a rate file");
		}
		journal.acceptRates(fileId);
		log.warn("rates {}: replacement confirmed by an operator (file {})", row.fileName(), fileId);
		return redrive(fileId);
	}

	/**
	 * CDR files belong to the organization named by their folder:
	 * inbox/cdr/&lt;org-id&gt;/...
	 */
	private String organizationOf(Path path, FileKind kind) {
		if (!kind.perOrganization()) {
			return "";
		}
		Path root = folders.inbox(kind.folder());
		if (!path.startsWith(root) || root.relativize(path).getNameCount() < 2) {
			throw new FileRejectedException(
					"no organization folder: " + kind.folder() + " files go in inbox/" + kind.folder() + "/<org-id>/");
		}
		return organizationFolder(root.relativize(path).getName(0).toString(), kind);
	}

	private static String organizationFolder(String org, FileKind kind) {
		if (!kind.perOrganization()) {
			return "";
		}
		if (org == null || org.isEmpty()) {
			throw new FileRejectedException("no organization folder: " + kind.folder()
					+ " files go in a folder named after the organization id (" + kind.folder() + "/<org-id>/)");
		}
		if (!AccountFileLoader.ORG_ID.matcher(org).matches()) {
			throw new FileRejectedException("'" + Rows.echo(org) + "' is not a valid organization id folder");
		}
		return org;
	}

	private Path archiveFolder(FileKind kind, String orgId) {
		Path p = folders.archive()
			.resolve(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString())
			.resolve(kind.folder());
		return orgId.isEmpty() ? p : p.resolve(orgId);
	}

	/**
	 * The first posting of this content was committed but its rejects CSV is not where it
	 * was archived (a crash between the commit and the archive move, issue 17 item 3):
	 * written again from the database, beside the copy archived now.
	 */
	private void regenerateRejects(FileKind kind, IngestFileRepository.Posted posted, Path archived) {
		Path original = posted.location() == null ? null
				: Path.of(posted.location()).resolveSibling(Path.of(posted.location()).getFileName() + ".rejects.csv");
		if (original != null && Files.exists(original)) {
			return;
		}
		if (rejectRows.count(posted.fileId()) == 0) {
			return;
		}
		Path csv = archived.resolveSibling(archived.getFileName() + ".rejects.csv");
		rejectRows.writeCsv(posted.fileId(), loaders.get(kind).keyColumn(), csv);
		log.warn("{} {}: the rejects of its first posting (file {}) were not in the archive: written again to {}",
				kind.folder(), archived.getFileName(), posted.fileId(), csv);
	}

	/**
	 * Moves a file into a folder without ever overwriting: a taken name gets a -1, -2...
	 * suffix.
	 */
	static Path moveTo(Path file, Path folder) throws IOException {
		return move(file, freeName(file, folder));
	}

	/**
	 * A name in the folder that neither a file nor its reason or rejects file uses yet.
	 */
	static Path freeName(Path file, Path folder) throws IOException {
		Files.createDirectories(folder);
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		String ext = dot > 0 ? name.substring(dot) : "";
		Path target = folder.resolve(name);
		for (int i = 1; Files.exists(target)
				|| Files.exists(target.resolveSibling(target.getFileName() + ".reason.txt"))
				|| Files.exists(target.resolveSibling(target.getFileName() + ".rejects.csv")); i++) {
			target = folder.resolve(base + "-" + i + ext);
		}
		return target;
	}

	/**
	 * Moves atomically where the file system can (the one place intake files are moved).
	 */
	static Path move(Path file, Path target) throws IOException {
		try {
			return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			return Files.move(file, target);
		}
	}

	/**
	 * SHA-256 of a file's bytes, hex: the content key of the intake journal (DOMAIN rule
	 * 10).
	 */
	public static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;) {
				md.update(buffer, 0, n);
			}
			return HexFormat.of().formatHex(md.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

}
