package io.creditshub.audit;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health "audit": DOWN when the last audit found the database behind the data folder
 * (issue 11), with what is missing; intake is stopped then.
 */
@Component("audit")
class AuditHealthIndicator implements HealthIndicator {

	private final Auditor auditor;

	AuditHealthIndicator(Auditor auditor) {
		this.auditor = auditor;
	}

	@Override
	public Health health() {
		AuditReport r = auditor.last();
		if (r == null) {
			return Health.unknown().withDetail("audit", "not run yet in this process").build();
		}
		Health.Builder b = r.ok() ? Health.up() : Health.down();
		b.withDetail("at", r.at().toString()).withDetail("archivedFiles", r.archivedFiles()).withDetail("ids", r.ids());
		if (!r.ok()) {
			b.withDetail("problems", r.problems())
				.withDetail("action", "intake is stopped: restore the newest database backup, or run 'audit --redrive' "
						+ "or 'audit --accept REASON' (docs/embedded-database.md)");
		}
		return b.build();
	}

}
