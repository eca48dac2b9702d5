import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * How fast embedded H2 itself inserts rows, without the hub: 1,000,000 narrow rows (org, usage id, two numbers) in
 * JDBC batches of 5,000 into a file database, (a) with no key, (b) with the unique key (org_id, usage_id) that
 * DOMAIN rule 10 puts on call_record and ledger_entry, usage ids random UUIDs as in Teams exports, (c) the same key
 * with the ids inserted in sorted order. Run (docs/BENCHMARK.md):
 *
 *   java -cp ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar docs/bench/H2UniqueKeyCeiling.java
 */
public class H2UniqueKeyCeiling {

	public static void main(String[] args) throws Exception {
		int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		Random random = new Random(42);
		String[] ids = new String[rows];
		for (int i = 0; i < rows; i++) {
			ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
		}
		String[] sorted = ids.clone();
		Arrays.sort(sorted);
		run("no key", "", ids);
		run("unique (org_id, usage_id), random ids", ", PRIMARY KEY (org_id, usage_id)", ids);
		run("unique (org_id, usage_id), sorted ids", ", PRIMARY KEY (org_id, usage_id)", sorted);
	}

	static void run(String label, String key, String[] ids) throws Exception {
		Path dir = Files.createTempDirectory("h2ceiling");
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
			c.createStatement().execute("CREATE TABLE t (org_id varchar(64) NOT NULL, usage_id varchar(100) NOT NULL, "
					+ "line_no integer, charge numeric(24,9)" + key + ")");
			c.setAutoCommit(false);
			long t0 = System.nanoTime();
			try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
				for (int i = 0; i < ids.length; i++) {
					p.setString(1, "contoso");
					p.setString(2, ids[i]);
					p.setInt(3, i + 1);
					p.setBigDecimal(4, new java.math.BigDecimal("0.123"));
					p.addBatch();
					if ((i + 1) % 5000 == 0) {
						p.executeBatch();
					}
				}
				p.executeBatch();
			}
			c.commit();
			double s = (System.nanoTime() - t0) / 1e9;
			System.out.printf("%-42s %,d rows in %.1f s: %,d rows/s%n", label, ids.length, s, Math.round(ids.length / s));
		}
	}

}
