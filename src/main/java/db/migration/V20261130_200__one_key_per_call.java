package db.migration;

import io.creditshub.calls.UsageKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 14: one database-enforced key per call (DOMAIN rule 10), compact, in
 * {@code call_record} only.
 * <ul>
 * <li>{@code call_record} gets a sequential surrogate {@code call_no} (primary key; the
 * hub draws blocks of numbers from {@code call_no_seq}) and the UsageId as a {@code uuid}
 * {@code usage_key}, unique per organization ({@code ux_call_usage}); a UsageId that is
 * not a canonical GUID maps to a name-based UUID and keeps its text in {@code usage_text}
 * ({@link UsageKeys}: the same rule as the hub's).</li>
 * <li>{@code ledger_entry} references the call by {@code call_no} (and a correction's
 * call by {@code corrected_call_no}): the second unique key on random UsageIds
 * ({@code ux_ledger_usage}) and the text columns {@code usage_id},
 * {@code corrected_usage_id} go. Exactly once stays: a usage entry is only written in the
 * transaction that inserted its call row, which the key refuses a second time.</li>
 * <li>{@code lot_allocation} is keyed by (call_no, lot_id), {@code correction_call} by
 * (correction_id, call_no).</li>
 * </ul>
 * Existing rows are converted, none lost: the migration counts rows before and after and
 * fails (rolling back on PostgreSQL) if any call, entry, allocation or corrected call
 * could not be matched. Existing calls are numbered in arrival order (file, line). Posted
 * ledger entries keep every value; only the reference to their call changes form (DOMAIN
 * rule 9: nothing of what was posted changes). A Java migration because the UsageId
 * mapping is Java's (SHA-1 name-based UUIDs; neither database has that function built in)
 * and the two databases differ in regular expressions and collations.
 */
public class V20261130_200__one_key_per_call extends BaseJavaMigration {

	private static final String GUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

	/** The columns of call_record that stay as they are, in their order. */
	static final String KEPT = "call_id, file_id, line_no, user_object_id, upn, display_name, caller_id, call_type, "
			+ "number_type, domestic_international, destination_dialed, destination_number, started_at, ended_at, "
			+ "duration_seconds, producer_charge, producer_connection_fee, producer_currency, capability, rating_status, "
			+ "rate_version_id, rate_id, rate_prefix, rated_destination, billed_seconds, charge, currency, conference_id, "
			+ "user_location";

	@Override
	public void migrate(Context context) throws Exception {
		Connection con = context.getConnection();
		boolean pg = con.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		String bytes = pg ? " COLLATE \"C\"" : "";
		String isGuid = pg ? "usage_id ~ '" + GUID + "'" : "REGEXP_LIKE(usage_id, '" + GUID + "')";
		try (Statement st = con.createStatement()) {
			long calls = count(st, "SELECT COUNT(*) FROM call_record");
			long usageEntries = count(st, "SELECT COUNT(*) FROM ledger_entry WHERE usage_id IS NOT NULL");
			long corrected = count(st, "SELECT COUNT(*) FROM ledger_entry WHERE corrected_usage_id IS NOT NULL");
			long allocations = count(st, "SELECT COUNT(*) FROM lot_allocation");
			long correctedCalls = count(st, "SELECT COUNT(*) FROM correction_call");

			// every call's number, in arrival order
			st.execute("ALTER TABLE call_record RENAME TO call_record_v1");
			st.execute("CREATE TABLE call_key_v1 AS SELECT org_id, usage_id, "
					+ "ROW_NUMBER() OVER (ORDER BY file_id, line_no, org_id, usage_id) AS call_no FROM call_record_v1");
			for (String c : new String[] { "org_id", "usage_id", "call_no" }) {
				st.execute("ALTER TABLE call_key_v1 ALTER COLUMN " + c + " SET NOT NULL");
			}
			st.execute("ALTER TABLE call_key_v1 ADD CONSTRAINT pk_call_key_v1 PRIMARY KEY (org_id, usage_id)");

			st.execute("CREATE TABLE call_record (\n" + "    call_no                bigint         NOT NULL,\n"
					+ "    usage_key              uuid,\n" + "    org_id                 varchar(64)" + bytes
					+ " NOT NULL,\n" + "    usage_text             varchar(100)" + bytes + ",\n"
					+ "    call_id                varchar(100)   NOT NULL,\n"
					+ "    file_id                bigint         NOT NULL,\n"
					+ "    line_no                integer        NOT NULL,\n"
					+ "    user_object_id         varchar(100),\n" + "    upn                    varchar(300),\n"
					+ "    display_name           varchar(300),\n" + "    caller_id              varchar(64),\n"
					+ "    call_type              varchar(32)    NOT NULL,\n"
					+ "    number_type            varchar(32),\n" + "    domestic_international varchar(32),\n"
					+ "    destination_dialed     varchar(200),\n" + "    destination_number     varchar(64),\n"
					+ "    started_at             timestamp with time zone NOT NULL,\n"
					+ "    ended_at               timestamp with time zone NOT NULL,\n"
					+ "    duration_seconds       integer        NOT NULL,\n"
					+ "    producer_charge        numeric(24,9),\n" + "    producer_connection_fee numeric(24,9),\n"
					+ "    producer_currency      varchar(3),\n" + "    capability             varchar(64),\n"
					+ "    rating_status          varchar(16)    NOT NULL,\n" + "    rate_version_id        bigint,\n"
					+ "    rate_id                bigint,\n" + "    rate_prefix            varchar(20),\n"
					+ "    rated_destination      varchar(200),\n"
					+ "    billed_seconds         integer        NOT NULL,\n"
					+ "    charge                 numeric(24,9)  NOT NULL,\n"
					+ "    currency               char(3)        NOT NULL,\n"
					+ "    conference_id          varchar(100),\n" + "    user_location          varchar(8)\n" + ")");
			st.execute("INSERT INTO call_record (call_no, usage_key, org_id, usage_text, " + KEPT + ") "
					+ "SELECT k.call_no, CASE WHEN " + isGuid.replace("usage_id", "o.usage_id")
					+ " THEN CAST(o.usage_id AS uuid) END, o.org_id, CASE WHEN "
					+ isGuid.replace("usage_id", "o.usage_id") + " THEN NULL ELSE o.usage_id END, "
					+ prefixed("o.", KEPT) + " FROM call_record_v1 o "
					+ "JOIN call_key_v1 k ON k.org_id = o.org_id AND k.usage_id = o.usage_id");
			st.execute("ALTER TABLE call_record ADD CONSTRAINT pk_call_no PRIMARY KEY (call_no)");
			nameBasedKeys(con);
			st.execute("ALTER TABLE call_record ALTER COLUMN usage_key SET NOT NULL");
			// DOMAIN rule 10: the one key per call
			st.execute("ALTER TABLE call_record ADD CONSTRAINT ux_call_usage UNIQUE (org_id, usage_key)");
			expect(st, "calls", calls, "SELECT COUNT(*) FROM call_record");

			// the ledger references the call by its number
			st.execute("ALTER TABLE ledger_entry ADD COLUMN call_no bigint");
			st.execute("ALTER TABLE ledger_entry ADD COLUMN corrected_call_no bigint");
			st.execute("UPDATE ledger_entry SET call_no = (SELECT k.call_no FROM call_key_v1 k "
					+ "WHERE k.org_id = ledger_entry.org_id AND k.usage_id = ledger_entry.usage_id) WHERE usage_id IS NOT NULL");
			st.execute("UPDATE ledger_entry SET corrected_call_no = (SELECT k.call_no FROM call_key_v1 k "
					+ "WHERE k.org_id = ledger_entry.org_id AND k.usage_id = ledger_entry.corrected_usage_id) "
					+ "WHERE corrected_usage_id IS NOT NULL");
			expect(st, "usage entries with their call", usageEntries,
					"SELECT COUNT(*) FROM ledger_entry WHERE call_no IS NOT NULL");
			expect(st, "correction entries with their call", corrected,
					"SELECT COUNT(*) FROM ledger_entry WHERE corrected_call_no IS NOT NULL");

			st.execute("ALTER TABLE lot_allocation RENAME TO lot_allocation_v1");
			st.execute("CREATE TABLE lot_allocation (\n" + "    org_id                 varchar(64)" + bytes
					+ " NOT NULL,\n" + "    call_no                bigint         NOT NULL,\n"
					+ "    lot_id                 bigint         NOT NULL REFERENCES lot (lot_id),\n"
					+ "    amount                 numeric(24,9)  NOT NULL,\n"
					+ "    CONSTRAINT pk_lot_allocation_call PRIMARY KEY (call_no, lot_id)\n" + ")");
			st.execute("INSERT INTO lot_allocation (org_id, call_no, lot_id, amount) "
					+ "SELECT a.org_id, k.call_no, a.lot_id, a.amount FROM lot_allocation_v1 a "
					+ "JOIN call_key_v1 k ON k.org_id = a.org_id AND k.usage_id = a.usage_id");
			expect(st, "lot allocations", allocations, "SELECT COUNT(*) FROM lot_allocation");
			st.execute("DROP TABLE lot_allocation_v1");

			st.execute("ALTER TABLE ledger_entry DROP CONSTRAINT ux_ledger_usage");
			st.execute("ALTER TABLE ledger_entry DROP COLUMN usage_id");
			st.execute("ALTER TABLE ledger_entry DROP COLUMN corrected_usage_id");
			st.execute("CREATE INDEX ix_ledger_call ON ledger_entry (call_no)");

			// a call is corrected at most once per run (DOMAIN rule 10 for corrections)
			st.execute("ALTER TABLE correction_call ADD COLUMN call_no bigint");
			st.execute("UPDATE correction_call SET call_no = (SELECT k.call_no FROM call_key_v1 k "
					+ "WHERE k.org_id = correction_call.org_id AND k.usage_id = correction_call.usage_id)");
			expect(st, "corrected calls", correctedCalls,
					"SELECT COUNT(*) FROM correction_call WHERE call_no IS NOT NULL");
			st.execute("ALTER TABLE correction_call DROP CONSTRAINT pk_correction_call");
			st.execute("DROP INDEX ix_correction_call_org");
			st.execute("ALTER TABLE correction_call DROP COLUMN usage_id");
			st.execute("ALTER TABLE correction_call ALTER COLUMN call_no SET NOT NULL");
			st.execute(
					"ALTER TABLE correction_call ADD CONSTRAINT pk_correction_call PRIMARY KEY (correction_id, call_no)");
			st.execute("CREATE INDEX ix_correction_call_org ON correction_call (org_id, started_at)");

			st.execute("DROP TABLE call_record_v1");
			st.execute("DROP TABLE call_key_v1");
			st.execute("CREATE INDEX ix_call_record_started ON call_record (org_id, started_at)");
			st.execute("CREATE INDEX ix_call_record_file ON call_record (file_id)");

			// blocks of 1,000 numbers: one round trip per 1,000 calls (CallNumbers)
			long next = count(st, "SELECT COALESCE(MAX(call_no), 0) + 1 FROM call_record");
			st.execute("CREATE SEQUENCE call_no_seq START WITH " + next + " INCREMENT BY 1000");
		}
	}

	/**
	 * The keys of the UsageIds that are not canonical GUIDs (few: other carriers' ids),
	 * computed as the hub does.
	 */
	private static void nameBasedKeys(Connection con) throws Exception {
		while (true) {
			List<Object[]> rows = new ArrayList<>();
			try (Statement st = con.createStatement();
					ResultSet rs = st.executeQuery(
							"SELECT call_no, org_id, usage_text FROM call_record WHERE usage_key IS NULL ORDER BY call_no")) {
				while (rs.next() && rows.size() < 10_000) {
					rows.add(new Object[] { rs.getLong(1), rs.getString(2), rs.getString(3) });
				}
			}
			if (rows.isEmpty()) {
				return;
			}
			try (PreparedStatement ps = con
				.prepareStatement("UPDATE call_record SET usage_key = ? WHERE call_no = ?")) {
				for (Object[] r : rows) {
					UUID key = UsageKeys.key((String) r[1], (String) r[2]);
					ps.setObject(1, key);
					ps.setLong(2, (Long) r[0]);
					ps.addBatch();
				}
				ps.executeBatch();
			}
		}
	}

	private static String prefixed(String prefix, String columns) {
		StringBuilder b = new StringBuilder();
		for (String c : columns.split(",")) {
			b.append(b.length() == 0 ? "" : ", ").append(prefix).append(c.strip());
		}
		return b.toString();
	}

	private static long count(Statement st, String sql) throws Exception {
		try (ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static void expect(Statement st, String what, long before, String sql) throws Exception {
		long after = count(st, sql);
		if (after != before) {
			throw new IllegalStateException(
					"migration V20261130_200 would lose rows: " + what + " " + before + " before, " + after + " after");
		}
	}

}
