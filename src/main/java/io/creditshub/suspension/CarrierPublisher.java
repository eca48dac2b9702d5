package io.creditshub.suspension;

import io.creditshub.system.DataFolders;
import io.creditshub.persistence.Sql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes suspensions and resumptions for the carrier (DOMAIN rule 8): every event not
 * yet published goes into one new file
 * {@code outbox/carrier/suspended-<yyyyMMdd'T'HHmmss'Z'>-<first event id>.csv}
 * ({@code resumed-...} when it holds only RESUME lines) with the columns
 * {@code Organization Id,Time,Action,Reason,Call Time} (Action SUSPEND or RESUME). Time
 * is the moment the hub decided, so a carrier applying the lines in time order ends in
 * the hub's state; Call Time is the start of the call that used up the funds, where a
 * call did. The file is written before the events are marked published, in their
 * transaction: a crash in between republishes the same lines (harmless, they state a
 * state), never loses one.
 */
@Service("carrierPublisher")
public class CarrierPublisher {

	private static final Logger log = LoggerFactory.getLogger(CarrierPublisher.class);

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final DataFolders folders;

	private final Clock clock;

	CarrierPublisher(JdbcClient jdbc, TransactionTemplate tx, DataFolders folders, Clock clock) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.folders = folders;
		this.clock = clock;
	}

	public Path folder() {
		return folders.outbox().resolve("carrier");
	}

	/**
	 * Writes the pending events to a new file; returns it, or null when there was nothing
	 * to publish.
	 */
	public Path publishPending() {
		return tx.execute(status -> {
			List<Event> events = jdbc.sql("""
					SELECT event_id, org_id, action, created_at, call_started_at, reason FROM suspension_event
					WHERE published_at IS NULL ORDER BY event_id FOR UPDATE""")
				.query((rs, i) -> new Event(rs.getLong("event_id"), rs.getString("org_id"), rs.getString("action"),
						Sql.instant(rs, "created_at"), Sql.instant(rs, "call_started_at"), rs.getString("reason")))
				.list();
			if (events.isEmpty()) {
				return null;
			}
			Instant now = clock.instant();
			boolean anySuspend = events.stream().anyMatch(e -> e.action.equals("SUSPEND"));
			Path file = folder().resolve(
					(anySuspend ? "suspended-" : "resumed-") + STAMP.format(now) + "-" + events.get(0).id + ".csv");
			io.creditshub.system.AtomicFiles.write(file, out -> {
				java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
				try (org.apache.commons.csv.CSVPrinter csv = org.apache.commons.csv.CSVFormat.RFC4180.builder()
					.setHeader("Organization Id", "Time", "Action", "Reason", "Call Time")
					.get()
					.print(w)) {
					for (Event e : events) {
						csv.printRecord(e.orgId, e.decidedAt, e.action, e.reason,
								e.callStartedAt == null ? "" : e.callStartedAt);
					}
				}
			});
			for (Event e : events) {
				jdbc.sql("UPDATE suspension_event SET published_at = :now, published_file = :file WHERE event_id = :id")
					.param("now", Sql.ts(now))
					.param("file", file.getFileName().toString())
					.param("id", e.id)
					.update();
			}
			log.info("carrier file {}: {} line(s)", file, events.size());
			return file;
		});
	}

	private record Event(long id, String orgId, String action, Instant decidedAt, Instant callStartedAt,
			String reason) {
	}

}
