package io.creditshub.audit;

import io.creditshub.intake.FileKind;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.intake.IntakeProcessed;
import io.creditshub.persistence.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Issue 14: how much of the embedded database's file is free space. H2 appends every page
 * it changes and reuses space only once a whole chunk of pages is free, so a big CDR file
 * leaves most of the file free (1,000,000 calls: 4.1 GB of file for 0.6 GB of data), and
 * with its compaction on close off (issue 11) nothing gives it back but {@code compact},
 * hub stopped. This says when that is worth it: after a CDR file (at most every 6 hours,
 * in the log), at the end of {@code run --once}, and as gauges
 * {@code credits.embedded.file.bytes} and {@code credits.embedded.file.free.bytes}.
 * Nothing on PostgreSQL.
 */
@Component
public class EmbeddedDatabaseSpace implements MeterBinder {

	/** Free space worth a {@code compact}: at least 1 GB and more than half the file. */
	static final long WORTH_COMPACTING_BYTES = 1_000_000_000L;

	private static final Duration TELL_EVERY = Duration.ofHours(6);

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseSpace.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final boolean embedded;

	private volatile Instant told;

	public EmbeddedDatabaseSpace(JdbcClient jdbc, Clock clock, Database database) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.embedded = !database.postgres();
	}

	/** The file's size and how full it is (H2's own figures). */
	public record Space(long fileBytes, int fillPercent) {

		public long freeBytes() {
			return fileBytes / 100 * (100 - fillPercent);
		}

		public boolean worthCompacting() {
			return freeBytes() >= WORTH_COMPACTING_BYTES && fillPercent < 50;
		}

		public String hint() {
			return String
				.format("The embedded database's file is %.1f GB, %d %% of it free space (left by a big file): "
						+ "`compact` with the hub stopped gives it back (about 20 s for 4 GB; docs/embedded-database.md)",
						fileBytes / 1e9, 100 - fillPercent);
		}

	}

	/** Empty on PostgreSQL, or when the database cannot say. */
	public Optional<Space> read() {
		if (!embedded) {
			return Optional.empty();
		}
		try {
			Map<String, String> info = new HashMap<>();
			jdbc.sql("SELECT setting_name, setting_value FROM information_schema.settings "
					+ "WHERE setting_name IN ('info.FILE_SIZE', 'info.FILL_RATE')")
				.query((java.sql.ResultSet rs) -> {
					info.put(rs.getString(1), rs.getString(2));
				});
			if (info.size() < 2) {
				return Optional.empty();
			}
			return Optional.of(new Space(Long.parseLong(info.get("info.FILE_SIZE")),
					Integer.parseInt(info.get("info.FILL_RATE"))));
		}
		catch (RuntimeException e) {
			return Optional.empty(); // the database's own health says why
		}
	}

	/** The advice, when the file is mostly free space. */
	public Optional<String> hint() {
		return read().filter(Space::worthCompacting).map(Space::hint);
	}

	@EventListener
	void afterFile(IntakeProcessed event) {
		IntakeOutcome o = event.outcome();
		if (!embedded || o.kind() != FileKind.CDR || o.status() != IntakeOutcome.Status.POSTED) {
			return;
		}
		Instant now = clock.instant();
		if (told != null && now.isBefore(told.plus(TELL_EVERY))) {
			return;
		}
		hint().ifPresent(h -> {
			told = now;
			log.info(h);
		});
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!embedded) {
			return;
		}
		Gauge.builder("credits.embedded.file.bytes", () -> read().map(Space::fileBytes).orElse(-1L))
			.description("size of the embedded database's file")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("credits.embedded.file.free.bytes", () -> read().map(Space::freeBytes).orElse(-1L))
			.description("free space in the embedded database's file (`compact`, hub stopped, gives it back)")
			.baseUnit("bytes")
			.register(registry);
	}

}
