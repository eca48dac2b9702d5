import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 14, the embedded database's floor: inserts the rows one hub run stored for one file (its call_record rows and
 * its ledger entries) into another H2 database made the same way (same schema, indexes and keys), by H2's own bulk
 * path: prepared INSERTs in JDBC batches of 5,000, one transaction, no hub. The rows are read into memory first; only
 * the inserts and the commit are timed. Used by scripts/bench-ratio.sh.
 *
 *   java -Xmx6g -cp h2.jar scripts/H2BulkFloor.java <source url> <target url> <file_id> [none|batch|all]
 *
 * The last argument orders the call_record rows by their key (org_id, usage_key): none (file order, default), each
 * batch of 5,000 sorted (what the hub can do), or all rows sorted (a whole file in memory).
 * -Dcommit.every=N commits after every N rows instead of once at the end (how big the files grow with shorter
 * transactions); the largest size of the target's .mv.db file during the run is printed too.
 */
public class H2BulkFloor {

	public static void main(String[] args) throws Exception {
		String source = args[0], target = args[1];
		long fileId = Long.parseLong(args[2]);
		String order = args.length > 3 ? args[3] : "none";
		List<Object[]> calls, entries;
		String callColumns, entryColumns;
		try (Connection s = DriverManager.getConnection(source, "sa", "")) {
			callColumns = columns(s, "call_record", "");
			entryColumns = columns(s, "ledger_entry", "entry_id");
			calls = rows(s, "SELECT " + callColumns + " FROM call_record WHERE file_id = " + fileId + " ORDER BY line_no");
			entries = rows(s, "SELECT " + entryColumns + " FROM ledger_entry WHERE file_id = " + fileId
					+ " ORDER BY entry_id");
		}
		int key = java.util.Arrays.asList(callColumns.toLowerCase().split(", ")).indexOf("usage_key");
		java.util.Comparator<Object[]> byKey = (a, b) -> {
			java.util.UUID x = (java.util.UUID) a[key], y = (java.util.UUID) b[key];
			int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
			return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
		};
		int no = java.util.Arrays.asList(callColumns.toLowerCase().split(", ")).indexOf("call_no");
		int entryNo = java.util.Arrays.asList(entryColumns.toLowerCase().split(", ")).indexOf("call_no");
		java.util.Map<Long, Long> renumbered = new java.util.HashMap<>();
		int size = order.startsWith("all") ? calls.size() : 5000;
		if (!order.startsWith("none")) {
			for (int i = 0; i < calls.size(); i += size) {
				List<Object[]> part = calls.subList(i, Math.min(calls.size(), i + size));
				List<Long> numbers = new ArrayList<>();
				part.forEach(r -> numbers.add(((Number) r[no]).longValue()));
				part.sort(byKey);
				if (order.endsWith("-renumber")) {
					// the call numbers of the part, given in key order: both keys of the table are inserted in order
					java.util.Collections.sort(numbers);
					for (int k = 0; k < part.size(); k++) {
						renumbered.put(((Number) part.get(k)[no]).longValue(), numbers.get(k));
						part.get(k)[no] = numbers.get(k);
					}
				}
			}
		}
		for (Object[] e : entries) {
			if (entryNo >= 0 && e[entryNo] != null && renumbered.containsKey(((Number) e[entryNo]).longValue())) {
				e[entryNo] = renumbered.get(((Number) e[entryNo]).longValue());
			}
		}
		long every = Long.getLong("commit.every", Long.MAX_VALUE);
		java.nio.file.Path mv = java.nio.file.Path.of(target.substring("jdbc:h2:file:".length()).split(";")[0] + ".mv.db");
		long[] peak = { 0 };
		Thread watch = new Thread(() -> {
			while (true) {
				try {
					peak[0] = Math.max(peak[0], java.nio.file.Files.size(mv));
					Thread.sleep(250);
				}
				catch (Exception e) {
					return;
				}
			}
		});
		watch.setDaemon(true);
		watch.start();
		try (Connection t = DriverManager.getConnection(target, "sa", "")) {
			t.setAutoCommit(false);
			COMMIT_EVERY = every;
			long start = System.nanoTime();
			insert(t, "call_record", callColumns, calls);
			long mid = System.nanoTime();
			insert(t, "ledger_entry", entryColumns, entries);
			long end = System.nanoTime();
			t.commit();
			long committed = System.nanoTime();
			System.out.printf("h2 floor (" + order + "): %d call_record rows %.2f s, %d ledger_entry rows %.2f s, commit %.2f s, "
					+ "total %.2f s%n", calls.size(), (mid - start) / 1e9, entries.size(), (end - mid) / 1e9,
					(committed - end) / 1e9, (committed - start) / 1e9);
		}
		peak[0] = Math.max(peak[0], java.nio.file.Files.size(mv));
		System.err.printf("h2 floor: commit every %s rows, data file at most %d MB during the run, %d MB after%n",
				every == Long.MAX_VALUE ? "(once)" : every, peak[0] >> 20, java.nio.file.Files.size(mv) >> 20);
	}

	static String columns(Connection c, String table, String except) throws Exception {
		List<String> names = new ArrayList<>();
		try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
			while (rs.next()) {
				if (!rs.getString("COLUMN_NAME").equalsIgnoreCase(except)) {
					names.add(rs.getString("COLUMN_NAME"));
				}
			}
		}
		return String.join(", ", names);
	}

	static List<Object[]> rows(Connection c, String sql) throws Exception {
		List<Object[]> rows = new ArrayList<>();
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			ResultSetMetaData md = rs.getMetaData();
			int n = md.getColumnCount();
			while (rs.next()) {
				Object[] r = new Object[n];
				for (int i = 0; i < n; i++) {
					r[i] = rs.getObject(i + 1);
				}
				rows.add(r);
			}
		}
		return rows;
	}

	static long COMMIT_EVERY = Long.MAX_VALUE;

	static long rowsSinceCommit;

	static void insert(Connection c, String table, String columns, List<Object[]> rows) throws Exception {
		int n = columns.split(",").length;
		try (PreparedStatement ps = c.prepareStatement(
				"INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(n - 1) + "?)")) {
			int k = 0;
			for (Object[] r : rows) {
				for (int i = 0; i < n; i++) {
					ps.setObject(i + 1, r[i]);
				}
				ps.addBatch();
				if (++k % 5000 == 0) {
					ps.executeBatch();
				}
				if (++rowsSinceCommit >= COMMIT_EVERY) {
					ps.executeBatch();
					c.commit();
					rowsSinceCommit = 0;
				}
			}
			ps.executeBatch();
		}
	}

}
