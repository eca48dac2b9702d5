package io.creditshub.ledger;

import io.creditshub.calls.UsageKeys;
import io.creditshub.persistence.Database;
import io.creditshub.persistence.BulkWriter;
import javax.sql.DataSource;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only ledger (DOMAIN rule 9): this class only inserts and reads. Corrections
 * are new entries. Bulk posting uses JDBC batches.
 */
@Repository
public class LedgerRepository {

	private static final String COLUMNS = """
			org_id, entry_type, amount, unfunded_amount, unfunded_reason, currency, lot_id,
			  call_no, reference, file_id, line_no, occurred_at, posted_at, funding, pool_type, pool_country, pool_month,
			  pool_minutes, credits_due, book_month""";

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Database database;

	private final DataSource dataSource;

	public LedgerRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, Clock clock, Database database,
			DataSource dataSource) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
		this.clock = clock;
		this.database = database;
		this.dataSource = dataSource;
	}

	/**
	 * Posts entries in the given order (entry ids follow it). Exactly once (DOMAIN rule
	 * 10) is the caller's: usage entries are posted only for calls whose call_record row
	 * the same transaction inserted (its key refuses a second one); the ledger carries no
	 * second key per call (issue 14).
	 */
	public void post(List<NewEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		try (BulkWriter<NewEntry> w = writer(entries.size())) {
			entries.forEach(w::add);
			w.finish();
		}
	}

	/**
	 * A writer that posts entries as they are added, in that order: COPY on PostgreSQL,
	 * JDBC batches of {@code batchSize} on H2. Nothing is posted until the caller's
	 * transaction commits.
	 */
	public BulkWriter<NewEntry> writer(int batchSize) {
		Instant now = clock.instant();
		return BulkWriter.open(database, dataSource, jdbcTemplate, "ledger_entry", COLUMNS, batchSize,
				(row, e) -> row.text(e.orgId())
					.text(e.type().name())
					.decimal(e.amount())
					.decimal(e.unfundedAmount() == null ? BigDecimal.ZERO : e.unfundedAmount())
					.text(e.unfundedReason())
					.text(e.currency())
					.int8(e.lotId())
					.int8(e.callNo())
					.text(Sql.fit(e.reference(), 200))
					.int8(e.fileId())
					.int4(e.line())
					.instant(e.occurredAt())
					.instant(now)
					.text(e.funding())
					.text(e.poolType())
					.text(e.poolCountry())
					.text(e.poolMonth())
					.int4(e.poolMinutes())
					.decimal(e.creditsDue())
					.text(e.bookMonth()),
				(PreparedStatement ps, NewEntry e) -> bind(ps, e, now, e.bookMonth()));
	}

	/** One row per lot when a call was paid from several lots. */
	public void postAllocations(List<Allocation> allocations) {
		if (allocations.isEmpty()) {
			return;
		}
		jdbcTemplate.batchUpdate("INSERT INTO lot_allocation (org_id, call_no, lot_id, amount) VALUES (?, ?, ?, ?)",
				allocations, allocations.size(), (ps, a) -> {
					ps.setString(1, a.orgId());
					ps.setLong(2, a.callNo());
					ps.setLong(3, a.lotId());
					ps.setBigDecimal(4, a.amount());
				});
	}

	/** The part of one call's charge taken from one lot. */
	public record Allocation(String orgId, long callNo, long lotId, BigDecimal amount) {
	}

	/** Streams an organization's entries in posting order. */
	public void forEach(String orgId, Consumer<LedgerEntry> consumer) {
		jdbcTemplate.query("""
				SELECT e.entry_id, e.org_id, e.entry_type, e.amount, e.unfunded_amount, e.unfunded_reason, e.currency,
				  e.lot_id, """ + UsageKeys.shown("c") + """
				 AS usage_id,
				  e.reference, e.file_id, e.line_no, e.occurred_at, e.posted_at, e.funding, e.pool_type, e.pool_country,
				  e.pool_month, e.pool_minutes, e.credits_due
				FROM ledger_entry e LEFT JOIN call_record c ON c.call_no = e.call_no
				WHERE e.org_id = ? ORDER BY e.entry_id""", rs -> {
			consumer.accept(new LedgerEntry(rs.getLong("entry_id"), rs.getString("org_id"),
					EntryType.valueOf(rs.getString("entry_type")), rs.getBigDecimal("amount"),
					rs.getBigDecimal("unfunded_amount"), rs.getString("unfunded_reason"), rs.getString("currency"),
					(Long) rs.getObject("lot_id", Long.class), rs.getString("usage_id"), rs.getString("reference"),
					(Long) rs.getObject("file_id", Long.class), (Integer) rs.getObject("line_no", Integer.class),
					Sql.instant(rs, "occurred_at"), Sql.instant(rs, "posted_at"), rs.getString("funding"),
					rs.getString("pool_type"), rs.getString("pool_country"), rs.getString("pool_month"),
					(Integer) rs.getObject("pool_minutes", Integer.class), rs.getBigDecimal("credits_due")));
		}, orgId);
	}

	public List<LedgerEntry> entries(String orgId) {
		List<LedgerEntry> list = new java.util.ArrayList<>();
		forEach(orgId, list::add);
		return list;
	}

	public BigDecimal sum(String orgId) {
		return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE org_id = :id")
			.param("id", orgId)
			.query(BigDecimal.class)
			.single();
	}

	/**
	 * Posts the entries of a correction run (ADJUSTMENT, and EXPIRY for a refund
	 * forfeited to an expired lot), each naming the run and the call it corrects
	 * ({@code correctedUsageIds}, same order; null for none: stored as the call's number,
	 * corrected_call_no). DOMAIN rule 9: corrections are new entries, the corrected entry
	 * stays as it was.
	 */
	public void postCorrections(String correctionId, List<NewEntry> entries, List<String> correctedUsageIds) {
		if (entries.isEmpty()) {
			return;
		}
		Instant now = clock.instant();
		List<Integer> index = java.util.stream.IntStream.range(0, entries.size()).boxed().toList();
		jdbcTemplate.batchUpdate(
				"INSERT INTO ledger_entry (" + COLUMNS + ", correction_id, corrected_call_no) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
						+ "(SELECT call_no FROM call_record WHERE org_id = ? AND usage_key = CAST(? AS uuid)))",
				index, index.size(), (ps, i) -> {
					NewEntry e = entries.get(i);
					// DOMAIN rule 9: a correction belongs to the books of the month it is
					// posted in (a past month's
					// report never changes), unless the caller decided a month
					bind(ps, e, now, e.bookMonth() != null ? e.bookMonth()
							: java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC)).toString());
					ps.setString(21, correctionId);
					String corrected = correctedUsageIds.get(i);
					ps.setString(22, e.orgId());
					ps.setString(23, corrected == null ? null : UsageKeys.key(e.orgId(), corrected).toString());
				});
	}

	/** The 20 columns of {@link #COLUMNS} of one entry, posted at {@code now}. */
	private static void bind(PreparedStatement ps, NewEntry e, Instant now, String bookMonth)
			throws java.sql.SQLException {
		ps.setString(1, e.orgId());
		ps.setString(2, e.type().name());
		ps.setBigDecimal(3, e.amount());
		ps.setBigDecimal(4, e.unfundedAmount() == null ? BigDecimal.ZERO : e.unfundedAmount());
		ps.setString(5, e.unfundedReason());
		ps.setString(6, e.currency());
		Sql.setLongOrNull(ps, 7, e.lotId());
		Sql.setLongOrNull(ps, 8, e.callNo());
		ps.setString(9, Sql.fit(e.reference(), 200));
		Sql.setLongOrNull(ps, 10, e.fileId());
		Sql.setIntOrNull(ps, 11, e.line());
		Sql.setInstant(ps, 12, e.occurredAt());
		Sql.setInstant(ps, 13, now);
		ps.setString(14, e.funding());
		ps.setString(15, e.poolType());
		ps.setString(16, e.poolCountry());
		ps.setString(17, e.poolMonth());
		Sql.setIntOrNull(ps, 18, e.poolMinutes());
		ps.setBigDecimal(19, e.creditsDue());
		ps.setString(20, bookMonth);
	}

}
