package db.migration;

import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 2 (CDR throughput), PostgreSQL only: the keys that make a call charged once,
 * (org_id, usage_id) of call_record and ledger_entry (DOMAIN rule 10), compare in byte
 * order (COLLATE "C") instead of the database's locale. Every call inserts into both
 * unique indexes; with a locale collation each of the ~20 comparisons per insert goes
 * through strcoll, which measured at 80 % of the time the server spends inserting a
 * ledger row (docs/BENCHMARK.md). UsageIds and organization ids are opaque ASCII ids:
 * byte order is their natural order and equality is unchanged. H2 already compares these
 * strings by code point: nothing to do there.
 */
public class V20261126_41__call_keys_in_byte_order_on_postgresql extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		if (!product.contains("postgres")) {
			return;
		}
		try (Statement st = context.getConnection().createStatement()) {
			for (String table : new String[] { "lot_allocation", "ledger_entry", "call_record" }) {
				st.execute("ALTER TABLE " + table + " ALTER COLUMN org_id TYPE varchar(64) COLLATE \"C\", "
						+ "ALTER COLUMN usage_id TYPE varchar(100) COLLATE \"C\"");
			}
		}
	}

}
