package io.creditshub.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;

/**
 * What went wrong, said once (issue 17, items 1, 2 and 9). Every failure that leaves a
 * file where it is (a database outage, a full disk, anything unexpected) comes here, from
 * the routes' error handler ({@code hub-errors}), the inbox drainer and the file locks.
 * This class:
 * <ul>
 * <li>finds the root cause in the exception chain (not "Application exception overridden
 * by rollback exception", not an internal message id) and names the file;</li>
 * <li>logs each state change once, with a count: "database unavailable ... " when the
 * first failure comes, "database back after 27 s, 94 failed attempts" when it is over; a
 * file that keeps failing for the same reason is logged once, then again only when the
 * reason changes or it finally posts;</li>
 * <li>never logs a stack trace for an expected condition (database down, disk full, file
 * taken by another hub);</li>
 * <li>keeps the state for health (database reachable? since when?) and counts failed and
 * retried files (credits.intake.failures{kind,cause}, credits.intake.retries{kind}).</li>
 * </ul>
 */
@Component
public class Faults {

	private static final Logger log = LoggerFactory.getLogger(Faults.class);

	/** Why a file or a step failed, in the operator's words. */
	public enum Cause {

		/**
		 * the database is unreachable, closed or dropped the connection: retried, nothing
		 * was committed
		 */
		DATABASE,
		/**
		 * no space left on a device (data folder or database): retried once space is
		 * freed
		 */
		DISK_FULL,
		/** the file disappeared: another hub instance took it (not an error) */
		TAKEN,
		/**
		 * the file is still being uploaded (empty, or its last row has no line end):
		 * taken later (not an error)
		 */
		INCOMPLETE,
		/** anything else */
		OTHER

	}

	private final Clock clock;

	private final MeterRegistry meters;

	private volatile Instant databaseDownSince;

	private volatile String databaseProblem;

	private volatile long databaseFailures;

	private volatile Instant diskFullSince;

	private final Map<String, FileFailure> files = new ConcurrentHashMap<>();

	/**
	 * Files whose attempt failed for a reason of their own and that Camel is trying again
	 * at once (path -> the reason): told once each, not counted as a failed attempt.
	 */
	private final Map<String, String> redelivered = new ConcurrentHashMap<>();

	/** Files seen incomplete (still being uploaded): told once each. */
	private final java.util.Set<String> waiting = ConcurrentHashMap.newKeySet();

	private record FileFailure(String kind, Cause cause, String detail, int attempts, Instant since) {
	}

	public Faults(Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * The data folder (credits.home): where the embedded database and the files are
	 * written.
	 */
	private volatile java.nio.file.Path dataFolder;

	@org.springframework.beans.factory.annotation.Autowired(required = false)
	void watch(DataFolders folders) {
		this.dataFolder = folders.home();
	}

	/**
	 * Below this much free space in the data folder, an I/O error of the database file is
	 * a full disk.
	 */
	static final long LOW_SPACE_BYTES = 64L * 1024 * 1024;

	private boolean lowOnSpace() {
		return freeBytes() < LOW_SPACE_BYTES;
	}

	/** For tests: where the free space of the data folder comes from. */
	private volatile java.util.function.LongSupplier freeSpace;

	void freeSpace(java.util.function.LongSupplier source) {
		this.freeSpace = source;
	}

	private long freeBytes() {
		if (freeSpace != null) {
			return freeSpace.getAsLong();
		}
		java.nio.file.Path folder = dataFolder;
		if (folder == null) {
			return Long.MAX_VALUE;
		}
		try {
			return java.nio.file.Files.getFileStore(java.nio.file.Files.exists(folder) ? folder : folder.getParent())
				.getUsableSpace();
		}
		catch (IOException | RuntimeException e) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * H2 reports a write that failed for want of space as "IO Exception: <file>" (90028,
	 * 90031) or a failed MVStore write, without the operating system's "No space left on
	 * device" in the chain.
	 */
	public static boolean databaseFileError(Throwable t) {
		for (Throwable c : chain(t)) {
			if (c instanceof SQLException sql && (sql.getErrorCode() == 90028 || sql.getErrorCode() == 90031)) {
				return true;
			}
			String m = String.valueOf(c.getMessage());
			if (m.startsWith("IO Exception") || m.contains("Writing to ") || m.contains("No space left on device")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The exception, its causes and, for a failed rollback, the application's exception
	 * and its causes.
	 */
	static java.util.List<Throwable> chain(Throwable t) {
		java.util.List<Throwable> out = new java.util.ArrayList<>();
		java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
		todo.add(t);
		while (!todo.isEmpty() && out.size() < 64) {
			Throwable c = todo.poll();
			if (c == null || out.contains(c)) {
				continue;
			}
			out.add(c);
			if (c instanceof TransactionSystemException tse && tse.getApplicationException() != null) {
				todo.add(tse.getApplicationException());
			}
			if (c.getCause() != null) {
				todo.add(c.getCause());
			}
			if (c instanceof SQLException sql && sql.getNextException() != null) {
				todo.add(sql.getNextException());
			}
		}
		return out;
	}

	/**
	 * {@link #describe}, plus the free space of the data folder when an I/O error of the
	 * database is a full disk.
	 */
	public String describeHere(Throwable e) {
		String text = describe(e);
		if (databaseFileError(e) && !text.toLowerCase(Locale.ROOT).contains("space") && lowOnSpace()) {
			text = "no space left on device: the data folder " + dataFolder + " has " + freeBytes() + " bytes free; "
					+ text;
		}
		return text;
	}

	/**
	 * The innermost cause, skipping Spring's rollback wrapper in favour of the
	 * application's own exception.
	 */
	public static Throwable rootCause(Throwable t) {
		Throwable cur = t;
		for (int depth = 0; depth < 32; depth++) {
			Throwable next = cur instanceof TransactionSystemException tse && tse.getApplicationException() != null
					? tse.getApplicationException() : cur.getCause();
			if (next == null || next == cur) {
				break;
			}
			cur = next;
		}
		return cur;
	}

	/**
	 * One line: the root cause's message (or its type when it has none), never a stack
	 * trace.
	 */
	public static String describe(Throwable t) {
		Throwable root = rootCause(t);
		String message = root.getMessage();
		String text = message == null || message.isBlank() ? root.getClass().getSimpleName()
				: message.strip().replaceAll("\\s+", " ");
		if (root instanceof NoSuchFileException) {
			text = "no such file " + text;
		}
		return text.length() > 300 ? text.substring(0, 297) + "..." : text;
	}

	public static Cause classify(Throwable t) {
		for (Throwable c : chain(t)) {
			if (c.getClass().getSimpleName().equals("IncompleteFileException")) {
				return Cause.INCOMPLETE;
			}
		}
		for (Throwable c = t; c != null; c = c instanceof TransactionSystemException tse
				&& tse.getApplicationException() != null ? tse.getApplicationException() : c.getCause()) {
			String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
			if (m.contains("no space left on device") || m.contains("disk full") || m.contains("not enough space")) {
				return Cause.DISK_FULL;
			}
			if (c instanceof NoSuchFileException) {
				return Cause.TAKEN;
			}
			if (c instanceof CannotGetJdbcConnectionException || c instanceof SQLTransientConnectionException
					|| c instanceof SQLNonTransientConnectionException || c instanceof SQLRecoverableException) {
				return Cause.DATABASE;
			}
			if (c instanceof SQLException sql && databaseUnavailable(sql)) {
				return Cause.DATABASE;
			}
			if (c.getCause() == c) {
				break;
			}
		}
		return Cause.OTHER;
	}

	/**
	 * SQL states of a lost or refused connection (08xxx), an administrator shutdown or
	 * terminated backend (57P0x, PostgreSQL), and H2's "database closed" / "connection
	 * broken" / file errors.
	 */
	private static boolean databaseUnavailable(SQLException e) {
		String state = e.getSQLState() == null ? "" : e.getSQLState();
		if (state.startsWith("08") || state.startsWith("57P")) {
			return true;
		}
		int h2 = e.getErrorCode();
		return h2 == 90098 || h2 == 90121 || h2 == 90067 || h2 == 90028 || h2 == 90031 || h2 == 90013
				|| String.valueOf(e.getMessage()).contains("This connection has been closed");
	}

	/**
	 * {@link #classify}, and a failed write of the embedded database's file while the
	 * data folder is (nearly) full is a full disk: H2 says only "IO Exception" or
	 * "Writing to ..." then, not the operating system's "No space left on device" (never
	 * poisons a file, see {@link #attempts}). Also while a full disk seen by another step
	 * is not yet cleared: space may have been freed between the failed write and this
	 * look (FullDiskIT met it in CI).
	 */
	public Cause causeHere(Throwable e) {
		Cause cause = classify(e);
		if ((cause == Cause.DATABASE || cause == Cause.OTHER) && databaseFileError(e)
				&& (lowOnSpace() || diskFullSince != null)) {
			return Cause.DISK_FULL;
		}
		return cause;
	}

	/**
	 * A file (or a route's step) failed and stays where it is, to be retried.
	 * @param kind the kind of file (cdr, rates...) or the route id
	 * @param what the file (path) or the step
	 * @return the cause, for the caller's own decisions
	 */
	public Cause failed(String kind, String what, Throwable e) {
		Cause cause = causeHere(e);
		redelivered.remove(what);
		String detail = describeHere(e);
		meters.counter("credits.intake.failures", "kind", kind, "cause", cause.name().toLowerCase(Locale.ROOT))
			.increment();
		if (cause == Cause.TAKEN) {
			log.info("{} {}: taken by another hub instance meanwhile ({}); nothing to do", kind, what, detail);
			files.remove(what);
			return cause;
		}
		if (cause == Cause.INCOMPLETE) {
			// once per file, not per poll; the next line about it is its posting
			if (waiting.add(what)) {
				log.info("{} {}: waiting: {}", kind, what, detail);
			}
			return cause;
		}
		boolean outageKnown;
		boolean diskKnown;
		synchronized (this) {
			outageKnown = databaseDownSince != null;
			diskKnown = diskFullSince != null;
		}
		if (cause == Cause.DATABASE) {
			databaseFailed(kind + " " + what, e);
		}
		else if (cause == Cause.DISK_FULL) {
			diskFull(kind + " " + what, e);
		}
		FileFailure before = files.get(what);
		if (before == null || before.cause() != cause || !before.detail().equals(detail)) {
			files.put(what, new FileFailure(kind, cause, detail, 1, clock.instant()));
			if (cause == Cause.OTHER) {
				log.error("{} {}: failed: {}; it stays where it is and is retried at the next poll", kind, what,
						detail);
			}
			else if (cause == Cause.DISK_FULL && diskKnown && before == null && !what.startsWith("(route ")) {
				// the full disk was told by another step (a timer, another file): one
				// line
				// names this file too
				log.error("{} {}: no space left on device ({}); the file stays where it is and is taken again once "
						+ "space is freed", kind, what, detail);
			}
			else if (cause == Cause.DATABASE && outageKnown && before == null) {
				// the outage was told by another step (a lock, a timer): one line names
				// this file too
				log.warn("{} {}: database unavailable ({}); the file stays where it is and is taken again once the "
						+ "database is back", kind, what, detail);
			}
			else if (before != null && before.cause() != cause) {
				log.warn("{} {}: now failing because {} ({})", kind, what, describeCause(cause), detail);
			}
		}
		else {
			files.put(what, new FileFailure(kind, cause, detail, before.attempts() + 1, before.since()));
			log.debug("{} {}: failed again ({} attempts): {}", kind, what, before.attempts() + 1, detail);
		}
		return cause;
	}

	private static String describeCause(Cause cause) {
		return switch (cause) {
			case DATABASE -> "the database is unavailable";
			case DISK_FULL -> "a disk is full";
			case TAKEN -> "another hub took it";
			case INCOMPLETE -> "it is still being uploaded";
			case OTHER -> "of an error";
		};
	}

	/**
	 * How many times in a row this file failed so far for a reason of its own (not the
	 * database's nor the disk's).
	 */
	public int attempts(String what) {
		FileFailure f = files.get(what);
		return f == null || f.cause() != Cause.OTHER ? 0 : f.attempts();
	}

	/**
	 * An attempt at a file (or a route's step) failed and Camel's error handler tries it
	 * again at once ({@code hub-errors}: twice, 2 s apart) before giving up until the
	 * next poll. A lost database connection or a full disk is told as {@link #failed}
	 * tells it (an outage line, then 'went through after' when the retry posts it); a
	 * failure of the file's own is told once as a warning, and not counted toward the
	 * poison-file rule ({@link #attempts}: that counts polls). Without this, a file whose
	 * connection was cut mid-file and that went through on the retry left no line at all.
	 * @param retry which retry comes next (1, 2...)
	 */
	public void redelivering(String kind, String what, Throwable e, int retry, int of) {
		Cause cause = causeHere(e);
		if (cause == Cause.DATABASE || cause == Cause.DISK_FULL) {
			failed(kind, what, e);
			return;
		}
		if (cause != Cause.OTHER) {
			return; // taken meanwhile or still uploading: told when the retries end
		}
		String detail = describeHere(e);
		if (!detail.equals(redelivered.put(what, detail)) && !files.containsKey(what)) {
			log.warn("{} {}: attempt failed: {}; trying again shortly (retry {} of {})", kind, what, detail, retry, of);
		}
	}

	/** A file (or step) that failed before is being tried again: counted as a retry. */
	public void retrying(String kind, String what) {
		if (files.containsKey(what)) {
			meters.counter("credits.intake.retries", "kind", kind).increment();
		}
	}

	/**
	 * A file (or step) went through: closes its failure, if it had one, and the database
	 * outage.
	 */
	public void succeeded(String kind, String what) {
		databaseOk();
		diskOk();
		waiting.remove(what);
		String retried = redelivered.remove(what);
		FileFailure before = files.remove(what);
		if (before == null && retried != null) {
			log.info("{} {}: went through on a retry (the attempt before failed: {})", kind, what, retried);
		}
		if (before != null) {
			log.info("{} {}: went through after {} failed attempt(s) over {} (last: {})", kind, what, before.attempts(),
					human(Duration.between(before.since(), clock.instant())), before.detail());
		}
	}

	/**
	 * The database failed (outside a file: a lock, a timer route, a health probe). Logged
	 * once per outage.
	 */
	public synchronized void databaseFailed(String during, Throwable e) {
		databaseFailures++;
		if (databaseDownSince == null) {
			databaseDownSince = clock.instant();
			databaseProblem = describeHere(e);
			log.error("database unavailable ({}) during {}: nothing is committed meanwhile; files stay where they are "
					+ "and are taken again once it is back", databaseProblem, during);
		}
	}

	/** The database answered: ends an outage, if there was one, with one line. */
	public synchronized void databaseOk() {
		if (databaseDownSince != null) {
			log.warn("database back after {}, {} failed attempt(s) meanwhile (first: {})",
					human(Duration.between(databaseDownSince, clock.instant())), databaseFailures, databaseProblem);
			databaseDownSince = null;
			databaseProblem = null;
			databaseFailures = 0;
			// timer routes (mail outbox, recharges) have no file to succeed with: their
			// outage ends here
			files.entrySet().removeIf(f -> f.getValue().cause() == Cause.DATABASE && f.getKey().startsWith("(route "));
		}
	}

	private synchronized void diskFull(String during, Throwable e) {
		if (diskFullSince == null) {
			diskFullSince = clock.instant();
			log.error(
					"no space left on device during {} ({}): free space in the data folder; the hub retries on its own",
					during, describeHere(e));
		}
	}

	private synchronized void diskOk() {
		if (diskFullSince != null) {
			log.warn("disk space available again after {}", human(Duration.between(diskFullSince, clock.instant())));
			diskFullSince = null;
		}
	}

	/**
	 * Health of a component that reads the database, while the database is known to be
	 * unavailable: answered at once instead of waiting for a connection (the {@code db}
	 * and {@code hubState} components tell the outage).
	 */
	public static org.springframework.boot.actuate.health.Health notRead(Faults faults) {
		return org.springframework.boot.actuate.health.Health.unknown()
			.withDetail("database", "unavailable since " + faults.databaseDownSince() + ": not read")
			.build();
	}

	/** When the current database outage began, or null when the database answers. */
	public Instant databaseDownSince() {
		return databaseDownSince;
	}

	public String databaseProblem() {
		return databaseProblem;
	}

	public Instant diskFullSince() {
		return diskFullSince;
	}

	/**
	 * Files that failed and wait for a retry: path -> "cause: detail (n attempts since
	 * t)".
	 */
	public Map<String, String> failingFiles() {
		Map<String, String> out = new java.util.TreeMap<>();
		files.forEach((k, f) -> out.put(k, f.cause().name().toLowerCase(Locale.ROOT) + ": " + f.detail() + " ("
				+ f.attempts() + " attempt(s) since " + f.since() + ")"));
		return out;
	}

	static String human(Duration d) {
		long s = d.toSeconds();
		return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
	}

	/** True when the exception is an I/O failure for want of space. */
	public static boolean diskFull(IOException e) {
		return classify(e) == Cause.DISK_FULL;
	}

}
