package io.creditshub.funds;

import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class LotRepository {

	private static final String COLUMNS = "lot_id, org_id, source, amount, remaining, currency, purchased_at, expires_at, reference";

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final Clock clock;

	public LotRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.clock = clock;
	}

	/** Inserts a new lot (remaining = amount) and returns its id. */
	public long insert(String orgId, String source, BigDecimal amount, String currency, java.time.Instant purchasedAt,
			String reference) {
		return insert(orgId, source, amount, currency, purchasedAt, reference, null);
	}

	/**
	 * Inserts a new lot booked to {@code bookMonth} (DOMAIN rule 9; null: its purchase
	 * month).
	 */
	public long insert(String orgId, String source, BigDecimal amount, String currency, java.time.Instant purchasedAt,
			String reference, String bookMonth) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql(
				"""
						INSERT INTO lot (org_id, source, amount, remaining, currency, purchased_at, expires_at, reference, created_at,
						  book_month)
						VALUES (:org, :source, :amount, :amount, :currency, :purchased, :expires, :ref, :now, :book)""")
			.param("book", bookMonth, java.sql.Types.CHAR)
			.param("org", orgId)
			.param("source", source)
			.param("amount", amount)
			.param("currency", currency)
			.param("purchased", Sql.ts(purchasedAt))
			.param("expires", Sql.ts(Lot.expiryOf(purchasedAt)))
			.param("ref", reference)
			.param("now", Sql.ts(clock.instant()))
			.update(keys, "lot_id");
		return keys.getKey().longValue();
	}

	public boolean referenceExists(String orgId, String reference) {
		return jdbc.sql("SELECT COUNT(*) FROM lot WHERE org_id = :org AND reference = :ref")
			.param("org", orgId)
			.param("ref", reference)
			.query(Long.class)
			.single() > 0;
	}

	/** The lots that still hold money, soonest expiry first. */
	public List<Lot> openLots(String orgId) {
		return jdbc
			.sql("SELECT " + COLUMNS + " FROM lot WHERE org_id = :org AND remaining > 0 ORDER BY expires_at, lot_id")
			.param("org", orgId)
			.query(LotRepository::map)
			.list();
	}

	/**
	 * The lots that still hold money and have not expired at {@code at}, soonest expiry
	 * first. A lot past its expiry is not money any more even before the expiry batch
	 * posts its forfeit (DOMAIN rules 1 and 3).
	 */
	public List<Lot> openLots(String orgId, java.time.Instant at) {
		return jdbc.sql("SELECT " + COLUMNS
				+ " FROM lot WHERE org_id = :org AND remaining > 0 AND expires_at > :at ORDER BY expires_at, lot_id")
			.param("org", orgId)
			.param("at", Sql.ts(at))
			.query(LotRepository::map)
			.list();
	}

	/**
	 * The balance available at {@code at}: what remains in lots unexpired then (DOMAIN
	 * rule 1). It differs from the booked balance (Σ ledger) only while an expired lot
	 * waits for the expiry batch to post its forfeit.
	 */
	public BigDecimal available(String orgId, java.time.Instant at) {
		return jdbc.sql("SELECT COALESCE(SUM(remaining), 0) FROM lot WHERE org_id = :org AND expires_at > :at")
			.param("org", orgId)
			.param("at", Sql.ts(at))
			.query(BigDecimal.class)
			.single();
	}

	/**
	 * The month whose books each lot's purchase belongs to (DOMAIN rule 9): its book
	 * month, else its purchase month.
	 */
	public Map<Long, java.time.YearMonth> bookMonths(String orgId) {
		Map<Long, java.time.YearMonth> months = new java.util.HashMap<>();
		jdbc.sql("SELECT lot_id, purchased_at, book_month FROM lot WHERE org_id = :org")
			.param("org", orgId)
			.query(rs -> {
				String m = rs.getString("book_month");
				months.put(rs.getLong("lot_id"), m != null ? java.time.YearMonth.parse(m.strip())
						: java.time.YearMonth.from(Sql.instant(rs, "purchased_at").atOffset(java.time.ZoneOffset.UTC)));
			});
		return months;
	}

	public java.util.Optional<Lot> find(String orgId, long lotId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lot WHERE org_id = :org AND lot_id = :id")
			.param("org", orgId)
			.param("id", lotId)
			.query(LotRepository::map)
			.optional();
	}

	public List<Lot> all(String orgId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lot WHERE org_id = :org ORDER BY expires_at, lot_id")
			.param("org", orgId)
			.query(LotRepository::map)
			.list();
	}

	/** Writes back the remaining amounts of lots an allocation touched (one batch). */
	public void updateRemaining(Map<Long, BigDecimal> remainingByLot) {
		if (remainingByLot.isEmpty()) {
			return;
		}
		List<Map.Entry<Long, BigDecimal>> rows = new ArrayList<>(remainingByLot.entrySet());
		jdbcTemplate.batchUpdate("UPDATE lot SET remaining = ? WHERE lot_id = ?", rows, rows.size(), (ps, e) -> {
			ps.setBigDecimal(1, e.getValue());
			ps.setLong(2, e.getKey());
		});
	}

	public BigDecimal sumRemaining(String orgId) {
		return jdbc.sql("SELECT COALESCE(SUM(remaining), 0) FROM lot WHERE org_id = :org")
			.param("org", orgId)
			.query(BigDecimal.class)
			.single();
	}

	static Lot map(ResultSet rs, int row) throws SQLException {
		return new Lot(rs.getLong("lot_id"), rs.getString("org_id"), rs.getString("source"), rs.getBigDecimal("amount"),
				rs.getBigDecimal("remaining"), rs.getString("currency"), Sql.instant(rs, "purchased_at"),
				Sql.instant(rs, "expires_at"), rs.getString("reference"));
	}

}
