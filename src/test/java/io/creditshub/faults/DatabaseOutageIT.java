package io.creditshub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.support.HubIntegrationTest;
import io.creditshub.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 17, items 1 and 9: a database outage longer than the route's retries, beginning
 * in the middle of a file. Before, the file's in-progress lock could not be removed while
 * the database was down, its keep-alive kept it fresh for ever, and the file was never
 * taken again until the hub was restarted. Now it posts within a few seconds of the
 * database coming back, exactly once, and the whole outage is told in a handful of log
 * lines that name the file and the root cause.
 */
@Import(DatabaseOutage.class)
@TestPropertySource(properties = { "camel.main.auto-startup=true",
		"credits.intake.rates-uri=file:${credits.home}/inbox/rates?move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=500",
		"credits.intake.accounts-uri=file:${credits.home}/inbox/accounts?move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=500",
		"credits.intake.funds-uri=file:${credits.home}/inbox/funds?move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=500",
		"credits.intake.cdr-uri=file:${credits.home}/inbox/cdr?recursive=true&move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=500" })
class DatabaseOutageIT extends HubIntegrationTest {

	/**
	 * The outage; the issue asks for 60 s (-Dcredits.test.outage-seconds=20 for a quicker
	 * run).
	 */
	static final int OUTAGE_SECONDS = Integer.getInteger("credits.test.outage-seconds", 60);

	@Autowired
	DatabaseOutage outage;

	@Autowired
	MeterRegistry meters;

	@Test
	void aFileCaughtByALongOutagePostsSoonAfterTheDatabaseReturnsAndTheOutageIsToldInAFewLines() throws Exception {
		drop("rates/rates.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From
						+1,United States,landline,USD,0.06,0,60,60,2025-01-01
						""");
		await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM rate_table_version") == 1);
		drop("accounts/accounts.csv", "Organization Id,Name,Currency,Country\nacme,Acme Inc,USD,US\n");
		await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM organization") == 1);
		drop("funds/funds.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\nacme,10.00,USD,2025-01-15T00:00:00Z,ACME-1\n");
		await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM lot") == 1);

		List<String> duringOutage;
		long returnedAt;
		try (LogCapture logs = new LogCapture()) {
			// the outage begins when the file's journal row is inserted: the lock is
			// taken, the transaction is open
			outage.startAt("INSERT INTO ingest_file");
			drop("cdr/acme/PSTN.calls.2025-03-03.csv", teamsExport("o-1,user_out,+12065550100,2025-03-03T08:00:00Z,121",
					"o-2,user_out,+12065550101,2025-03-03T09:00:00Z,60"));
			await().atMost(Duration.ofSeconds(30)).until(outage::down);
			Thread.sleep(OUTAGE_SECONDS * 1000L);
			duringOutage = logs.lines();
			outage.end();
			returnedAt = System.nanoTime();
			// 121 s -> 3 min + 60 s -> 1 min = 4 min * 0.06 = 0.24
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(balance("acme")).isEqualByComparingTo("9.76"));
			double seconds = (System.nanoTime() - returnedAt) / 1e9;
			System.out.printf(
					"outage %d s (%s): file posted %.1f s after the database returned; %d log lines during the outage%n",
					OUTAGE_SECONDS, TestDatabase.postgres() ? "postgres" : "h2", seconds, duringOutage.size());
			duringOutage.forEach(l -> System.out.println("  | " + l));
			assertThat(seconds).as("posted within a bounded time after the database returned").isLessThan(15);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> logs.lines().stream().anyMatch(l -> l.contains("database back after")));
		}
		assertThat(ledgerSum("acme")).isEqualByComparingTo("9.76");
		assertThat(lotsSum("acme")).isEqualByComparingTo("9.76");
		assertThat(count("SELECT COUNT(*) FROM call_record")).isEqualTo(2);
		assertThat(folders.inbox().resolve("cdr/acme/PSTN.calls.2025-03-03.csv")).doesNotExist();
		try (Stream<Path> archived = Files.walk(folders.archive())) {
			assertThat(archived.map(p -> p.getFileName().toString())).contains("PSTN.calls.2025-03-03.csv");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED") == 0);

		// the log: fewer than 20 lines for the whole outage, the first naming the root
		// cause and the file, no stack trace
		assertThat(duringOutage).hasSizeLessThan(20);
		assertThat(duringOutage).noneMatch(l -> l.contains("[stack trace"));
		assertThat(duringOutage).anyMatch(l -> l.contains("database unavailable") && l.contains("fault injection")
				&& l.contains("PSTN.calls.2025-03-03.csv"));
		assertThat(duringOutage).noneMatch(l -> l.contains("MessageId") || l.contains("overridden by rollback"));
		// metrics count the failed attempts, by cause
		assertThat(meters.find("credits.intake.failures").tag("cause", "database").counters()).isNotEmpty()
			.allSatisfy(c -> assertThat(c.count()).isPositive());
		assertThat(meters.find("credits.intake.retries").counters()).isNotEmpty();
	}

}
