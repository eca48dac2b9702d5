package io.creditshub.licensing;

import io.creditshub.persistence.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** License history and pool usage. */
@Repository
public class LicenseRepository {

	private final JdbcClient jdbc;

	public LicenseRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<LicenseRecord> history(String orgId) {
		return jdbc.sql("""
				SELECT object_id, upn, display_name, usage_location, phone_digits, blocked, products, capabilities,
				  valid_from, valid_to FROM license_assignment WHERE org_id = :org ORDER BY object_id, valid_from""")
			.param("org", orgId)
			.query(LicenseRepository::map)
			.list();
	}

	public Optional<Instant> appliedAt(String orgId) {
		return jdbc.sql("SELECT applied_at FROM license_state WHERE org_id = :org")
			.param("org", orgId)
			.query((rs, i) -> Sql.instant(rs, "applied_at"))
			.optional();
	}

	/**
	 * Applies a full license export taking effect at {@code at}: unchanged users keep
	 * their open row; changed users get their open row closed at {@code at} and a new one
	 * opened; users missing from the export lose their licenses at {@code at}. Returns
	 * [opened, closed, unchanged].
	 */
	public int[] apply(String orgId, long fileId, Instant at, List<LicenseRecord> export) {
		return apply(orgId, fileId, at, at, export);
	}

	/**
	 * The time of an organization's first export: its licenses cover every earlier call
	 * (DOMAIN rule 11).
	 */
	public static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

	/** Where a license export's time came from (DOMAIN rule 11). */
	public enum TimeSource {

		/** the organization's first export: it covers every earlier call */
		FIRST_EXPORT,
		/** the date (and time) in the file name */
		FILE_NAME,
		/** no date in the name: when the hub received the file */
		RECEIVED,
		/**
		 * re-dated by an operator (corrections, DOMAIN rule 11): the old time and source
		 * are in license_redate
		 */
		REDATED

	}

	/**
	 * A license export as recorded: when its licenses take effect and where that time
	 * came from.
	 */
	public record Export(long fileId, String orgId, String fileName, Instant effectiveAt, TimeSource timeSource,
			Instant statedAt, Instant namedAt, Instant receivedAt) {
	}

	/**
	 * Records a license export's time and its source (shown by files and the API;
	 * re-dated by corrections).
	 */
	public void recordExport(Export e) {
		jdbc.sql("""
				INSERT INTO license_export (file_id, org_id, file_name, effective_at, time_source, stated_at, named_at,
				  received_at)
				VALUES (:file, :org, :name, :effective, :source, :stated, :named, :received)""")
			.param("file", e.fileId())
			.param("org", e.orgId())
			.param("name", Sql.fit(e.fileName(), 500))
			.param("effective", Sql.ts(e.effectiveAt()))
			.param("source", e.timeSource().name())
			.param("stated", Sql.ts(e.statedAt()))
			.param("named", Sql.ts(e.namedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("received", Sql.ts(e.receivedAt()))
			.update();
	}

	/** An organization's license exports, newest first. */
	public List<Export> exports(String orgId) {
		return jdbc.sql("""
				SELECT file_id, org_id, file_name, effective_at, time_source, stated_at, named_at, received_at
				FROM license_export WHERE org_id = :org ORDER BY file_id DESC""")
			.param("org", orgId)
			.query((rs, i) -> new Export(rs.getLong("file_id"), rs.getString("org_id"), rs.getString("file_name"),
					Sql.instant(rs, "effective_at"), TimeSource.valueOf(rs.getString("time_source")),
					Sql.instant(rs, "stated_at"), Sql.instant(rs, "named_at"), Sql.instant(rs, "received_at")))
			.list();
	}

	/**
	 * Applies a full license export: its rows take effect at {@code at}; {@code stated}
	 * (the export's own time, which orders the exports) becomes the organization's
	 * applied time. Returns [opened, closed, unchanged].
	 */
	public int[] apply(String orgId, long fileId, Instant at, Instant stated, List<LicenseRecord> export) {
		Map<String, Long> openIds = new HashMap<>();
		Map<String, LicenseRecord> open = new HashMap<>();
		jdbc.sql(
				"""
						SELECT assignment_id, object_id, upn, display_name, usage_location, phone_digits, blocked, products,
						  capabilities, valid_from, valid_to FROM license_assignment WHERE org_id = :org AND valid_to IS NULL""")
			.param("org", orgId)
			.query((rs, i) -> {
				LicenseRecord r = map(rs, i);
				open.put(key(r.objectId()), r);
				openIds.put(key(r.objectId()), rs.getLong("assignment_id"));
				return r;
			})
			.list();
		int opened = 0, closed = 0, unchanged = 0;
		for (LicenseRecord r : export) {
			LicenseRecord current = open.remove(key(r.objectId()));
			if (current != null && current.sameState(r)) {
				unchanged++;
				continue;
			}
			if (current != null) {
				close(openIds.get(key(r.objectId())), at);
				closed++;
			}
			insert(orgId, fileId, at, r);
			opened++;
		}
		for (String gone : open.keySet()) {
			close(openIds.get(gone), at);
			closed++;
		}
		int updated = jdbc.sql("UPDATE license_state SET applied_at = :at, file_id = :file WHERE org_id = :org")
			.param("at", Sql.ts(stated))
			.param("file", fileId)
			.param("org", orgId)
			.update();
		if (updated == 0) {
			jdbc.sql("INSERT INTO license_state (org_id, applied_at, file_id) VALUES (:org, :at, :file)")
				.param("at", Sql.ts(stated))
				.param("file", fileId)
				.param("org", orgId)
				.update();
		}
		return new int[] { opened, closed, unchanged };
	}

	private void close(long assignmentId, Instant at) {
		jdbc.sql("UPDATE license_assignment SET valid_to = :at WHERE assignment_id = :id")
			.param("at", Sql.ts(at))
			.param("id", assignmentId)
			.update();
	}

	private void insert(String orgId, long fileId, Instant at, LicenseRecord r) {
		jdbc.sql(
				"""
						INSERT INTO license_assignment (org_id, object_id, upn, display_name, usage_location, phone_digits, blocked,
						  products, capabilities, valid_from, valid_to, file_id)
						VALUES (:org, :oid, :upn, :name, :loc, :phone, :blocked, :products, :caps, :from, NULL, :file)""")
			.param("org", orgId)
			.param("oid", r.objectId())
			.param("upn", Sql.fit(r.upn(), 300))
			.param("name", Sql.fit(r.displayName(), 300))
			.param("loc", r.usageLocation())
			.param("phone", r.phoneDigits())
			.param("blocked", r.blocked())
			.param("products", Sql.fit(r.products(), 2000))
			.param("caps", r.capabilities().stream().map(Capability::label).sorted().collect(Collectors.joining(",")))
			.param("from", Sql.ts(at))
			.param("file", fileId)
			.update();
	}

	private static String key(String objectId) {
		return objectId.toLowerCase(java.util.Locale.ROOT);
	}

	/** Minutes used per pool of an organization. */
	public Map<PoolKey, Integer> poolUsage(String orgId) {
		Map<PoolKey, Integer> used = new HashMap<>();
		jdbc.sql("SELECT country, pool_type, usage_month, minutes_used FROM pool_usage WHERE org_id = :org")
			.param("org", orgId)
			.query((rs,
					i) -> used.put(new PoolKey(rs.getString("country"), PoolType.valueOf(rs.getString("pool_type")),
							YearMonth.parse(rs.getString("usage_month"))), rs.getInt("minutes_used")))
			.list();
		return used;
	}

	/** Writes back the pools a posting used (under the organization's row lock). */
	public void savePoolUsage(String orgId, Map<PoolKey, Integer> changed) {
		changed.forEach((k, minutes) -> {
			int n = jdbc.sql("""
					UPDATE pool_usage SET minutes_used = :m
					WHERE org_id = :org AND country = :c AND pool_type = :t AND usage_month = :month""")
				.param("m", minutes)
				.param("org", orgId)
				.param("c", k.country())
				.param("t", k.type().name())
				.param("month", k.month().toString())
				.update();
			if (n == 0) {
				jdbc.sql("""
						INSERT INTO pool_usage (org_id, country, pool_type, usage_month, minutes_used)
						VALUES (:org, :c, :t, :month, :m)""")
					.param("m", minutes)
					.param("org", orgId)
					.param("c", k.country())
					.param("t", k.type().name())
					.param("month", k.month().toString())
					.update();
			}
		});
	}

	static LicenseRecord map(ResultSet rs, int row) throws SQLException {
		String caps = rs.getString("capabilities");
		Set<Capability> set = EnumSet.noneOf(Capability.class);
		if (caps != null && !caps.isBlank()) {
			Arrays.stream(caps.split(",")).map(Capability::parse).forEach(set::add);
		}
		return new LicenseRecord(rs.getString("object_id"), rs.getString("upn"), rs.getString("display_name"),
				rs.getString("usage_location"), rs.getString("phone_digits"), rs.getBoolean("blocked"),
				rs.getString("products"), set, Sql.instant(rs, "valid_from"), Sql.instant(rs, "valid_to"));
	}

}
