package io.creditshub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hub's own state (issue 17, item 8), health component {@code hubState} of the
 * {@code hub} group: is intake working, or stalled? Details are plain sentences, never a
 * stack trace or an endpoint URI.
 * <ul>
 * <li>DOWN: the database is unavailable (since when, why) - nothing can be posted;</li>
 * <li>DEGRADED: a file has waited in the inbox longer than
 * {@code credits.health.intake-stalled-after} (default 10 min), an in-progress lock is
 * older than its owner's heartbeat (its instance stopped refreshing it), files are
 * failing and waiting for a retry, or a disk was full;</li>
 * <li>UP otherwise.</li>
 * </ul>
 * DEGRADED is ranked below UP for the anonymous {@code /actuator/health} (a load balancer
 * keeps the admin API) and above it in the {@code hub} group (application.yaml).
 */
@Component("hubState")
public class HubStateHealthIndicator implements HealthIndicator {

	public static final Status DEGRADED = new Status("DEGRADED");

	private final Faults faults;

	private final DataFolders folders;

	private final JdbcClient jdbc;

	private final FileLockRepository locks;

	private final Duration stalledAfter;

	HubStateHealthIndicator(Faults faults, DataFolders folders, JdbcClient jdbc, FileLockRepository locks,
			@Value("${credits.health.intake-stalled-after:10m}") Duration stalledAfter) {
		this.faults = faults;
		this.folders = folders;
		this.jdbc = jdbc;
		this.locks = locks;
		this.stalledAfter = stalledAfter;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		Status status = Status.UP;
		Instant now = Instant.now();
		Instant dbDown = faults.databaseDownSince();
		if (dbDown != null) {
			status = Status.DOWN;
			details.put("database", "unavailable since " + dbDown + " (" + faults.databaseProblem() + ")");
		}
		else {
			details.put("database", "up");
		}
		Oldest oldest = oldestWaiting();
		if (oldest != null) {
			Duration waited = Duration.between(oldest.since(), now);
			details.put("oldestWaiting", oldest.file() + ", " + Faults.human(waited));
			if (waited.compareTo(stalledAfter) > 0) {
				status = worst(status, DEGRADED);
				details.put("intake", "stalled: a file has waited more than " + Faults.human(stalledAfter));
			}
		}
		if (!details.containsKey("intake")) {
			details.put("intake", dbDown == null ? "working" : "paused until the database is back");
		}
		if (dbDown == null) {
			List<String> stale = staleLocks(now);
			if (!stale.isEmpty()) {
				status = worst(status, DEGRADED);
				details.put("staleLocks", stale);
			}
		}
		Map<String, String> failing = faults.failingFiles();
		if (!failing.isEmpty()) {
			status = worst(status, DEGRADED);
			details.put("failing", failing);
		}
		if (faults.diskFullSince() != null) {
			status = worst(status, DEGRADED);
			details.put("disk", "no space left on device since " + faults.diskFullSince());
		}
		return Health.status(status).withDetails(details).build();
	}

	private static Status worst(Status a, Status b) {
		return a == Status.DOWN ? a : b;
	}

	private record Oldest(String file, Instant since) {
	}

	/**
	 * The inbox file that has waited longest (partial uploads and hidden names aside).
	 */
	private Oldest oldestWaiting() {
		Path inbox = folders.inbox();
		if (!Files.isDirectory(inbox)) {
			return null;
		}
		Oldest oldest = null;
		try (Stream<Path> files = Files.walk(inbox)) {
			for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				String name = p.getFileName().toString();
				if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")
						|| name.endsWith(".filepart") || name.endsWith(".camelLock")) {
					continue;
				}
				Instant t = Files.getLastModifiedTime(p).toInstant();
				if (oldest == null || t.isBefore(oldest.since())) {
					oldest = new Oldest(inbox.relativize(p).toString(), t);
				}
			}
		}
		catch (IOException | java.io.UncheckedIOException e) {
			return null; // a file moved away while listed
		}
		return oldest;
	}

	/**
	 * Intake locks nobody refreshed for two heartbeats: their instance stopped (they
	 * expire after 5 min).
	 */
	private List<String> staleLocks(Instant now) {
		try {
			return jdbc.sql("""
					SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE processorName = :p AND createdAt < :t
					ORDER BY createdAt""")
				.param("p", locks.processorName())
				.param("t", Timestamp.from(now.minusMillis(2 * locks.keepAliveMillis() + 10_000)))
				.query(String.class)
				.list()
				.stream()
				.map(k -> {
					Path p = Path.of(k);
					return p.startsWith(folders.inbox()) ? folders.inbox().relativize(p).toString() : k;
				})
				.toList();
		}
		catch (RuntimeException e) {
			return List.of();
		}
	}

}
