package io.creditshub.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which database the hub runs on, for the rare statement that differs (embedded H2 or
 * PostgreSQL).
 */
@Component
public class Database {

	private final boolean postgres;

	private final JdbcTemplate jdbc;

	public Database(DataSource dataSource, JdbcTemplate jdbc) throws SQLException {
		try (Connection c = dataSource.getConnection()) {
			this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		this.jdbc = jdbc;
	}

	public boolean postgres() {
		return postgres;
	}

	/**
	 * For the rest of the current transaction, prefer index scans. A big CDR file inserts
	 * hundreds of thousands of call records in one transaction while asking, batch after
	 * batch, which UsageIds already exist: the planner's statistics still describe the
	 * table as it was before the transaction and pick sequential scans, which turns the
	 * file quadratic. (No-op on H2, which always uses the index.)
	 */
	public void preferIndexScansInThisTransaction() {
		if (postgres) {
			jdbc.execute("SET LOCAL enable_seqscan = off");
		}
	}

}
