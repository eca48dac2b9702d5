package io.creditshub.system;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The cluster-wide in-progress lock of intake files (Camel's
 * {@code inProgressRepository}, table CAMEL_MESSAGEPROCESSED, the same rows as Camel's
 * {@code JdbcOrphanLockAwareIdempotentRepository}), written so that a database outage can
 * never strand a file (issue 17, item 1):
 * <ul>
 * <li>a lock that could not be removed because the database was down is forgotten at once
 * (no more keep-alive for it) and its row is deleted as soon as the database answers
 * again: at the next poll's {@link #add}, or the next keep-alive tick, whichever comes
 * first. The file is taken again within one poll of the database coming back (Camel's
 * repository kept refreshing such a row for ever: the file waited until the hub was
 * restarted);</li>
 * <li>{@link #add} never throws: when the database does not answer, the file is simply
 * not taken now (the poll moves on; {@link Faults} logs the outage once);</li>
 * <li>an instance that crashed leaves rows nobody refreshes: they are taken over after
 * {@code lockMaxAge}, by an atomic conditional update (two instances never both take an
 * orphan);</li>
 * <li>every lock held is refreshed every {@code keepAlive} (the heartbeat), so a lock
 * older than that is a stale one: health shows it.</li>
 * </ul>
 * Keys of the local inbox are absolute, normalised paths, the same whoever takes the file
 * (a route or the inbox drainer of {@code run}).
 */
public class FileLockRepository extends ServiceSupport implements IdempotentRepository {

	private static final Logger log = LoggerFactory.getLogger(FileLockRepository.class);

	private final JdbcTemplate jdbc;

	private final String processorName;

	private final long lockMaxAgeMillis;

	private final long keepAliveMillis;

	private final Faults faults;

	private final boolean localPaths;

	private final Set<String> held = ConcurrentHashMap.newKeySet();

	/**
	 * locks released while the database was down: their rows are deleted once it answers
	 */
	private final Set<String> toDelete = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService heartbeat;

	private volatile Instant lastHeartbeat;

	public FileLockRepository(DataSource dataSource, String processorName, long lockMaxAgeMillis, long keepAliveMillis,
			Faults faults, boolean localPaths) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.processorName = processorName;
		this.lockMaxAgeMillis = lockMaxAgeMillis;
		this.keepAliveMillis = keepAliveMillis;
		this.faults = faults;
		this.localPaths = localPaths;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "file-locks-" + processorName);
			t.setDaemon(true);
			return t;
		});
		long tick = Math.max(100, Math.min(keepAliveMillis, 5_000));
		heartbeat.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
	}

	private String key(String key) {
		return localPaths ? Path.of(key).toAbsolutePath().normalize().toString() : key;
	}

	@Override
	public boolean add(String rawKey) {
		String key = key(rawKey);
		try {
			deletePending();
			if (held.contains(key)) {
				log.debug("{}: {} is already held by this instance", processorName, key);
				return false;
			}
			Timestamp now = new Timestamp(System.currentTimeMillis());
			boolean taken;
			try {
				taken = jdbc
					.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, lock_owner) "
							+ "VALUES (?, ?, ?, ?)", processorName, key, now, owner) == 1;
			}
			catch (DuplicateKeyException other) {
				// held by another instance, or an orphan of a crashed one: take it over
				// only when nobody refreshed it
				taken = jdbc.update(
						"UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?, lock_owner = ? WHERE processorName = ? "
								+ "AND messageId = ? AND createdAt < ?",
						now, owner, processorName, key, new Timestamp(now.getTime() - lockMaxAgeMillis)) == 1;
				if (taken) {
					log.warn("{}: took over the lock of {} (not refreshed for {} s: its instance stopped)",
							processorName, key, lockMaxAgeMillis / 1000);
				}
				else {
					taken = takeOverFromAGoneProcess(key, now);
				}
			}
			if (taken) {
				held.add(key);
			}
			faults.databaseOk();
			return taken;
		}
		catch (DataAccessException e) {
			if (faults.causeHere(e) != Faults.Cause.OTHER && localFile(key)) {
				// a full disk or an outage while taking a file's lock, before the file is
				// read: told with the file's name and its real cause (a full disk is not
				// "database unavailable"), and counted as the file's failure, so that its
				// posting later says it went through (found with a disk already full when
				// the file came)
				faults.failed("intake", key, e);
			}
			else {
				faults.databaseFailed("taking the lock of " + key, e);
			}
			return false;
		}
	}

	private static boolean localFile(String key) {
		try {
			return key.startsWith("/") && java.nio.file.Files.exists(java.nio.file.Path.of(key));
		}
		catch (java.nio.file.InvalidPathException e) {
			return false;
		}
	}

	private static final String HOST = host();

	/**
	 * This instance: {@code host/pid/id} (two hub contexts in one JVM are two owners).
	 */
	private final String owner = HOST + "/" + ProcessHandle.current().pid() + "/"
			+ java.util.UUID.randomUUID().toString().substring(0, 8);

	static String host() {
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException | RuntimeException e) {
			return "localhost";
		}
	}

	/**
	 * A lock held by a process of this host that no longer runs (or by this process,
	 * which does not hold it: its release failed) is taken over at once, by a conditional
	 * update on the owner (two instances never both take it).
	 */
	private boolean takeOverFromAGoneProcess(String key, Timestamp now) {
		List<String> owners = jdbc.queryForList(
				"SELECT lock_owner FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?", String.class,
				processorName, key);
		String previous = owners.isEmpty() ? null : owners.get(0);
		if (previous == null || !gone(previous)) {
			log.debug("{}: {} is locked by {}, which still runs (or is on another host)", processorName, key, previous);
			return false;
		}
		boolean taken = jdbc
			.update("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?, lock_owner = ? WHERE processorName = ? "
					+ "AND messageId = ? AND lock_owner = ?", now, owner, processorName, key, previous) == 1;
		if (taken) {
			toDelete.remove(key);
			log.warn("{}: took over the lock of {} (its process {} is gone)", processorName, key, previous);
		}
		return taken;
	}

	/**
	 * Whether the lock's owner is this instance (which does not hold it) or a process of
	 * this host that has ended.
	 */
	boolean gone(String lockOwner) {
		if (lockOwner.equals(owner)) {
			return true;
		}
		String[] parts = lockOwner.split("/");
		if (parts.length != 3 || !parts[0].equals(HOST)) {
			return false; // another host: only the heartbeat's age tells
		}
		try {
			long pid = Long.parseLong(parts[1]);
			return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
		}
		catch (NumberFormatException e) {
			return false;
		}
	}

	/**
	 * Whether the file is in progress somewhere: Camel's file consumers ask this before
	 * {@link #add}. A lock that {@link #add} would take over (not refreshed for the
	 * maximum age, or held by an ended process of this host, e.g. a {@code run --once}
	 * that could not release it during a database outage) does not count.
	 */
	@Override
	public boolean contains(String rawKey) {
		String key = key(rawKey);
		if (held.contains(key)) {
			return true;
		}
		try {
			List<java.util.Map<String, Object>> rows = jdbc.queryForList(
					"SELECT createdAt, lock_owner FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?",
					processorName, key);
			if (rows.isEmpty()) {
				return false;
			}
			Object created = rows.get(0).get("createdAt");
			if (created instanceof Timestamp t && t.getTime() < System.currentTimeMillis() - lockMaxAgeMillis) {
				return false;
			}
			Object lockOwner = rows.get(0).get("lock_owner");
			return lockOwner == null || !gone(lockOwner.toString());
		}
		catch (DataAccessException e) {
			faults.databaseFailed("reading the lock of " + key, e);
			return true; // when in doubt, do not take it
		}
	}

	/**
	 * Releases a lock; never fails (a row the database could not delete now is deleted
	 * once it answers).
	 */
	@Override
	public boolean remove(String rawKey) {
		String key = key(rawKey);
		held.remove(key); // no more keep-alive for it, whatever happens below
		toDelete.add(key);
		deletePending();
		return true;
	}

	@Override
	public boolean confirm(String key) {
		return true;
	}

	@Override
	public void clear() {
		jdbc.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ?", processorName);
		held.clear();
		toDelete.clear();
	}

	private void deletePending() {
		for (String key : List.copyOf(toDelete)) {
			if (held.contains(key)) {
				toDelete.remove(key); // taken again meanwhile
				continue;
			}
			try {
				jdbc.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?",
						processorName, key);
				toDelete.remove(key);
			}
			catch (DataAccessException e) {
				faults.databaseFailed("releasing the lock of " + key, e);
				return;
			}
		}
	}

	private void tick() {
		try {
			if (faults.databaseDownSince() != null) {
				jdbc.queryForObject("SELECT 1", Integer.class); // ends the outage in the
																// log even when no file
																// waits
				faults.databaseOk();
			}
			deletePending();
			if (!held.isEmpty() && (lastHeartbeat == null
					|| System.currentTimeMillis() - lastHeartbeat.toEpochMilli() >= keepAliveMillis)) {
				Timestamp now = new Timestamp(System.currentTimeMillis());
				for (String key : List.copyOf(held)) {
					jdbc.update(
							"UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ? WHERE processorName = ? AND messageId = ?",
							now, processorName, key);
				}
				lastHeartbeat = now.toInstant();
			}
			else if (held.isEmpty()) {
				lastHeartbeat = Instant.now();
			}
		}
		catch (DataAccessException e) {
			faults.databaseFailed("refreshing file locks", e);
		}
		catch (RuntimeException e) {
			log.debug("{}: keep-alive failed", processorName, e);
		}
	}

	/** Keys this instance holds now. */
	public Set<String> held() {
		return Set.copyOf(held);
	}

	/** Locks released while the database was down, not deleted yet. */
	public Set<String> pendingRelease() {
		return Set.copyOf(toDelete);
	}

	public String processorName() {
		return processorName;
	}

	public long keepAliveMillis() {
		return keepAliveMillis;
	}

	@Override
	protected void doStop() {
		// the heartbeat outlives Camel's stop/start of a route; it ends with the
		// application (see close)
	}

	/** Ends the heartbeat and releases what this instance still holds (best effort). */
	public void close() {
		heartbeat.shutdownNow();
		for (String key : List.copyOf(held)) {
			remove(key);
		}
	}

}
