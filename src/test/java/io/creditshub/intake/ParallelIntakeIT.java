package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 13, "several files at once": the inbox route takes files of different
 * organizations in parallel (credits.intake.concurrency), the files of one organization
 * one after another in name order, each in its own transaction; every call posted once,
 * books balanced (DOMAIN rules 9 and 10).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = { "credits.intake.concurrency=3",
		"credits.intake.cdr-uri=file:${credits.home}/inbox/cdr?recursive=true&move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&antExclude=**/*.part&delay=200&sortBy=file:name&maxMessagesPerPoll=1&eagerMaxMessagesPerPoll=false&greedy=true" })
class ParallelIntakeIT extends HubIntegrationTest {

	static final int ORGS = 8;

	static final int FILES = 3;

	static final int CALLS = 1500;

	@Autowired
	CamelContext camel;

	@Autowired
	IntakeLanes lanes;

	@BeforeAll
	void organizations() {
		loadReferenceData();
		StringBuilder accounts = new StringBuilder("Organization Id,Name,Currency,Country\n");
		StringBuilder funds = new StringBuilder("Organization Id,Amount,Currency,Purchased At,Order Reference\n");
		for (int o = 0; o < ORGS; o++) {
			accounts.append("par-").append(o).append(",Parallel ").append(o).append(",USD,US\n");
			funds.append("par-").append(o).append(",500.00,USD,2025-01-15T00:00:00Z,PAR-").append(o).append('\n');
		}
		drop("accounts/parallel.csv", accounts.toString());
		drop("funds/parallel.csv", funds.toString());
		assertThat(drain()).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
	}

	@Test
	void filesOfSeveralOrganizationsAtOnceAndInNameOrderWithinEach() throws Exception {
		// written aside, then moved in, so that every file waits before the route starts
		Path staging = Files.createTempDirectory("parallel-staging");
		List<Path[]> moves = new ArrayList<>();
		for (int o = 0; o < ORGS; o++) {
			for (int f = 1; f <= FILES; f++) {
				String[] calls = new String[CALLS];
				for (int c = 0; c < CALLS; c++) {
					calls[c] = "p" + o + "-" + f + "-" + c + ",user_out,+12065550100,2025-03-0" + f + "T08:"
							+ String.format("%02d", c % 60) + ":" + String.format("%02d", (c / 60) % 60) + "Z,30";
				}
				Path file = Files.writeString(staging.resolve("par-" + o + "-" + f + ".csv"), teamsExport(calls));
				moves.add(new Path[] { file,
						folders.inbox().resolve("cdr/par-" + o + "/PSTN.calls.2025-03-0" + f + ".csv") });
			}
		}
		for (Path[] m : moves) {
			Files.createDirectories(m[1].getParent());
			Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE);
		}
		Thread.sleep(400); // older than the read lock's minimum age
		camel.getRouteController().startRoute("intake-cdr-folder");
		try {
			await().atMost(Duration.ofSeconds(180))
				.until(() -> count(
						"SELECT COUNT(*) FROM ingest_file WHERE org_id LIKE 'par-%' AND status = 'POSTED'") == ORGS
								* FILES);
		}
		finally {
			camel.getRouteController().stopRoute("intake-cdr-folder");
		}

		assertThat(lanes.peak()).as("files processed at once").isBetween(2, 3);
		for (int o = 0; o < ORGS; o++) {
			String org = "par-" + o;
			// the journal's ids are taken when a file's transaction starts: in name order
			// within the organization
			List<String> byId = jdbc
				.sql("SELECT file_name FROM ingest_file WHERE org_id = :o AND status = 'POSTED' ORDER BY file_id")
				.param("o", org)
				.query(String.class)
				.list();
			assertThat(byId).as(org).isSorted().hasSize(FILES);
			assertThat(count("SELECT COUNT(*) FROM call_record WHERE org_id = '" + org + "'")).isEqualTo(FILES * CALLS);
			assertThat(ledgerSum(org)).as(org + ": rule 9").isEqualByComparingTo(lotsSum(org));
			assertThat(ledgerSum(org)).isEqualByComparingTo(balance(org));
		}
		assertThat(drainer.waiting(FileKind.CDR)).isEmpty();
		try (var archived = Files.walk(folders.archive())) {
			assertThat(archived.filter(p -> p.toString().contains("/cdr/par-") && p.toString().endsWith(".csv")))
				.hasSize(ORGS * FILES);
		}
	}

}
