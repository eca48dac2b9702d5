package io.creditshub.batch;

import io.creditshub.system.HubStateHealthIndicator;
import io.creditshub.system.Faults;
import io.creditshub.persistence.Sql;
import io.creditshub.expiry.ExpiryService;
import io.creditshub.recharge.RechargeService;
import io.creditshub.report.ReportService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The scheduled batches as the routes call them (routes/batch-*.camel.yaml,
 * report-monthly): each run is timed (credits.batch.duration{batch,outcome}) and its last
 * start, success and failure are kept in the database (table batch_run, the same for
 * every hub instance), shown by the "batches" health indicator.
 */
@Component("batchRuns")
public class BatchRuns implements HealthIndicator {

	private final RechargeService recharge;

	private final ExpiryService expiry;

	private final ReportService reports;

	private final JdbcClient jdbc;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Faults faults;

	BatchRuns(RechargeService recharge, ExpiryService expiry, ReportService reports, JdbcClient jdbc,
			MeterRegistry meters, Clock clock, Faults faults) {
		this.faults = faults;
		this.recharge = recharge;
		this.expiry = expiry;
		this.reports = reports;
		this.jdbc = jdbc;
		this.meters = meters;
		this.clock = clock;
	}

	public Object recharge() {
		return track("recharge", recharge::runLastNight);
	}

	public Object expiry() {
		return track("expiry", expiry::runLastNight);
	}

	public Object reports() {
		return track("reports", reports::runForLastMonth);
	}

	<T> T track(String batch, Supplier<T> run) {
		Instant started = clock.instant();
		upsert(batch, "last_started_at", started, null, null);
		long t0 = System.nanoTime();
		try {
			T result = run.get();
			record(batch, "success", t0);
			upsert(batch, "last_success_at", clock.instant(), null, String.valueOf(result));
			return result;
		}
		catch (RuntimeException e) {
			record(batch, "failure", t0);
			upsert(batch, "last_failure_at", clock.instant(), e.toString(), null);
			throw e;
		}
	}

	private void record(String batch, String outcome, long t0) {
		Timer.builder("credits.batch.duration")
			.tag("batch", batch)
			.tag("outcome", outcome)
			.register(meters)
			.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	private void upsert(String batch, String column, Instant at, String error, String result) {
		String set = switch (column) {
			case "last_started_at" -> "last_started_at = :at";
			case "last_success_at" -> "last_success_at = :at, last_result = :result";
			default -> "last_failure_at = :at, last_error = :error";
		};
		int n = jdbc.sql("UPDATE batch_run SET " + set + " WHERE batch = :batch")
			.param("at", Sql.ts(at))
			.param("result", Sql.fit(result, 1000))
			.param("error", Sql.fit(error, 1000))
			.param("batch", batch)
			.update();
		if (n == 0) {
			jdbc.sql("INSERT INTO batch_run (batch) VALUES (:batch)").param("batch", batch).update();
			upsert(batch, column, at, error, result);
		}
	}

	/**
	 * UP with each batch's last start / success / failure; DEGRADED when a batch's last
	 * run failed (the hub group shows it; the admin API stays up, issue 17 item 8);
	 * UNKNOWN when the database does not answer.
	 */
	@Override
	public Health health() {
		if (faults.databaseDownSince() != null) {
			return Faults.notRead(faults);
		}
		List<Map<String, Object>> rows;
		try {
			rows = jdbc.sql(
					"SELECT batch, last_started_at, last_success_at, last_failure_at, last_error FROM batch_run ORDER BY batch")
				.query()
				.listOfRows();
		}
		catch (org.springframework.dao.DataAccessException e) {
			return Health.unknown().withDetail("database", "unavailable").build();
		}
		boolean failing = false;
		Health.Builder b = Health.up();
		for (Map<String, Object> r : rows) {
			Object success = r.get("last_success_at");
			Object failure = r.get("last_failure_at");
			boolean lastFailed = failure != null
					&& (success == null || String.valueOf(failure).compareTo(String.valueOf(success)) > 0);
			failing |= lastFailed;
			b.withDetail((String) r.get("batch"), Map.of("lastSuccess", String.valueOf(success), "lastFailure",
					String.valueOf(failure), "lastError", String.valueOf(r.get("last_error"))));
		}
		return (failing ? b.status(HubStateHealthIndicator.DEGRADED) : b).build();
	}

}
