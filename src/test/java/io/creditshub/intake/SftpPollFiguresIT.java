package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.support.EmbeddedSftpServer;
import io.creditshub.support.HubIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 13's figure (printed, not timed): 20 small CDR files of 10 organizations that
 * appear on a carrier's SFTP server (embedded Apache MINA SSHD) at once, against the
 * slowest of single files; all posted once each. Run alone:
 * {@code mvn verify -DskipUTs=true -Dit.test=SftpPollFiguresIT}; the figures are in
 * docs/BENCHMARK.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpPollFiguresIT extends HubIntegrationTest {

	static final EmbeddedSftpServer SERVER = new EmbeddedSftpServer();

	static Path carrierHome;

	@Autowired
	CamelContext camel;

	@DynamicPropertySource
	static void carrier(DynamicPropertyRegistry registry) {
		Path key = SERVER.userWithKey("carrier");
		carrierHome = SERVER.home("carrier");
		SERVER.start();
		String p = "credits.carriers[0].";
		registry.add(p + "name", () -> "figures");
		registry.add(p + "host", () -> "127.0.0.1");
		registry.add(p + "port", SERVER::port);
		registry.add(p + "user", () -> "carrier");
		registry.add(p + "private-key-file", key::toString);
		registry.add(p + "known-hosts-file", () -> SERVER.knownHosts().toString());
		registry.add(p + "licenses-folder", () -> "");
		registry.add(p + "outbound-folder", () -> "");
		// a file must be 2 s old before it is taken (the production default is 30 s),
		// polls every second
		registry.add(p + "poll-delay", () -> "1s");
		registry.add(p + "read-lock-check-interval", () -> "2s");
		registry.add(p + "read-lock-timeout", () -> "30s");
	}

	@BeforeAll
	void organizations() throws Exception {
		loadReferenceData();
		StringBuilder accounts = new StringBuilder("Organization Id,Name,Currency,Country\n");
		StringBuilder funds = new StringBuilder("Organization Id,Amount,Currency,Purchased At,Order Reference\n");
		for (int o = 0; o < 13; o++) {
			accounts.append("sftp-").append(o).append(",Sftp ").append(o).append(",USD,US\n");
			funds.append("sftp-").append(o).append(",50.00,USD,2025-01-15T00:00:00Z,SF-").append(o).append('\n');
		}
		drop("accounts/sftp.csv", accounts.toString());
		drop("funds/sftp.csv", funds.toString());
		assertThat(drain()).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
		camel.getRouteController().startAllRoutes();
	}

	@AfterAll
	void stopServer() {
		SERVER.close();
	}

	@Test
	void twentyFilesOfTenOrganizationsInOnePollAgainstSingleFiles() throws Exception {
		List<Double> singles = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String org = "sftp-" + (10 + i);
			singles.add(appearAndWait(List.of(org + "/PSTN.calls.single.csv"), 1));
		}
		List<String> twenty = new ArrayList<>();
		for (int o = 0; o < 10; o++) {
			twenty.add("sftp-" + o + "/PSTN.calls.2025-03-03.csv");
			twenty.add("sftp-" + o + "/PSTN.calls.2025-03-04.csv");
		}
		double all = appearAndWait(twenty, 20);
		double slowest = singles.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		System.out.printf("SFTP poll figures: single files %s s (slowest %.2f s); 20 files of 10 organizations %.2f s: "
				+ "%.2f x the slowest single file%n", singles, slowest, all, all / slowest);
		assertThat(count(
				"SELECT COUNT(*) FROM ingest_file WHERE org_id LIKE 'sftp-%' AND kind = 'CDR' AND status = 'POSTED'"))
			.isEqualTo(23);
		assertThat(count("SELECT COUNT(*) FROM call_record WHERE org_id LIKE 'sftp-%'")).isEqualTo(23 * 5);
		for (int o = 0; o < 13; o++) {
			assertThat(ledgerSum("sftp-" + o)).isEqualByComparingTo(lotsSum("sftp-" + o));
		}
	}

	/**
	 * Files written aside, then moved under the drop folder together; seconds until all
	 * are posted.
	 */
	private double appearAndWait(List<String> files, int expected) throws IOException {
		long before = count(
				"SELECT COUNT(*) FROM ingest_file WHERE org_id LIKE 'sftp-%' AND kind = 'CDR' AND status = 'POSTED'");
		Path staging = Files.createTempDirectory("sftp-staging");
		List<Path[]> moves = new ArrayList<>();
		int n = 0;
		for (String f : files) {
			String prefix = "u" + (n++) + "-" + f.replace('/', '-');
			String[] calls = new String[5];
			for (int c = 0; c < calls.length; c++) {
				calls[c] = prefix + "-" + c + ",user_out,+12065550100,2025-03-03T08:0" + c + ":00Z,60";
			}
			moves.add(new Path[] { Files.writeString(staging.resolve(prefix), teamsExport(calls)),
					carrierHome.resolve("cdr/" + f) });
		}
		long start = System.nanoTime();
		for (Path[] m : moves) {
			Files.createDirectories(m[1].getParent());
			Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE);
		}
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> count(
					"SELECT COUNT(*) FROM ingest_file WHERE org_id LIKE 'sftp-%' AND kind = 'CDR' AND status = 'POSTED'") == before
							+ expected);
		return (System.nanoTime() - start) / 1e9;
	}

}
