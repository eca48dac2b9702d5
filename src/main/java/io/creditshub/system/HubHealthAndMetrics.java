package io.creditshub.system;

import io.creditshub.persistence.Sql;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health of the email outbox (the carriers' connections: carrier/CarrierHealth), and
 * gauges read from the database (the same on every hub instance): suspended accounts,
 * emails waiting / sent / failing, recharge attempts by status, lots expiring soon.
 */
@Configuration(proxyBeanMethods = false)
class HubHealthAndMetrics {

	/**
	 * The email outbox: DEGRADED when an email has waited more than an hour (SMTP
	 * unreachable or refusing).
	 */
	@Bean
	HealthIndicator mailHealthIndicator(JdbcClient jdbc, java.time.Clock clock, Faults faults) {
		return () -> {
			if (faults.databaseDownSince() != null) {
				return Faults.notRead(faults);
			}
			try {
				return mailHealth(jdbc, clock);
			}
			catch (org.springframework.dao.DataAccessException e) {
				return Health.unknown().withDetail("database", "unavailable").build();
			}
		};
	}

	private static Health mailHealth(JdbcClient jdbc, java.time.Clock clock) {
		{
			long stuck = jdbc.sql("SELECT COUNT(*) FROM email_outbox WHERE status = 'PENDING' AND created_at < :t")
				.param("t", Sql.ts(clock.instant().minusSeconds(3600)))
				.query(Long.class)
				.single();
			long pending = jdbc.sql("SELECT COUNT(*) FROM email_outbox WHERE status = 'PENDING'")
				.query(Long.class)
				.single();
			return (stuck > 0 ? Health.status(HubStateHealthIndicator.DEGRADED) : Health.up())
				.withDetail("pending", pending)
				.withDetail("waitingOverAnHour", stuck)
				.build();
		}
	}

	@Bean
	io.micrometer.core.instrument.binder.MeterBinder hubGauges(JdbcClient jdbc) {
		return registry -> bind(registry, jdbc);
	}

	private static void bind(MeterRegistry registry, JdbcClient jdbc) {
		gauge(registry, "credits.accounts.suspended", "accounts suspended at zero balance",
				() -> count(jdbc, "SELECT COUNT(*) FROM organization WHERE suspended = true"));
		gauge(registry, "credits.emails.pending", "emails queued, not sent yet",
				() -> count(jdbc, "SELECT COUNT(*) FROM email_outbox WHERE status = 'PENDING'"));
		gauge(registry, "credits.emails.sent", "emails sent",
				() -> count(jdbc, "SELECT COUNT(*) FROM email_outbox WHERE status = 'SENT'"));
		gauge(registry, "credits.emails.failing", "queued emails whose last attempt failed",
				() -> count(jdbc, "SELECT COUNT(*) FROM email_outbox WHERE status = 'PENDING' AND attempts > 0"));
		for (String status : new String[] { "SUCCEEDED", "FAILED", "PENDING" }) {
			Gauge.builder("credits.recharges", () -> {
				try {
					return jdbc.sql("SELECT COUNT(*) FROM recharge_attempt WHERE status = :s")
						.param("s", status)
						.query(Long.class)
						.single();
				}
				catch (RuntimeException e) {
					return -1;
				}
			})
				.tag("status", status.toLowerCase(java.util.Locale.ROOT))
				.description("auto-recharge attempts by status")
				.register(registry);
		}
	}

	private static void gauge(MeterRegistry registry, String name, String description, Supplier<Number> value) {
		Gauge.builder(name, value).description(description).register(registry);
	}

	private static long count(JdbcClient jdbc, String sql) {
		try {
			return jdbc.sql(sql).query(Long.class).single();
		}
		catch (RuntimeException e) {
			return -1; // database unavailable: the db health check says why
		}
	}

}
