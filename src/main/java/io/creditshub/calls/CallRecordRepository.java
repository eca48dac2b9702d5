package io.creditshub.calls;

import io.creditshub.persistence.Database;
import io.creditshub.persistence.BulkWriter;
import javax.sql.DataSource;
import io.creditshub.persistence.Sql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Calls read from CDR files; one row per (organization, UsageId key), DOMAIN rule 10
 * ({@link UsageKeys}).
 */
@Repository
public class CallRecordRepository {

	private static final int IN_CHUNK = 1000;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final Database database;

	private final DataSource dataSource;

	public CallRecordRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, Database database, DataSource dataSource) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
		this.database = database;
		this.dataSource = dataSource;
	}

	private static final String COLUMNS = """
			call_no, usage_key, org_id, usage_text, call_id, file_id, line_no, user_object_id, upn, display_name,
			  caller_id, call_type, number_type, domestic_international, destination_dialed, destination_number,
			  started_at, ended_at, duration_seconds, producer_charge, producer_connection_fee, producer_currency,
			  capability, rating_status, rate_version_id, rate_id, rate_prefix, rated_destination, billed_seconds,
			  charge, currency, conference_id, user_location""";

	/** Numbers for a file's new calls (one per file: not thread-safe). */
	public CallNumbers numbers() {
		return new CallNumbers(jdbcTemplate, database.postgres());
	}

	/**
	 * Which of these UsageId keys the organization already has, with the file each came
	 * in. One query per chunk that joins the keys (a VALUES list) to the call key
	 * (org_id, usage_key), so each key is one index seek however many calls the
	 * organization has: an IN list on the second key column made H2 scan all of the
	 * organization's calls, which turned a big file quadratic.
	 */
	public java.util.Map<java.util.UUID, Long> existing(String orgId, Collection<java.util.UUID> usageKeys) {
		java.util.Map<java.util.UUID, Long> found = new java.util.HashMap<>();
		List<java.util.UUID> all = new ArrayList<>(usageKeys);
		for (int i = 0; i < all.size(); i += IN_CHUNK) {
			List<java.util.UUID> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
			StringBuilder sql = new StringBuilder(64 + chunk.size() * 20)
				.append("SELECT c.usage_key, c.file_id FROM (VALUES ");
			for (int k = 0; k < chunk.size(); k++) {
				sql.append(k == 0 ? "(CAST(? AS uuid))" : ",(CAST(? AS uuid))");
			}
			sql.append(") AS v(id) JOIN call_record c ON c.org_id = ? AND c.usage_key = v.id");
			Object[] args = new Object[chunk.size() + 1];
			for (int k = 0; k < chunk.size(); k++) {
				args[k] = chunk.get(k);
			}
			args[chunk.size()] = orgId;
			jdbcTemplate.query(sql.toString(), rs -> {
				found.put(rs.getObject(1, java.util.UUID.class), rs.getLong(2));
			}, args);
		}
		return found;
	}

	/**
	 * Inserts the calls in the caller's transaction. A UsageId the organization already
	 * has fails it with a DuplicateKeyException (DOMAIN rule 10: the key ux_call_usage
	 * (org_id, usage_key), the one key per call).
	 */
	public void insert(List<CallRecord> calls) {
		try (BulkWriter<CallRecord> w = writer(calls.size())) {
			calls.forEach(w::add);
			w.finish();
		}
	}

	/**
	 * A writer that inserts calls as they are added: COPY on PostgreSQL, JDBC batches of
	 * {@code batchSize} on H2. Its finish() fails with a DuplicateKeyException when a
	 * UsageId is already recorded.
	 */
	public BulkWriter<CallRecord> writer(int batchSize) {
		return BulkWriter.open(database, dataSource, jdbcTemplate, "call_record", COLUMNS, batchSize, (row, c) -> {
			CallRecord.Rating r = c.rating();
			row.int8(c.callNo())
				.uuid(c.usageKey())
				.text(c.orgId())
				.text(UsageKeys.text(c.usageId()))
				.text(c.callId())
				.int8(c.fileId())
				.int4(c.line())
				.text(Sql.fit(c.userObjectId(), 100))
				.text(Sql.fit(c.upn(), 300))
				.text(Sql.fit(c.displayName(), 300))
				.text(Sql.fit(c.callerId(), 64))
				.text(c.callType().label())
				.text(Sql.fit(c.numberType(), 32))
				.text(Sql.fit(c.domesticInternational(), 32))
				.text(Sql.fit(c.destinationDialed(), 200))
				.text(Sql.fit(c.destinationNumber(), 64))
				.instant(c.startedAt())
				.instant(c.endedAt())
				.int4(c.durationSeconds())
				.decimal(c.producerCharge())
				.decimal(c.producerConnectionFee())
				.text(Sql.fit(c.producerCurrency(), 3))
				.text(Sql.fit(c.capability(), 64))
				.text(r.status().name())
				.int8(r.rateVersionId())
				.int8(r.rateId())
				.text(r.ratePrefix())
				.text(Sql.fit(r.ratedDestination(), 200))
				.int4(r.billedSeconds())
				.decimal(r.charge())
				.text(r.currency())
				.text(Sql.fit(c.conferenceId(), 100))
				.text(Sql.fit(c.userLocation(), 8));
		}, (ps, c) -> {
			CallRecord.Rating r = c.rating();
			ps.setLong(1, c.callNo());
			ps.setObject(2, c.usageKey());
			ps.setString(3, c.orgId());
			ps.setString(4, UsageKeys.text(c.usageId()));
			ps.setString(5, c.callId());
			ps.setLong(6, c.fileId());
			ps.setInt(7, c.line());
			ps.setString(8, Sql.fit(c.userObjectId(), 100));
			ps.setString(9, Sql.fit(c.upn(), 300));
			ps.setString(10, Sql.fit(c.displayName(), 300));
			ps.setString(11, Sql.fit(c.callerId(), 64));
			ps.setString(12, c.callType().label());
			ps.setString(13, Sql.fit(c.numberType(), 32));
			ps.setString(14, Sql.fit(c.domesticInternational(), 32));
			ps.setString(15, Sql.fit(c.destinationDialed(), 200));
			ps.setString(16, Sql.fit(c.destinationNumber(), 64));
			Sql.setInstant(ps, 17, c.startedAt());
			Sql.setInstant(ps, 18, c.endedAt());
			ps.setInt(19, c.durationSeconds());
			ps.setBigDecimal(20, c.producerCharge());
			ps.setBigDecimal(21, c.producerConnectionFee());
			ps.setString(22, Sql.fit(c.producerCurrency(), 3));
			ps.setString(23, Sql.fit(c.capability(), 64));
			ps.setString(24, r.status().name());
			Sql.setLongOrNull(ps, 25, r.rateVersionId());
			Sql.setLongOrNull(ps, 26, r.rateId());
			ps.setString(27, r.ratePrefix());
			ps.setString(28, Sql.fit(r.ratedDestination(), 200));
			ps.setInt(29, r.billedSeconds());
			ps.setBigDecimal(30, r.charge());
			ps.setString(31, r.currency());
			ps.setString(32, Sql.fit(c.conferenceId(), 100));
			ps.setString(33, Sql.fit(c.userLocation(), 8));
		});
	}

}
