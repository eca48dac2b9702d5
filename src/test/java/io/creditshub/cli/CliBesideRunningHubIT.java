package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.creditshub.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: commands run beside a hub that is running on the embedded database (another
 * process holds the file): through H2's AUTO_SERVER port, never "Database may be already
 * in use", and the hub goes on posting.
 */
class CliBesideRunningHubIT {

	@TempDir
	Path home;

	@Test
	void readAndWriteCommandsWorkWhileTheHubRuns() throws Exception {
		assumeFalse(TestDatabase.postgres(), "the embedded database's case");
		String[] db = TestDatabase.arguments(home);
		List<String> cmd = new ArrayList<>(SoakCommand.javaCommand());
		cmd.addAll(List.of("run", "--with-samples", "--server.port=0", "--credits.home=" + home));
		Path log = home.resolveSibling(home.getFileName() + "-hub.log");
		Process hub = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			await().atMost(Duration.ofMinutes(4))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> !hub.isAlive()
						|| Files.readString(log, StandardCharsets.UTF_8).contains("credits-hub is watching"));
			assertThat(hub.isAlive()).as("the hub is running: %s", Files.readString(log)).isTrue();

			CliRunner.Result balance = CliRunner.run(db, "balance", "contoso");
			assertThat(balance.code()).as(balance.err()).isZero();
			assertThat(balance.out()).startsWith("contoso USD ");
			CliRunner.Result files = CliRunner.run(db, "files");
			assertThat(files.code()).as(files.err()).isZero();
			assertThat(files.out()).contains("PSTN.calls.2025-03-03.csv");
			CliRunner.Result report = CliRunner.run(db, "report", "--org", "contoso", "--month", "2025-03");
			assertThat(report.code()).as(report.err()).isZero();
			CliRunner.Result funds = CliRunner.run(db, "funds", "add", "fabrikam", "20.00", "--reference", "BESIDE-1");
			assertThat(funds.code()).as(funds.out() + funds.err()).isZero();
			assertThat(CliRunner.run(db, "balance", "fabrikam").out()).startsWith("fabrikam EUR 20.00");
			for (CliRunner.Result r : List.of(balance, files, report, funds)) {
				assertThat(r.out() + r.err()).doesNotContain("already in use", "file is locked");
			}

			// the hub's next file still posts
			assertThat(CliRunner
				.run(db, "generate-cdrs", "--rows", "50", "--seed", "3", "--out",
						home.resolve("inbox/cdr/contoso/PSTN.calls.beside.csv").toString())
				.code()).isZero();
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> archived(home, "PSTN.calls.beside.csv"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> CliRunner.run(db, "files")
					.out()
					.lines()
					.anyMatch(l -> l.contains("PSTN.calls.beside.csv") && l.contains("POSTED")));
		}
		finally {
			hub.destroy();
			if (!hub.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
				hub.destroyForcibly();
			}
		}
		// after the hub stopped, the books are whole
		assertThat(CliRunner.run(db, "audit").code()).isZero();
		assertThat(CliRunner.run(db, "reconcile").code()).isZero();
	}

	private static boolean archived(Path home, String name) throws java.io.IOException {
		try (Stream<Path> s = Files.walk(home.resolve("archive"))) {
			return s.anyMatch(p -> p.getFileName().toString().equals(name));
		}
	}

}
