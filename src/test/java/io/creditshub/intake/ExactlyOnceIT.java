package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import io.creditshub.config.CreditsProperties;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** DOMAIN rule 10: a CDR is charged once, whatever happens. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceIT extends HubIntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	io.creditshub.system.CrashPoints crashPoints;

	@Autowired
	CreditsProperties properties;

	@Autowired
	IntakeService intake;

	static final String FILE = teamsExport( //
			"u-1,user_out,+12065550100,2025-03-03T08:00:00Z,61", // 2 min * 0.06 = 0.12
			"u-2,user_out,+442079460000,2025-03-03T08:05:00Z,30", // 30 s * 0.12/60 = 0.06
			"u-3,user_in,+14255550100,2025-03-03T08:10:00Z,100", // inbound: free
			"u-4,user_out,+12065550101,2025-03-03T08:20:00Z,600", // 10 min * 0.06 = 0.60
			"u-5,user_out,+12065550102,2025-03-03T08:30:00Z,1", // 1 min = 0.06
			"u-6,user_out,+442079460001,2025-03-03T08:40:00Z,90"); // 90 * 0.002 = 0.18

	@BeforeAll
	void reference() {
		loadReferenceData();
		drop("accounts/more.csv", """
				Organization Id,Name,Currency,Country
				clean,Clean Run Co,USD,US
				crashy,Crashy Run Co,USD,US
				twin,Two Instances Co,USD,US
				""");
		drop("funds/more.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				clean,0.50,USD,2025-01-01T00:00:00Z,C-1
				clean,5.00,USD,2025-02-01T00:00:00Z,C-2
				crashy,0.50,USD,2025-01-01T00:00:00Z,C-1
				crashy,5.00,USD,2025-02-01T00:00:00Z,C-2
				twin,5.00,USD,2025-02-01T00:00:00Z,T-1
				""");
		assertThat(drain()).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
	}

	@AfterEach
	void noFailureHook() {
		crashPoints.failAfterRows(0);
	}

	@Test
	void theSameFileDroppedTwiceIsChargedOnce() {
		drop("cdr/acme/PSTN.calls.2025-03-03.csv", FILE);
		assertThat(drain()).singleElement().extracting(IntakeOutcome::status).isEqualTo(IntakeOutcome.Status.POSTED);
		BigDecimal after = balance("acme");
		long entries = count("SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'acme'");
		// 10.00 - (0.12 + 0.06 + 0.60 + 0.06 + 0.18) = 8.98
		assertThat(after).isEqualByComparingTo("8.98");

		// same name again, and the same content under another name
		drop("cdr/acme/PSTN.calls.2025-03-03.csv", FILE);
		drop("cdr/acme/PSTN.calls.2025-03-03 (1).csv", FILE);
		List<IntakeOutcome> again = drain();
		assertThat(again).hasSize(2).allMatch(o -> o.status() == IntakeOutcome.Status.DUPLICATE);
		assertThat(again).allSatisfy(o -> {
			assertThat(o.movedTo()).exists();
			assertThat(o.movedTo().resolveSibling(o.movedTo().getFileName() + ".duplicate.txt")).exists();
		});
		assertThat(balance("acme")).isEqualByComparingTo(after);
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'acme'")).isEqualTo(entries);
	}

	@Test
	void theSameUsageIdInAnotherFileIsChargedOnce() throws Exception {
		drop("cdr/globex/day1.csv", teamsExport("g-1,user_out,+4930123456,2025-03-03T08:00:00Z,60"));
		drain();
		assertThat(balance("globex")).isEqualByComparingTo("9.94");
		drop("cdr/globex/day2.csv", teamsExport("g-1,user_out,+4930123456,2025-03-03T08:00:00Z,60",
				"g-2,user_out,+4930123457,2025-03-03T09:00:00Z,120"));
		IntakeOutcome day2 = drain().get(0);
		assertThat(day2.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(day2.posted()).isEqualTo(1);
		assertThat(day2.rejected()).isEqualTo(1);
		assertThat(Files.readString(day2.movedTo().resolveSibling(day2.fileName() + ".rejects.csv")))
			.contains("2,g-1,UsageId already recorded from an earlier file");
		// 10.00 - 0.06 (g-1) - 0.12 (g-2)
		assertThat(balance("globex")).isEqualByComparingTo("9.82");
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'globex' AND usage_id = 'g-1'")).isEqualTo(1);
	}

	@Test
	void aCrashHalfwayThroughAFileLeavesNoTraceAndTheRetryMatchesACleanRun() {
		drop("cdr/clean/f.csv", FILE);
		assertThat(drain()).singleElement().extracting(IntakeOutcome::status).isEqualTo(IntakeOutcome.Status.POSTED);

		BigDecimal before = balance("crashy");
		crashPoints.failAfterRows(4); // the transaction aborts while reading row 5
		Path file = drop("cdr/crashy/f.csv", FILE);
		IntakeOutcome crashed = drain().get(0);
		assertThat(crashed.status()).isEqualTo(IntakeOutcome.Status.FAILED);
		assertThat(file).exists(); // never removed before its effects are committed
		assertThat(count("SELECT COUNT(*) FROM call_record WHERE org_id = 'crashy'")).isZero();
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'crashy' AND usage_id IS NOT NULL")).isZero();
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'crashy'")).isZero();
		assertThat(balance("crashy")).isEqualByComparingTo(before);

		crashPoints.failAfterRows(0); // the hub restarts
		assertThat(drain()).singleElement().extracting(IntakeOutcome::status).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(ledgerOf("crashy")).isEqualTo(ledgerOf("clean"));
		assertThat(balance("crashy")).isEqualByComparingTo(balance("clean"));
		// 0.50 + 5.00 - 1.02 = 4.48; the 0.50 lot (earlier expiry) is used up first, u-4
		// spans both lots
		assertThat(balance("crashy")).isEqualByComparingTo("4.48");
		assertThat(count("SELECT COUNT(*) FROM lot_allocation WHERE org_id = 'crashy'")).isEqualTo(2);
	}

	@Test
	void twoInstancesRacingOnTheSameContentChargeOnce() throws Exception {
		Path a = drop("cdr/twin/a.csv", FILE);
		Path b = drop("cdr/twin/b.csv", FILE);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<IntakeOutcome>> futures = new ArrayList<>();
		for (Path p : List.of(a, b)) {
			futures.add(pool.submit((Callable<IntakeOutcome>) () -> {
				try {
					return intake.process(p, FileKind.CDR);
				}
				catch (RuntimeException e) {
					return new IntakeOutcome(FileKind.CDR, "twin", p.getFileName().toString(),
							IntakeOutcome.Status.FAILED, 0, 0, 0, e.toString(), p, 0);
				}
			}));
		}
		List<IntakeOutcome.Status> statuses = new ArrayList<>();
		for (Future<IntakeOutcome> f : futures) {
			statuses.add(f.get().status());
		}
		pool.shutdown();
		drain(); // a loser that failed (lock timeout) is retried and found to be a
					// duplicate
		assertThat(statuses).containsOnlyOnce(IntakeOutcome.Status.POSTED);
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'twin' AND status = 'POSTED'")).isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'twin' AND usage_id IS NOT NULL"))
			.isEqualTo(5);
		assertThat(balance("twin")).isEqualByComparingTo("3.98");
		assertThat(ledgerSum("twin")).isEqualByComparingTo(lotsSum("twin"));
	}

	private List<String> ledgerOf(String org) {
		return jdbc.sql("""
				SELECT e.entry_type, e.amount, e.unfunded_amount, e.usage_id, l.reference AS lot_ref
				FROM ledger_view e LEFT JOIN lot l ON l.lot_id = e.lot_id
				WHERE e.org_id = :org ORDER BY e.entry_id""")
			.param("org", org)
			.query()
			.listOfRows()
			.stream()
			.map(Map::toString)
			.toList();
	}

}
