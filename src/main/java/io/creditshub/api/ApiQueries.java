package io.creditshub.api;

import io.creditshub.calls.UsageKeys;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Paged, filtered reads for the API. Filters are bound parameters; only fixed SQL
 * fragments are concatenated.
 */
@Repository
public class ApiQueries {

	private final JdbcClient jdbc;

	ApiQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record Page<T>(List<T> items, int page, int size, long total) {
	}

	public record LedgerItem(long entryId, String type, BigDecimal amount, BigDecimal unfundedAmount,
			String unfundedReason, String currency, Long lotId, String usageId, String reference, Instant occurredAt,
			Instant postedAt, String funding, String pool, Integer poolMinutes, BigDecimal creditsDue) {
	}

	public Page<LedgerItem> ledger(String orgId, String type, Instant from, Instant to, int page, int size) {
		StringBuilder where = new StringBuilder(" WHERE org_id = :org");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("org", orgId);
		if (type != null) {
			where.append(" AND entry_type = :type");
			params.put("type", type.toUpperCase(Locale.ROOT));
		}
		if (from != null) {
			where.append(" AND occurred_at >= :from");
			params.put("from", Sql.ts(from));
		}
		if (to != null) {
			where.append(" AND occurred_at < :to");
			params.put("to", Sql.ts(to));
		}
		long total = jdbc.sql("SELECT COUNT(*) FROM ledger_entry" + where).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<LedgerItem> items = jdbc.sql("""
				SELECT entry_id, entry_type, amount, unfunded_amount, unfunded_reason, currency, lot_id,
				  (SELECT """ + UsageKeys.shown("c") + """
				 FROM call_record c WHERE c.call_no = ledger_entry.call_no) AS usage_id, reference,
				  occurred_at, posted_at, funding, pool_type, pool_country, pool_month, pool_minutes, credits_due
				FROM ledger_entry""" + where + " ORDER BY entry_id LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, i) -> new LedgerItem(rs.getLong("entry_id"), rs.getString("entry_type"),
					rs.getBigDecimal("amount"), rs.getBigDecimal("unfunded_amount"), rs.getString("unfunded_reason"),
					rs.getString("currency"), (Long) rs.getObject("lot_id", Long.class), rs.getString("usage_id"),
					rs.getString("reference"), Sql.instant(rs, "occurred_at"), Sql.instant(rs, "posted_at"),
					rs.getString("funding"),
					rs.getString("pool_type") == null ? null
							: rs.getString("pool_type") + "/" + rs.getString("pool_country") + "/"
									+ rs.getString("pool_month"),
					(Integer) rs.getObject("pool_minutes", Integer.class), rs.getBigDecimal("credits_due")))
			.list();
		return new Page<>(items, page, size, total);
	}

	public record CallItem(String usageId, String callId, String user, String displayName, String callType,
			String destinationNumber, String destination, Instant startedAt, int durationSeconds, BigDecimal listPrice,
			String paidBy, String pool, Integer poolMinutes, BigDecimal paidFromCredits, BigDecimal unfunded,
			String unfundedReason, BigDecimal producerCharge, String currency, String bookMonth, boolean late) {
	}

	/** paidBy: pool, credits, unfunded, not-chargeable. */
	public Page<CallItem> calls(String orgId, String user, Instant from, Instant to, String paidBy, int page,
			int size) {
		StringBuilder where = new StringBuilder(" WHERE c.org_id = :org");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("org", orgId);
		if (user != null) {
			where.append(" AND (LOWER(c.upn) = :user OR LOWER(c.user_object_id) = :user)");
			params.put("user", user.toLowerCase(Locale.ROOT));
		}
		if (from != null) {
			where.append(" AND c.started_at >= :from");
			params.put("from", Sql.ts(from));
		}
		if (to != null) {
			where.append(" AND c.started_at < :to");
			params.put("to", Sql.ts(to));
		}
		if (paidBy != null) {
			switch (paidBy.toLowerCase(Locale.ROOT)) {
				case "pool" -> where.append(" AND e.funding LIKE '%POOL%'");
				case "credits" -> where.append(" AND e.funding LIKE '%CREDITS%'");
				case "unfunded" -> where.append(" AND e.funding LIKE '%UNFUNDED%'");
				case "not-chargeable" -> where.append(" AND c.rating_status = 'NOT_CHARGEABLE'");
				default -> throw new IllegalArgumentException(
						"paidBy must be one of pool, credits, unfunded, not-chargeable: " + paidBy);
			}
		}
		String fromJoin = " FROM call_record c LEFT JOIN ledger_entry e ON e.call_no = c.call_no";
		long total = jdbc.sql("SELECT COUNT(*)" + fromJoin + where).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<CallItem> items = jdbc.sql("""
				SELECT """ + UsageKeys.shown("c") + """
				AS usage_id, c.call_id, c.upn, c.display_name, c.call_type, c.destination_number, c.rated_destination,
				 c.started_at, c.duration_seconds, c.charge, c.rating_status, c.producer_charge, c.currency,
				 e.funding, e.pool_type, e.pool_country, e.pool_month, e.pool_minutes, e.amount, e.unfunded_amount,
				 e.unfunded_reason, e.book_month""" + fromJoin + where
				+ " ORDER BY c.started_at, c.call_no LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, i) -> new CallItem(rs.getString("usage_id"), rs.getString("call_id"), rs.getString("upn"),
					rs.getString("display_name"), rs.getString("call_type"), rs.getString("destination_number"),
					rs.getString("rated_destination"), Sql.instant(rs, "started_at"), rs.getInt("duration_seconds"),
					rs.getBigDecimal("charge"),
					rs.getString("funding") != null ? rs.getString("funding")
							: "NOT_CHARGEABLE".equals(rs.getString("rating_status")) ? "NOT_CHARGEABLE"
									: "NOTHING_BILLED",
					rs.getString("pool_type") == null ? null
							: rs.getString("pool_type") + "/" + rs.getString("pool_country") + "/"
									+ rs.getString("pool_month"),
					(Integer) rs.getObject("pool_minutes", Integer.class),
					rs.getBigDecimal("amount") == null ? null : rs.getBigDecimal("amount").negate(),
					rs.getBigDecimal("unfunded_amount"), rs.getString("unfunded_reason"),
					rs.getBigDecimal("producer_charge"), rs.getString("currency"), bookMonth(rs), late(rs)))
			.list();
		return new Page<>(items, page, size, total);
	}

	/**
	 * The month whose books hold the call's entry (DOMAIN rule 9), or null when it has
	 * none.
	 */
	private static String bookMonth(java.sql.ResultSet rs) throws java.sql.SQLException {
		String book = rs.getString("book_month");
		if (book != null) {
			return book.strip();
		}
		Instant occurred = rs.getString("funding") == null ? null : Sql.instant(rs, "started_at");
		return occurred == null ? null
				: java.time.YearMonth.from(occurred.atOffset(java.time.ZoneOffset.UTC)).toString();
	}

	/** A late call: booked in a later month than its call time (DOMAIN rule 9). */
	private static boolean late(java.sql.ResultSet rs) throws java.sql.SQLException {
		String book = rs.getString("book_month");
		return book != null && !book.strip()
			.equals(java.time.YearMonth.from(Sql.instant(rs, "started_at").atOffset(java.time.ZoneOffset.UTC))
				.toString());
	}

	/**
	 * The time of the organization's latest SUSPEND: when its balance reached zero
	 * (DOMAIN rule 8).
	 */
	public Instant reachedZeroAt(String orgId) {
		return jdbc.sql("""
				SELECT occurred_at FROM suspension_event WHERE org_id = :org AND action = 'SUSPEND'
				ORDER BY event_id DESC LIMIT 1""")
			.param("org", orgId)
			.query((rs, i) -> Sql.instant(rs, "occurred_at"))
			.optional()
			.orElse(null);
	}

	public record RateVersion(long versionId, String fileName, int rates, Instant loadedAt) {
	}

	public List<RateVersion> rateVersions() {
		return jdbc
			.sql("SELECT version_id, file_name, rate_count, loaded_at FROM rate_table_version ORDER BY version_id DESC")
			.query((rs, i) -> new RateVersion(rs.getLong("version_id"), rs.getString("file_name"),
					rs.getInt("rate_count"), Sql.instant(rs, "loaded_at")))
			.list();
	}

	static List<String> reportFiles(java.nio.file.Path folder) {
		List<String> names = new ArrayList<>();
		java.io.File[] files = folder.toFile().listFiles((d, n) -> n.endsWith(".xlsx"));
		if (files != null) {
			for (java.io.File f : files) {
				names.add(f.getName());
			}
		}
		names.sort(null);
		return names;
	}

}
