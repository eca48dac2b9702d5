package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 2 (CDR throughput): drops the foreign keys from the two tables that get one row
 * per call, call_record and ledger_entry, to organization (org_id) and ingest_file
 * (file_id). They were checked row by row (a trigger and a locking look-up per row on
 * PostgreSQL, an extra index on H2): about 40 % of the time of a bulk COPY in
 * measurements (docs/BENCHMARK.md). What they guarded is guaranteed by how rows are
 * written: the intake locks the organization row and creates the file's journal row in
 * the same transaction before writing any call, and organizations and journal rows are
 * never deleted. The keys that make a call charged once stay (pk_call_record,
 * ux_ledger_usage; DOMAIN rule 10), and so do ledger_entry.lot_id and lot_allocation's
 * keys. A Java migration because the two databases name these unnamed constraints
 * differently.
 */
public class V20261126_40__per_call_tables_without_row_foreign_keys extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection con = context.getConnection();
		List<String[]> found = new ArrayList<>();
		try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("""
				SELECT tc.table_name, tc.constraint_name
				FROM information_schema.table_constraints tc
				JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema
				  AND k.constraint_name = tc.constraint_name
				WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = CURRENT_SCHEMA
				  AND LOWER(tc.table_name) IN ('call_record', 'ledger_entry')
				  AND LOWER(k.column_name) IN ('org_id', 'file_id')""")) {
			while (rs.next()) {
				found.add(new String[] { rs.getString(1), rs.getString(2) });
			}
		}
		if (found.size() != 4) {
			throw new IllegalStateException(
					"expected the 4 foreign keys org_id/file_id of call_record and ledger_entry, found "
							+ found.size());
		}
		try (Statement st = con.createStatement()) {
			for (String[] fk : found) {
				st.execute("ALTER TABLE " + fk[0] + " DROP CONSTRAINT \"" + fk[1].replace("\"", "\"\"") + "\"");
			}
		}
	}

}
