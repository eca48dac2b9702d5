package io.creditshub.system;

import io.creditshub.persistence.Sql;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Health detail "flaggedFiles" (issue 12): the files of the last 30 days that posted but
 * need a look (a license file that turns funded calls unfunded, a CDR file with too many
 * calls unfunded for lack of licenses; DOMAIN rule 11). They do not make the hub DOWN: it
 * works, an operator must look.
 */
@Component("flaggedFilesHealthIndicator")
class FlaggedFilesHealthIndicator implements HealthIndicator {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Faults faults;

	FlaggedFilesHealthIndicator(JdbcClient jdbc, Clock clock, Faults faults) {
		this.faults = faults;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public Health health() {
		if (faults.databaseDownSince() != null) {
			return Faults.notRead(faults);
		}
		List<Map<String, Object>> recent;
		try {
			recent = query();
		}
		catch (org.springframework.dao.DataAccessException e) {
			// the database's own state is the db and hubState components' to tell
			return Health.unknown().withDetail("flaggedLast30Days", "not known: the database does not answer").build();
		}
		return Health.up().withDetail("flaggedLast30Days", recent.size()).withDetail("latest", recent).build();
	}

	private List<Map<String, Object>> query() {
		return jdbc.sql("""
				SELECT file_id, kind, org_id, file_name, flag FROM ingest_file
				WHERE flag IS NOT NULL AND processed_at >= :since ORDER BY file_id DESC LIMIT 10""")
			.param("since", Sql.ts(clock.instant().minus(Duration.ofDays(30))))
			.query((rs, i) -> Map.<String, Object>of("fileId", rs.getLong("file_id"), "kind",
					rs.getString("kind").toLowerCase(java.util.Locale.ROOT), "org", rs.getString("org_id"), "file",
					rs.getString("file_name"), "flag", rs.getString("flag")))
			.list();
	}

}
