package io.creditshub.report;

import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-only queries behind the workbooks. A period is [from, to) by business time
 * (occurred_at / started_at).
 */
@Repository
class ReportRepository {

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	ReportRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
	}

	/**
	 * Ledger totals of an organization for a period; closing = opening + purchases +
	 * recharges + adjustments - usage - expired.
	 */
	record Totals(BigDecimal opening, BigDecimal purchases, BigDecimal recharges, BigDecimal adjustments,
			BigDecimal usage, BigDecimal unfunded, BigDecimal expired, BigDecimal closing) {

		BigDecimal computedClosing() {
			return opening.add(purchases).add(recharges).add(adjustments).subtract(usage).subtract(expired);
		}

	}

	/**
	 * DOMAIN rule 9: an entry is in a month's books by its book month (see
	 * ledger/BookPeriods); rows posted before book months existed (book_month null) by
	 * the month of their business time.
	 */
	static final String IN_MONTH = "(book_month = :m OR (book_month IS NULL AND occurred_at >= :from AND occurred_at < :to))";

	static final String BEFORE_MONTH = "(book_month < :m OR (book_month IS NULL AND occurred_at < :from))";

	Totals totals(String orgId, Instant from, Instant to) {
		String in = IN_MONTH;
		return jdbc.sql("""
				SELECT
				  COALESCE(SUM(CASE WHEN %2$s THEN amount END), 0) AS opening,
				  COALESCE(SUM(CASE WHEN %1$s AND entry_type = 'PURCHASE' THEN amount END), 0) AS purchases,
				  COALESCE(SUM(CASE WHEN %1$s AND entry_type = 'RECHARGE' THEN amount END), 0) AS recharges,
				  COALESCE(SUM(CASE WHEN %1$s AND entry_type = 'ADJUSTMENT' THEN amount END), 0) AS adjustments,
				  COALESCE(-SUM(CASE WHEN %1$s
				    AND entry_type IN ('USAGE', 'UNFUNDED_USAGE', 'INCLUDED_USAGE') THEN amount END), 0) AS usage_paid,
				  COALESCE(SUM(CASE WHEN %1$s THEN unfunded_amount END), 0) AS unfunded,
				  COALESCE(-SUM(CASE WHEN %1$s AND entry_type = 'EXPIRY' THEN amount END), 0) AS expired,
				  COALESCE(SUM(CASE WHEN %1$s OR %2$s THEN amount END), 0) AS closing
				FROM ledger_entry WHERE org_id = :org""".formatted(in, BEFORE_MONTH))
			.param("org", orgId)
			.param("m", month(from))
			.param("from", Sql.ts(from))
			.param("to", Sql.ts(to))
			.query((rs, i) -> new Totals(rs.getBigDecimal("opening"), rs.getBigDecimal("purchases"),
					rs.getBigDecimal("recharges"), rs.getBigDecimal("adjustments"), rs.getBigDecimal("usage_paid"),
					rs.getBigDecimal("unfunded"), rs.getBigDecimal("expired"), rs.getBigDecimal("closing")))
			.single();
	}

	static String month(Instant from) {
		return java.time.YearMonth.from(from.atOffset(ZoneOffset.UTC)).toString();
	}

	static final String CALLS = """
			SELECT COALESCE(c.usage_text, CAST(c.usage_key AS varchar(36))) AS usage_id,
			  c.call_id, c.conference_id, c.user_location, c.user_object_id, c.upn, c.display_name,
			  c.caller_id, c.call_type, c.number_type, c.domestic_international, c.destination_dialed, c.destination_number,
			  c.started_at, c.ended_at, c.duration_seconds, c.producer_connection_fee, c.producer_charge, c.producer_currency,
			  c.capability, c.rating_status, c.rated_destination, c.charge, c.currency,
			  e.entry_type, e.funding, e.pool_type, e.pool_country, e.pool_month, e.pool_minutes, e.amount,
			  e.unfunded_amount, e.unfunded_reason, e.credits_due, e.book_month
			FROM call_record c LEFT JOIN ledger_entry e ON e.call_no = c.call_no
			WHERE c.org_id = ? AND c.started_at < ?
			  AND (e.book_month = ? OR (e.book_month IS NULL AND c.started_at >= ?))
			ORDER BY c.started_at, c.call_no""";

	/**
	 * Streams the period's calls with how each was paid: the calls whose entry is in the
	 * month's books (late ones included, with their call time; DOMAIN rule 9), and the
	 * calls without an entry (not chargeable, nothing billed) started in the month.
	 */
	void calls(String orgId, Instant from, Instant to, RowCallbackHandler handler) {
		jdbcTemplate.query(con -> {
			var ps = con.prepareStatement(CALLS);
			ps.setFetchSize(2000);
			ps.setString(1, orgId);
			ps.setObject(2, Sql.ts(to));
			ps.setString(3, month(from));
			ps.setObject(4, Sql.ts(from));
			return ps;
		}, handler);
	}

	/** A funds movement of the period (not a call). */
	record Movement(Instant at, String type, BigDecimal amount, String reference, Long lotId, Instant lotPurchasedAt,
			Instant lotExpiresAt, String currency) {
	}

	List<Movement> movements(String orgId, Instant from, Instant to) {
		return jdbc
			.sql("""
					SELECT e.occurred_at, e.entry_type, e.amount, e.reference, e.lot_id, e.currency, l.purchased_at, l.expires_at
					FROM ledger_entry e LEFT JOIN lot l ON l.lot_id = e.lot_id
					WHERE e.org_id = :org AND e.call_no IS NULL
					  AND (e.book_month = :m OR (e.book_month IS NULL AND e.occurred_at >= :from AND e.occurred_at < :to))
					ORDER BY e.occurred_at, e.entry_id""")
			.param("org", orgId)
			.param("m", month(from))
			.param("from", Sql.ts(from))
			.param("to", Sql.ts(to))
			.query((rs, i) -> new Movement(Sql.instant(rs, "occurred_at"), rs.getString("entry_type"),
					rs.getBigDecimal("amount"), rs.getString("reference"), (Long) rs.getObject("lot_id", Long.class),
					Sql.instant(rs, "purchased_at"), Sql.instant(rs, "expires_at"), rs.getString("currency")))
			.list();
	}

	/** Credits spent per UTC day in [from, to). */
	Map<LocalDate, BigDecimal> dailySpend(String orgId, Instant from, Instant to) {
		Map<LocalDate, BigDecimal> byDay = new TreeMap<>();
		jdbcTemplate.query("""
				SELECT occurred_at, amount FROM ledger_entry
				WHERE org_id = ? AND call_no IS NOT NULL AND occurred_at >= ? AND occurred_at < ?""",
				(ResultSet rs) -> {
					LocalDate day = LocalDate.ofInstant(Sql.instant(rs, "occurred_at"), ZoneOffset.UTC);
					byDay.merge(day, rs.getBigDecimal("amount").negate(), BigDecimal::add);
				}, orgId, Sql.ts(from), Sql.ts(to));
		return byDay;
	}

	/** Minutes used per pool in a month. */
	List<Object[]> poolUsage(String orgId, String month) {
		return jdbc.sql("""
				SELECT country, pool_type, minutes_used FROM pool_usage WHERE org_id = :org AND usage_month = :m
				ORDER BY pool_type, country""")
			.param("org", orgId)
			.param("m", month)
			.query((rs,
					i) -> new Object[] { rs.getString("country"), rs.getString("pool_type"),
							rs.getInt("minutes_used") })
			.list();
	}

	static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
		return rs.getBigDecimal(column);
	}

}
