package io.creditshub.cli;

import io.creditshub.intake.InboxDrainer;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.system.Samples;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The soak of the embedded database (issue 11): many cycles of open, post a file, close,
 * reopen, check that every posted file, call and ledger entry is still there; with every
 * way the hub closes the database, and kill -9 at random moments.
 * docs/embedded-database.md has the figures.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
		description = "Soak the embedded database: cycles of open / post a CDR file / close / reopen / check that nothing "
				+ "posted went missing, closing it every way the hub does (database shutdown in a running hub, a command "
				+ "ending, 'run --once', SIGTERM of 'run', a CLI command beside 'run') and kill -9 at random moments. "
				+ "Exit 0 when every check held, 4 when one failed.")
class SoakCommand implements Callable<Integer> {

	enum Mode {

		/**
		 * In one running hub: post a file, then the database is shut down and reopened
		 * underneath it.
		 */
		HOT,
		/**
		 * A hub context in this process: post a file, close the context (its pool closes
		 * the database).
		 */
		CONTEXT,
		/** A child process 'run --once' posts a file and exits. */
		CHILD_ONCE,
		/** A child 'run' posts a file, a CLI command runs beside it, then SIGTERM. */
		CHILD_SIGTERM,
		/** A child read-only command ('reconcile'). */
		CHILD_READ,
		/**
		 * A child 'run --once' on a bigger file is killed with SIGKILL at a random moment
		 * (also during close).
		 */
		KILL

	}

	@ParentCommand
	HubCommand parent;

	@Option(names = "--home", paramLabel = "DIR",
			description = "Data folder of the soak (default: a new temporary folder).")
	Path home;

	@Option(names = "--cycles", defaultValue = "500",
			description = "Cycles in all, kill trials included (default: ${DEFAULT-VALUE}).")
	int cycles;

	@Option(names = "--kill-trials", defaultValue = "50",
			description = "How many cycles are kill -9 trials (default: ${DEFAULT-VALUE}).")
	int killTrials;

	@Option(names = "--child-every", defaultValue = "10",
			description = "Every Nth cycle runs the hub in a child process (the rest in this one; default: ${DEFAULT-VALUE}).")
	int childEvery;

	@Option(names = "--rows", defaultValue = "1000",
			description = "Calls per CDR file (kill trials: 5 times as many; default: ${DEFAULT-VALUE}).")
	int rows;

	@Option(names = "--seed", defaultValue = "11", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--keep-going", description = "Go on after a failed check (default: stop at the first).")
	boolean keepGoing;

	private Random random;

	private final Map<String, Integer> rowsBySha = new HashMap<>();

	private final Set<String> postedEver = new HashSet<>();

	/** Archived files do not change: hashed once. */
	private final Map<Path, String> archivedSha = new HashMap<>();

	private Map<String, Long> lastIds = new LinkedHashMap<>();

	private final Map<Mode, Integer> done = new EnumMap<>(Mode.class);

	private final Map<Mode, Long> millis = new EnumMap<>(Mode.class);

	private final List<String> failures = new ArrayList<>();

	private long killDelayMillis = 8000;

	private int fileNo;

	private ConfigurableApplicationContext hot;

	private final Set<Process> children = java.util.concurrent.ConcurrentHashMap.newKeySet();

	@Override
	public Integer call() throws Exception {
		// a child hub must not outlive the soak (it would hold the database of a folder
		// the next soak re-uses)
		Thread reaper = new Thread(() -> children.forEach(Process::destroyForcibly));
		Runtime.getRuntime().addShutdownHook(reaper);
		try {
			return soak();
		}
		finally {
			children.forEach(Process::destroyForcibly);
			Runtime.getRuntime().removeShutdownHook(reaper);
		}
	}

	private int soak() throws Exception {
		random = new Random(seed);
		if (home == null) {
			home = Files.createTempDirectory("credits-soak-");
		}
		home = home.toAbsolutePath().normalize();
		Files.createDirectories(home);
		parent.out.printf("soak: %d cycles (%d kill -9 trials), %d calls a file, data folder %s%n", cycles, killTrials,
				rows, home);
		long began = System.nanoTime();
		try {
			// cycle 0: the samples (rates, accounts, licenses, funds) through a child
			// 'run --once'
			Samples.copyInto(home.resolve("inbox"));
			int exit = child(List.of("run", "--once"), null, Duration.ofMinutes(5));
			check(0, Mode.CHILD_ONCE, "samples, exit " + exit);
			int killEvery = killTrials > 0 ? Math.max(1, cycles / killTrials) : Integer.MAX_VALUE;
			int kills = 0;
			for (int cycle = 1; cycle <= cycles && (keepGoing || failures.isEmpty()); cycle++) {
				Mode mode;
				if (kills < killTrials && cycle % killEvery == 0) {
					mode = Mode.KILL;
					kills++;
				}
				else if (cycle % childEvery == 0) {
					mode = switch ((cycle / childEvery) % 3) {
						case 0 -> Mode.CHILD_ONCE;
						case 1 -> Mode.CHILD_SIGTERM;
						default -> Mode.CHILD_READ;
					};
				}
				else {
					mode = cycle % 5 == 0 ? Mode.CONTEXT : Mode.HOT;
				}
				String what;
				long t0 = System.nanoTime();
				try {
					what = runCycle(mode);
				}
				catch (Exception e) {
					// a cycle that fails to run is a failure of the soak, not the end of
					// it
					what = "the cycle failed: " + e;
					failures.add("cycle " + cycle + " " + mode + ": " + e);
					parent.out.println("soak: FAILED cycle " + cycle + " " + mode + ": " + e);
					e.printStackTrace(parent.out);
					closeHot();
				}
				check(cycle, mode, what);
				done.merge(mode, 1, Integer::sum);
				millis.merge(mode, (System.nanoTime() - t0) / 1_000_000, Long::sum);
				if (cycle % 10 == 0 || cycle == cycles) {
					parent.out.printf("soak: cycle %d/%d, %d file(s) posted, %d failure(s), %.0f s%n", cycle, cycles,
							postedEver.size(), failures.size(), (System.nanoTime() - began) / 1e9);
				}
			}
		}
		finally {
			closeHot();
		}
		parent.out.printf("soak: done in %.0f s: %s; %d file(s) posted; %d failure(s)%n",
				(System.nanoTime() - began) / 1e9, done, postedEver.size(), failures.size());
		done.forEach(
				(m, n) -> parent.out.printf("  %-13s %4d cycle(s), %6.1f s each%n", m, n, millis.get(m) / 1000.0 / n));
		failures.forEach(f -> parent.out.println("  FAILED " + f));
		return failures.isEmpty() ? Launcher.OK : Launcher.MISMATCH;
	}

	private String runCycle(Mode mode) throws Exception {
		if (mode != Mode.HOT) {
			closeHot();
		}
		switch (mode) {
			case HOT -> {
				if (hot == null) {
					hot = Launcher.start(args(), true);
				}
				newFile(rows);
				List<IntakeOutcome> o = hot.getBean(InboxDrainer.class).drain();
				// shut the database down under the running hub: the pool's next
				// connection opens it again
				DataSource ds = hot.getBean(DataSource.class);
				try (Connection c = DriverManager.getConnection(url(), "sa", ""); Statement s = c.createStatement()) {
					s.execute("SHUTDOWN");
				}
				if (ds instanceof HikariDataSource h && h.getHikariPoolMXBean() != null) {
					h.getHikariPoolMXBean().softEvictConnections();
				}
				return outcomes(o);
			}
			case CONTEXT -> {
				newFile(rows);
				try (ConfigurableApplicationContext ctx = Launcher.start(args(), true)) {
					return outcomes(ctx.getBean(InboxDrainer.class).drain());
				}
			}
			case CHILD_ONCE -> {
				newFile(rows);
				long t = System.nanoTime();
				int exit = child(List.of("run", "--once"), null, Duration.ofMinutes(5));
				killDelayMillis = Math.max(2000, (System.nanoTime() - t) / 1_000_000);
				return "exit " + exit;
			}
			case CHILD_SIGTERM -> {
				Path file = newFile(rows);
				Process hub = start(List.of("run", "--server.port=0"));
				try {
					long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
					while (Files.exists(file) && System.nanoTime() < deadline && hub.isAlive()) {
						Thread.sleep(200);
					}
					// a command beside the running hub (through the database's
					// AUTO_SERVER port)
					int exit = child(List.of("files"), null, Duration.ofMinutes(2));
					hub.destroy(); // SIGTERM: the hub's shutdown hook closes the database
					if (!hub.waitFor(2, TimeUnit.MINUTES)) {
						hub.destroyForcibly();
						return "hub did not stop within 2 minutes of SIGTERM";
					}
					return "files beside run: exit " + exit + ", hub exit " + hub.exitValue();
				}
				finally {
					hub.destroyForcibly();
				}
			}
			case CHILD_READ -> {
				return "reconcile exit " + child(List.of("reconcile"), null, Duration.ofMinutes(2));
			}
			case KILL -> {
				newFile(rows * 5);
				long delay = (long) (random.nextDouble() * killDelayMillis * 2.5);
				int exit = child(List.of("run", "--once"), Duration.ofMillis(delay), Duration.ofMinutes(5));
				return "kill -9 after " + delay + " ms (exit " + exit + ")";
			}
			default -> throw new IllegalStateException(mode.name());
		}
	}

	private static String outcomes(List<IntakeOutcome> outcomes) {
		return outcomes.stream().map(o -> o.fileName() + " " + o.status()).toList().toString();
	}

	/**
	 * Writes the next CDR file of contoso into the inbox (as .part, then renamed) and
	 * remembers its rows by content.
	 */
	private Path newFile(int count) throws IOException {
		fileNo++;
		Path folder = home.resolve("inbox/cdr/contoso");
		Files.createDirectories(folder);
		Path target = folder.resolve(String.format("PSTN.calls.soak-%05d.csv", fileNo));
		Path part = target.resolveSibling(target.getFileName() + ".part");
		try (Writer w = new BufferedWriter(
				new OutputStreamWriter(Files.newOutputStream(part), StandardCharsets.UTF_8))) {
			w.write(GenerateCdrsCommand.HEADER);
			w.write("\r\n");
			new GenerateCdrsCommand.Generator(new Random(seed * 1_000_003L + fileNo),
					Instant.parse("2025-03-01T00:00:00Z").plus(Duration.ofHours(fileNo)))
				.write(w, count);
		}
		Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
		rowsBySha.put(sha(target), count);
		return target;
	}

	// --- the check after each cycle: plain JDBC on the same URL (one more open and close
	// of the database)

	private void check(int cycle, Mode mode, String what) {
		String url = url();
		try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
			List<String> problems = new ArrayList<>();
			Set<String> posted = new HashSet<>();
			long journalCalls = 0;
			try (ResultSet rs = s.executeQuery(
					"SELECT posted_sha256, rows_posted FROM ingest_file WHERE kind = 'CDR' AND posted_sha256 IS NOT NULL")) {
				while (rs.next()) {
					posted.add(rs.getString(1));
					journalCalls += rs.getLong(2);
				}
			}
			for (String sha : postedEver) {
				if (!posted.contains(sha)) {
					problems.add("a file posted earlier is gone (sha256 " + sha + ")");
				}
			}
			long expectedCalls = 0;
			for (String sha : posted) {
				Integer n = rowsBySha.get(sha);
				expectedCalls += n == null ? 0 : n;
			}
			long calls = single(s,
					"SELECT COUNT(*) FROM call_record WHERE file_id IN (SELECT file_id FROM ingest_file WHERE kind = 'CDR' AND posted_sha256 IS NOT NULL AND file_name LIKE 'PSTN.calls.soak-%')");
			long soakJournal = single(s,
					"SELECT COALESCE(SUM(rows_posted), 0) FROM ingest_file WHERE kind = 'CDR' AND posted_sha256 IS NOT NULL AND file_name LIKE 'PSTN.calls.soak-%'");
			long soakRead = single(s,
					"SELECT COALESCE(SUM(rows_read), 0) FROM ingest_file WHERE kind = 'CDR' AND posted_sha256 IS NOT NULL AND file_name LIKE 'PSTN.calls.soak-%'");
			if (calls != soakJournal || soakRead != expectedCalls) {
				problems.add("calls: database " + calls + ", journal posted " + soakJournal + ", journal rows read "
						+ soakRead + ", rows in the posted files " + expectedCalls);
			}
			long ledgerCalls = single(s, "SELECT COUNT(*) FROM ledger_entry WHERE call_no IS NOT NULL");
			long chargeable = single(s, "SELECT COUNT(*) FROM call_record WHERE rating_status = 'CHARGEABLE'");
			if (ledgerCalls > chargeable) {
				problems.add("usage ledger entries " + ledgerCalls + " > chargeable calls " + chargeable);
			}
			try (ResultSet rs = s.executeQuery("""
					SELECT o.org_id, o.balance,
					  (SELECT COALESCE(SUM(amount), 0) FROM ledger_entry l WHERE l.org_id = o.org_id),
					  (SELECT COALESCE(SUM(remaining), 0) FROM lot t WHERE t.org_id = o.org_id)
					FROM organization o""")) {
				while (rs.next()) {
					if (rs.getBigDecimal(2).compareTo(rs.getBigDecimal(3)) != 0
							|| rs.getBigDecimal(2).compareTo(rs.getBigDecimal(4)) != 0) {
						problems.add("rule 9 broken for " + rs.getString(1) + ": balance " + rs.getBigDecimal(2)
								+ ", ledger " + rs.getBigDecimal(3) + ", lots " + rs.getBigDecimal(4));
					}
				}
			}
			Map<String, Long> ids = new LinkedHashMap<>();
			ids.put("ingest_file", single(s, "SELECT COALESCE(MAX(file_id), 0) FROM ingest_file"));
			ids.put("ledger_entry", single(s, "SELECT COALESCE(MAX(entry_id), 0) FROM ledger_entry"));
			ids.put("calls", single(s, "SELECT COUNT(*) FROM call_record"));
			for (var e : ids.entrySet()) {
				Long before = lastIds.get(e.getKey());
				if (before != null && e.getValue() < before) {
					problems.add(e.getKey() + " went backwards: " + before + " -> " + e.getValue());
				}
			}
			for (Path f : archived()) {
				String sha = archivedSha.computeIfAbsent(f, SoakCommand::sha);
				if (rowsBySha.containsKey(sha) && !posted.contains(sha)) {
					problems.add("archived but not posted: " + home.relativize(f));
				}
			}
			lastIds = ids;
			postedEver.addAll(posted);
			if (!problems.isEmpty()) {
				String f = "cycle " + cycle + " " + mode + " (" + what + "): " + String.join("; ", problems);
				failures.add(f);
				parent.out.println("soak: FAILED " + f);
				keepEvidence(cycle);
			}
		}
		catch (SQLException e) {
			String f = "cycle " + cycle + " " + mode + " (" + what + "): database cannot be opened: " + e.getMessage();
			failures.add(f);
			parent.out.println("soak: FAILED " + f);
		}
	}

	private void keepEvidence(int cycle) {
		try {
			Path to = home.resolve("evidence/cycle-" + cycle);
			Files.createDirectories(to);
			try (Stream<Path> s = Files.list(home.resolve("db"))) {
				for (Path p : s.toList()) {
					Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException e) {
			parent.out.println("soak: could not keep the database files: " + e);
		}
	}

	private List<Path> archived() {
		Path a = home.resolve("archive");
		if (!Files.isDirectory(a)) {
			return List.of();
		}
		try (Stream<Path> s = Files.walk(a)) {
			return s.filter(Files::isRegularFile)
				.filter(p -> p.getFileName().toString().matches("PSTN\\.calls\\.soak-.*\\.csv"))
				.toList();
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static long single(Statement s, String sql) throws SQLException {
		try (ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static String sha(Path p) {
		try {
			return io.creditshub.audit.Auditor.sha256(p);
		}
		catch (RuntimeException e) {
			return "unreadable " + p;
		}
	}

	// --- processes

	/**
	 * The Spring arguments of this soak's hubs: the caller's, with the soak's data
	 * folder.
	 */
	private List<String> args() {
		List<String> a = new ArrayList<>(parent.springArgs);
		a.removeIf(s -> s.startsWith("--credits.home="));
		a.add("--credits.home=" + home);
		return a;
	}

	/**
	 * The database URL the hubs use (the default one unless the caller gave
	 * spring.datasource.url).
	 */
	private String url() {
		for (String a : parent.springArgs) {
			if (a.startsWith("--spring.datasource.url=")) {
				return a.substring("--spring.datasource.url=".length()).replace("${credits.home}", home.toString());
			}
		}
		return "jdbc:h2:file:" + home + "/db/credits-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE;MAX_COMPACT_TIME=0;WRITE_DELAY=0";
	}

	private Process start(List<String> command) throws IOException {
		List<String> cmd = new ArrayList<>(javaCommand());
		cmd.addAll(command);
		cmd.addAll(args());
		Path log = home.resolve("soak-child.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		children.add(p);
		p.onExit().thenRun(() -> children.remove(p));
		return p;
	}

	/**
	 * Runs a child hub command; with {@code killAfter}, kills it with SIGKILL then (if
	 * still running).
	 */
	private int child(List<String> command, Duration killAfter, Duration timeout)
			throws IOException, InterruptedException {
		Process p = start(command);
		if (killAfter != null) {
			if (!p.waitFor(killAfter.toMillis(), TimeUnit.MILLISECONDS)) {
				p.destroyForcibly(); // SIGKILL on Linux
				p.waitFor();
				return -9;
			}
			return p.exitValue();
		}
		if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			p.destroyForcibly();
			return -1;
		}
		return p.exitValue();
	}

	/**
	 * This JVM's java, with the jar (java -jar) or the class path it was started with.
	 */
	static List<String> javaCommand() {
		String java = ProcessHandle.current().info().command().orElse("java");
		String cp = System.getProperty("java.class.path");
		if (cp.endsWith(".jar") && !cp.contains(File.pathSeparator) && springBootJar(cp)) {
			return List.of(java, "-Xmx512m", "-jar", cp);
		}
		return List.of(java, "-Xmx512m", "-cp", expand(cp), "io.creditshub.CreditsHubApplication");
	}

	/**
	 * A test runner's class path may be one manifest-only jar whose Class-Path lists the
	 * real entries: those, each once (a child with the manifest jar itself would see the
	 * routes twice).
	 */
	private static String expand(String cp) {
		if (!cp.endsWith(".jar") || cp.contains(File.pathSeparator)) {
			return String.join(File.pathSeparator,
					java.util.Arrays.stream(cp.split(File.pathSeparator))
						.filter(e -> !e.contains("test-classes"))
						.toList());
		}
		try (java.util.jar.JarFile f = new java.util.jar.JarFile(cp)) {
			String listed = f.getManifest() == null ? null : f.getManifest().getMainAttributes().getValue("Class-Path");
			if (listed == null) {
				return cp;
			}
			java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>();
			for (String u : listed.trim().split("\\s+")) {
				if (u.contains("test-classes")) {
					continue; // the hub alone: test configurations would be scanned as
								// the hub's own
				}
				entries.add(Path.of(java.net.URI.create(u).isAbsolute() ? java.net.URI.create(u)
						: Path.of(cp).toAbsolutePath().getParent().toUri().resolve(u))
					.toString());
			}
			return String.join(File.pathSeparator, entries);
		}
		catch (IOException | IllegalArgumentException e) {
			return cp;
		}
	}

	/**
	 * The hub's executable jar (not, e.g., a test runner's manifest-only class-path jar).
	 */
	private static boolean springBootJar(String jar) {
		try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar)) {
			return f.getManifest() != null && f.getManifest().getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException e) {
			return false;
		}
	}

	private void closeHot() {
		if (hot != null) {
			hot.close();
			hot = null;
		}
	}

}
