package io.creditshub.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Gives back the free space of the embedded database offline (issue 11), instead of H2's
 * compaction on close at every close (which lost committed data in h2database issues
 * 4247, 3765 and 4123: it moved chunks inside the file). Here H2 copies the live pages of
 * the database into a new file ({@code SHUTDOWN COMPACT}, the store tool's page copy),
 * once, on request, with the database locked; every table's row count and the ledger's
 * and lots' sums are compared afterwards, and the old file is kept in db/backup/ (and put
 * back if they differ).
 * <p>
 * Issue 14: a big CDR file leaves most of the file free (H2 writes its pages anew while
 * it loads: 4.1 GB of file for 0.6 GB of data after 1,000,000 calls). The page copy takes
 * about 20 s for that file and needs little memory; the earlier export to SQL and load
 * back took 200 s and 4 GB of memory, and grew the new file almost as much (3.6 GB).
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
		description = "Embedded database only, with the hub stopped: copy the database into a new, compact file, verify "
				+ "every table's row count and the ledger's sums, then swap it in (the old file stays in db/backup/).")
class CompactCommand implements Callable<Integer> {

	private static final String FLAGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;MAX_COMPACT_TIME=0;WRITE_DELAY=0";

	@ParentCommand
	HubCommand parent;

	@Override
	public Integer call() throws Exception {
		Path lock = EmbeddedDatabaseGate.lockFile(parent.springArgs);
		Path db = lock.getParent();
		Path file = db.resolve("credits-hub.mv.db");
		if (!Files.exists(file)) {
			System.err.println("no embedded database at " + file);
			return Launcher.NOT_FOUND;
		}
		if (EmbeddedDatabaseGate.served(lock)) {
			System.err.println("the embedded database is open in another process (a running hub?): stop it first");
			return Launcher.FAILED;
		}
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
			.withZone(ZoneOffset.UTC)
			.format(Instant.now());
		// what the earlier version of this command (SQL export and load) left when it was
		// stopped: its work folder, with the export and a half-loaded copy
		try (var earlier = Files.list(db)) {
			for (Path left : earlier.filter(p -> p.getFileName().toString().startsWith("compact-")).toList()) {
				try (var files = Files.list(left)) {
					for (Path f : files.toList()) {
						Files.delete(f);
					}
				}
				Files.delete(left);
				parent.out.println("compact: removed what an earlier, interrupted compact left: " + left);
			}
		}
		long before = Files.size(file);
		long began = System.nanoTime();
		Path backup = Files.createDirectories(db.resolve("backup"));
		// a compact stopped before its rename leaves a backup name of the database file
		// itself (the same file: not a backup)
		try (var names = Files.list(backup)) {
			for (Path name : names.toList()) {
				if (Files.isSameFile(name, file)) {
					Files.delete(name);
					parent.out.println("compact: removed " + name + ", a second name of the database file left by an "
							+ "interrupted compact");
				}
			}
		}
		Path kept = backup.resolve("credits-hub-" + stamp + ".mv.db");
		String url = "jdbc:h2:file:" + db.resolve("credits-hub") + FLAGS;
		Map<String, String> old;
		// The database is opened by this process alone (no AUTO_SERVER) and stays locked
		// until the compaction is over: a hub or a command started meanwhile waits for it
		// (H2 releases its lock file only after SHUTDOWN COMPACT has copied the live
		// pages
		// into a new file and renamed it over the old name). The old file keeps a second
		// name in backup/ (a hard link: the same file, so it is the closed database as it
		// was; else a copy), so whenever this stops (kill -9, a full disk, power) the
		// database file is the old one or the new one, and the old one is kept.
		try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
			old = fingerprint(s);
			try {
				Files.createLink(kept, file);
			}
			catch (java.io.IOException | UnsupportedOperationException e) {
				s.execute("CHECKPOINT SYNC");
				Files.copy(file, kept);
			}
			try {
				s.execute("SHUTDOWN COMPACT");
			}
			catch (SQLException e) {
				// the copy failed (the database was closed as it was); H2 would also
				// remove the half-made copy when it next opens the database
				Files.deleteIfExists(Path.of(file + ".tempFile"));
				Files.deleteIfExists(kept);
				Throwable cause = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e);
				// H2 says "Writing to ... failed" without the system's "No space left on
				// device": the free space tells (the copy needs up to the live size)
				long free = Files.getFileStore(db).getUsableSpace();
				parent.out.printf("compact: the copy failed (%s; %,d MB free in %s); the database is as it was%n",
						cause.getMessage(), free >> 20, db);
				return Launcher.FAILED;
			}
		}
		Map<String, String> copy;
		try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
			copy = fingerprint(s);
		}
		if (!old.equals(copy)) {
			// never seen; the old file goes back in place, in one rename
			Files.move(kept, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			parent.out.println("compact: the compacted database differs from the old one: the old one is back");
			old.forEach((k, v) -> {
				if (!v.equals(copy.get(k))) {
					parent.out.printf("  %s: database %s, copy %s%n", k, v, copy.get(k));
				}
			});
			return Launcher.MISMATCH;
		}
		parent.out.printf(
				"compact: %d table(s) verified (%s rows), %,d -> %,d bytes in %.1f s; the old file is %s "
						+ "(delete it once the hub runs well)%n",
				old.size() - 1, old.get("~rows"), before, Files.size(file), (System.nanoTime() - began) / 1e9, kept);
		return Launcher.OK;
	}

	/**
	 * Every table's row count, the ledger's and lots' sums and the identity sequences.
	 */
	static Map<String, String> fingerprint(Statement s) throws SQLException {
		Map<String, String> f = new TreeMap<>();
		List<String> tables = new java.util.ArrayList<>();
		try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
				+ "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
		}
		long total = 0;
		for (String t : tables) {
			try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + t + "\"")) {
				rs.next();
				f.put(t, Long.toString(rs.getLong(1)));
				total += rs.getLong(1);
			}
		}
		f.put("~rows", Long.toString(total));
		if (tables.contains("ledger_entry")) {
			try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(unfunded_amount), 0), "
					+ "COALESCE(MAX(entry_id), 0) FROM ledger_entry")) {
				rs.next();
				f.put("ledger_entry sums", rs.getBigDecimal(1).stripTrailingZeros().toPlainString() + " / "
						+ rs.getBigDecimal(2).stripTrailingZeros().toPlainString() + " / max id " + rs.getLong(3));
			}
			try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(remaining), 0) FROM lot")) {
				rs.next();
				f.put("lot remaining", rs.getBigDecimal(1).stripTrailingZeros().toPlainString());
			}
		}
		return f;
	}

}
