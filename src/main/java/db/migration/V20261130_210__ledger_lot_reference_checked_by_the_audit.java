package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 14 (throughput, session 6): drops the foreign key ledger_entry.lot_id -> lot and
 * the index ix_ledger_lot. Nearly every per-call usage entry names the lot that paid it,
 * so the key was checked once per call (a trigger and a locking look-up of the lot's row
 * per row on PostgreSQL, an index of its own on H2) and the index grew by one entry per
 * call: measured on the 1,000,000-call benchmark (docs/BENCHMARK.md, session 6), the
 * server's own COPY of the same rows without the key 0.7-2.8 s faster. The only reader of
 * the index was reconcile's per-lot sum, now one grouped pass over the ledger
 * (io.creditshub.ledger.Reconciler). What the key guarded is guaranteed by how entries
 * are written (a usage entry names a lot the allocator read, under the organization's row
 * lock; lots are never deleted), as for V20261126_40's keys, and is checked by the full
 * audit ({@code audit}: entries naming a lot that does not exist or belongs to another
 * organization). A Java migration because the two databases name the unnamed constraint
 * differently.
 */
public class V20261130_210__ledger_lot_reference_checked_by_the_audit extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection con = context.getConnection();
		List<String> found = new ArrayList<>();
		try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("""
				SELECT tc.constraint_name
				FROM information_schema.table_constraints tc
				JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema
				  AND k.constraint_name = tc.constraint_name
				WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = CURRENT_SCHEMA
				  AND LOWER(tc.table_name) = 'ledger_entry' AND LOWER(k.column_name) = 'lot_id'""")) {
			while (rs.next()) {
				found.add(rs.getString(1));
			}
		}
		if (found.size() != 1) {
			throw new IllegalStateException("expected the one foreign key ledger_entry.lot_id, found " + found.size());
		}
		try (Statement st = con.createStatement()) {
			st.execute("ALTER TABLE ledger_entry DROP CONSTRAINT \"" + found.get(0).replace("\"", "\"\"") + "\"");
			st.execute("DROP INDEX IF EXISTS ix_ledger_lot");
		}
	}

}
