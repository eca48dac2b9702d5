package io.creditshub.rates;

import io.creditshub.money.RoundingRule;
import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.creditshub.rating.RateSegment;
import io.creditshub.rating.RateTable;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Versioned rate tables: each rate file becomes a new version; calls are rated with the
 * newest version (at the rate in force when each call started, DOMAIN rule 7); older
 * versions stay for audit and re-rating.
 */
@Repository
public class RateTableRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final Clock clock;

	private volatile RateTable cached;

	public RateTableRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.clock = clock;
	}

	/** Stores a new version and returns its id. */
	public long store(long fileId, String fileName, List<Rate> rates) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO rate_table_version (file_id, file_name, rate_count, loaded_at)
				VALUES (:file, :name, :count, :now)""")
			.param("file", fileId)
			.param("name", fileName)
			.param("count", rates.size())
			.param("now", Sql.ts(clock.instant()))
			.update(keys, "version_id");
		long version = keys.getKey().longValue();
		List<Object[]> rows = new ArrayList<>();
		long rateId = 0;
		for (Rate r : rates) {
			rateId++;
			for (RateSegment s : r.segments()) {
				rows.add(new Object[] { version, rateId, r.prefix(), r.destination(), r.numberType().name(),
						r.currency(), r.connectionFee(), s.startSecond(), s.ratePerMinute(), s.firstIncrement(),
						s.nextIncrement(), Sql.ts(r.effectiveFrom()), Sql.ts(r.effectiveTo()), r.zoneA(),
						r.rounding().mode().name(), r.rounding().decimals(),
						r.maxCost() == null ? null : r.maxCost().amount(),
						r.maxCost() == null ? null : r.maxCost().strategy().name() });
			}
		}
		jdbcTemplate.batchUpdate("""
				INSERT INTO rate (version_id, rate_id, prefix, destination, number_type, currency, connection_fee,
				  segment_start, rate_per_minute, first_increment, next_increment, effective_from, effective_to, zone_a,
				  rounding_mode, rounding_decimals, max_cost, max_cost_strategy)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows,
				new int[] { java.sql.Types.BIGINT, java.sql.Types.BIGINT, java.sql.Types.VARCHAR,
						java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.CHAR, java.sql.Types.NUMERIC,
						java.sql.Types.INTEGER, java.sql.Types.NUMERIC, java.sql.Types.INTEGER, java.sql.Types.INTEGER,
						java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
						java.sql.Types.BOOLEAN, java.sql.Types.VARCHAR, java.sql.Types.INTEGER, java.sql.Types.NUMERIC,
						java.sql.Types.VARCHAR });
		return version;
	}

	public Optional<Long> currentVersion() {
		// not MAX(...): on an empty table it is one NULL row, which single() refuses
		return jdbc.sql("SELECT version_id FROM rate_table_version ORDER BY version_id DESC LIMIT 1")
			.query(Long.class)
			.optional();
	}

	/** The newest rate table, cached until a newer version is stored. */
	public Optional<RateTable> current() {
		Optional<Long> version = currentVersion();
		if (version.isEmpty()) {
			return Optional.empty();
		}
		RateTable table = cached;
		if (table == null || table.versionId() != version.get()) {
			table = load(version.get());
			cached = table;
		}
		return Optional.of(table);
	}

	public RateTable load(long version) {
		return new RateTable(version, rates(version));
	}

	/** The rates of a version, in rate id order. */
	public List<Rate> rates(long version) {
		Map<Long, List<Object[]>> byRate = new LinkedHashMap<>();
		jdbcTemplate.query(
				"""
						SELECT rate_id, prefix, destination, number_type, currency, connection_fee, segment_start, rate_per_minute,
						  first_increment, next_increment, effective_from, effective_to, zone_a, rounding_mode, rounding_decimals,
						  max_cost, max_cost_strategy
						FROM rate WHERE version_id = ? ORDER BY rate_id, segment_start""",
				rs -> {
					byRate.computeIfAbsent(rs.getLong("rate_id"), k -> new ArrayList<>())
						.add(new Object[] { rs.getString("prefix"), rs.getString("destination"),
								rs.getString("number_type"), rs.getString("currency"),
								rs.getBigDecimal("connection_fee"), rs.getInt("segment_start"),
								rs.getBigDecimal("rate_per_minute"), rs.getInt("first_increment"),
								rs.getInt("next_increment"), Sql.instant(rs, "effective_from"),
								Sql.instant(rs, "effective_to"), rs.getBoolean("zone_a"), rs.getString("rounding_mode"),
								rs.getObject("rounding_decimals", Integer.class), rs.getBigDecimal("max_cost"),
								rs.getString("max_cost_strategy") });
				}, version);
		List<Rate> rates = new ArrayList<>(byRate.size());
		byRate.forEach((rateId, rows) -> {
			Object[] f = rows.get(0);
			List<RateSegment> segments = new ArrayList<>();
			for (Object[] r : rows) {
				segments.add(new RateSegment((Integer) r[5], (BigDecimal) r[6], (Integer) r[7], (Integer) r[8]));
			}
			rates.add(new Rate(rateId, (String) f[0], (String) f[1], NumberType.valueOf((String) f[2]), (String) f[3],
					(BigDecimal) f[4], segments, (Instant) f[9], (Instant) f[10], (Boolean) f[11],
					new RoundingRule(RoundingMode.valueOf((String) f[12]), (Integer) f[13]),
					f[14] == null ? null : new io.creditshub.rating.MaxCost((BigDecimal) f[14],
							io.creditshub.rating.MaxCost.Strategy.valueOf((String) f[15]))));
		});
		return rates;
	}

}
