package io.creditshub.intake;

import io.creditshub.persistence.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The journal of intake files (table ingest_file). */
@Repository
class IngestFileRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	IngestFileRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record Posted(long fileId, String fileName, Instant processedAt, String location) {
	}

	Optional<Posted> findPosted(FileKind kind, String orgId, String sha256) {
		return jdbc.sql("""
				SELECT file_id, file_name, processed_at, location FROM ingest_file
				WHERE kind = :kind AND org_id = :org AND posted_sha256 = :sha""")
			.param("kind", kind.name())
			.param("org", orgId)
			.param("sha", sha256)
			.query((rs, i) -> new Posted(rs.getLong("file_id"), rs.getString("file_name"),
					Sql.instant(rs, "processed_at"), rs.getString("location")))
			.optional();
	}

	/**
	 * Inserts the journal row of a file being posted; its unique key stops the same
	 * content posting twice.
	 */
	long startPosting(FileKind kind, String orgId, String fileName, String sha256) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO ingest_file (kind, org_id, file_name, sha256, status, posted_sha256, processed_at)
				VALUES (:kind, :org, :name, :sha, 'POSTED', :sha, :now)""")
			.param("kind", kind.name())
			.param("org", orgId)
			.param("name", Sql.fit(fileName, 500))
			.param("sha", sha256)
			.param("now", Sql.ts(clock.instant()))
			.update(keys, "file_id");
		return keys.getKey().longValue();
	}

	/** Accepts the content of a held rate file (its SHA-256), once. */
	void acceptRates(long fileId) {
		jdbc.sql("""
				INSERT INTO rate_file_acceptance (sha256, file_id, accepted_at)
				SELECT sha256, file_id, :now FROM ingest_file f WHERE file_id = :id
				AND NOT EXISTS (SELECT 1 FROM rate_file_acceptance a WHERE a.sha256 = f.sha256)""")
			.param("id", fileId)
			.param("now", Sql.ts(clock.instant()))
			.update();
	}

	/**
	 * Where a posted file was archived (after its commit; null when a crash came in
	 * between).
	 */
	void archived(long fileId, java.nio.file.Path location) {
		jdbc.sql("UPDATE ingest_file SET location = :location WHERE file_id = :id")
			.param("location", Sql.fit(location.toString(), 1000))
			.param("id", fileId)
			.update();
	}

	void finishPosting(long fileId, LoadResult result) {
		jdbc.sql(
				"""
						UPDATE ingest_file SET rows_read = :rows, rows_posted = :posted, rows_rejected = :rejected, detail = :detail,
						  flag = :flag
						WHERE file_id = :id""")
			.param("flag", Sql.fit(result.flag(), 1000), java.sql.Types.VARCHAR)
			.param("rows", result.rows())
			.param("posted", result.posted())
			.param("rejected", result.rejected())
			.param("detail", Sql.fit(result.summary(), 2000))
			.param("id", fileId)
			.update();
	}

	void record(FileKind kind, String orgId, String fileName, String sha256, IntakeOutcome.Status status, String detail,
			java.nio.file.Path location) {
		jdbc.sql("""
				INSERT INTO ingest_file (kind, org_id, file_name, sha256, status, detail, processed_at, location)
				VALUES (:kind, :org, :name, :sha, :status, :detail, :now, :location)""")
			.param("location", location == null ? null : Sql.fit(location.toString(), 1000))
			.param("kind", kind.name())
			.param("org", orgId)
			.param("name", Sql.fit(fileName, 500))
			.param("sha", sha256 == null ? "-" : sha256)
			.param("status", status.name())
			.param("detail", Sql.fit(detail, 2000))
			.param("now", Sql.ts(clock.instant()))
			.update();
	}

	record JournalRow(long fileId, String kind, String orgId, String fileName, String status, int rows, int posted,
			int rejected, String detail, Instant processedAt, String location, String flag, String licenseTime) {
	}

	Optional<JournalRow> find(long fileId) {
		return jdbc.sql("""
				SELECT f.file_id, f.kind, f.org_id, f.file_name, f.status, f.rows_read, f.rows_posted, f.rows_rejected,
				  f.detail, f.processed_at, f.location, f.flag, x.effective_at, x.time_source, x.stated_at
				FROM ingest_file f LEFT JOIN license_export x ON x.file_id = f.file_id WHERE f.file_id = :id""")
			.param("id", fileId)
			.query(IngestFileRepository::journalRow)
			.optional();
	}

	static JournalRow journalRow(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new JournalRow(rs.getLong("file_id"), rs.getString("kind"), rs.getString("org_id"),
				rs.getString("file_name"), rs.getString("status"), rs.getInt("rows_read"), rs.getInt("rows_posted"),
				rs.getInt("rows_rejected"), rs.getString("detail"), Sql.instant(rs, "processed_at"),
				rs.getString("location"), rs.getString("flag"), licenseTime(rs));
	}

	/**
	 * A license file's time and its source (DOMAIN rule 11), e.g. "2025-02-10T00:00:00Z
	 * (FILE_NAME)", or "every earlier call (FIRST_EXPORT, stated 2025-03-01T00:00:00Z)",
	 * or after a re-dating (corrections) "2025-02-08T00:00:00Z (REDATED, stated
	 * 2025-02-10T00:00:00Z)"; null for other files.
	 */
	static String licenseTime(java.sql.ResultSet rs) throws java.sql.SQLException {
		String source = rs.getString("time_source");
		if (source == null) {
			return null;
		}
		return source.equals("FIRST_EXPORT")
				? "every earlier call (FIRST_EXPORT, stated " + Sql.instant(rs, "stated_at") + ")"
				: source.equals("REDATED")
						? Sql.instant(rs, "effective_at") + " (REDATED, stated " + Sql.instant(rs, "stated_at") + ")"
						: Sql.instant(rs, "effective_at") + " (" + source + ")";
	}

	List<JournalRow> recent(int limit) {
		return jdbc.sql("""
				SELECT f.file_id, f.kind, f.org_id, f.file_name, f.status, f.rows_read, f.rows_posted, f.rows_rejected,
				  f.detail, f.processed_at, f.location, f.flag, x.effective_at, x.time_source, x.stated_at
				FROM ingest_file f LEFT JOIN license_export x ON x.file_id = f.file_id
				ORDER BY f.file_id DESC LIMIT :limit""")
			.param("limit", limit)
			.query(IngestFileRepository::journalRow)
			.list();
	}

}
