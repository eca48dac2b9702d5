package io.creditshub.notify;

import io.creditshub.persistence.Sql;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-only view of the email outbox for the web console: emails waiting (and failing)
 * and kept unsent.
 */
@Repository
public class OutboxReader {

	private final JdbcClient jdbc;

	OutboxReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An email not sent: PENDING (attempts > 0 means its last attempt failed, with the
	 * error) or NO_RECIPIENT.
	 */
	public record Unsent(long emailId, String orgId, String kind, String recipients, String subject, String status,
			int attempts, String lastError, Instant createdAt, Instant nextAttemptAt) {

		public boolean failing() {
			return attempts > 0 || "NO_RECIPIENT".equals(status);
		}

	}

	/** Emails not sent, oldest first. */
	public List<Unsent> unsent(int limit) {
		return jdbc
			.sql("""
					SELECT email_id, org_id, kind, recipients, subject, status, attempts, last_error, created_at, next_attempt_at
					FROM email_outbox WHERE status <> 'SENT' ORDER BY created_at, email_id LIMIT :limit""")
			.param("limit", limit)
			.query((rs, i) -> new Unsent(rs.getLong("email_id"), rs.getString("org_id"), rs.getString("kind"),
					rs.getString("recipients"), rs.getString("subject"), rs.getString("status"), rs.getInt("attempts"),
					rs.getString("last_error"), Sql.instant(rs, "created_at"), Sql.instant(rs, "next_attempt_at")))
			.list();
	}

	/** Emails sent so far. */
	public long sent() {
		return jdbc.sql("SELECT COUNT(*) FROM email_outbox WHERE status = 'SENT'").query(Long.class).single();
	}

}
