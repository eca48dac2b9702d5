package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The Camel routes of routes/*.camel.yaml, running: files dropped in the inbox of a live
 * hub are taken only when complete, posted, archived; a bad file goes to error/ with its
 * reason.
 */
@TestPropertySource(properties = { "camel.main.auto-startup=true",
		"credits.intake.rates-uri=file:${credits.home}/inbox/rates?move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=200",
		"credits.intake.accounts-uri=file:${credits.home}/inbox/accounts?move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=200",
		"credits.intake.funds-uri=file:${credits.home}/inbox/funds?move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=200",
		"credits.intake.cdr-uri=file:${credits.home}/inbox/cdr?recursive=true&move=$simple{header.creditsMoveTo}&idempotent=false&filter=#intakeLanes&readLockMinLength=0&readLock=changed&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&antExclude=**/*.part&delay=200" })
class IntakeRoutesIT extends HubIntegrationTest {

	@Autowired
	CamelContext camel;

	@Test
	void everyRouteIsStartedWithTheSharedErrorConfiguration() {
		assertThat(camel.getRoutes()).extracting(Route::getRouteId)
			.contains("intake-rates-folder", "intake-accounts-folder", "intake-funds-folder", "intake-cdr-folder",
					"intake-rates", "intake-accounts", "intake-licenses", "intake-funds", "intake-cdr");
		// the kind routes (direct:intake-<kind>) have no error handler: their callers'
		// hub-errors handles a failure once
		assertThat(camel.getRoutes()).filteredOn(r -> !r.getEndpoint().getEndpointUri().startsWith("direct:"))
			.allSatisfy(r -> assertThat(r.getConfigurationId()).isEqualTo("hub-errors"));
	}

	@Test
	void aDroppedExportIsRatedChargedAndArchivedByTheRoutes() throws Exception {
		drop("rates/rates.csv", """
				Prefix,Destination,Number Type,Currency,Rate Per Minute,First Increment,Next Increment,Effective From
				+1,United States,landline,USD,0.06,60,60,2025-01-01
				""");
		await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM rate_table_version") == 1);
		drop("accounts/a.csv", "Organization Id,Name,Currency,Country\nroutes,Routes Co,USD,US\n");
		await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM organization") == 1);
		drop("funds/f.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\nroutes,2.00,USD,2025-01-01,R-1\n");
		await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM lot") == 1);

		// a partial upload (.part) is never taken; the complete file is
		Path partial = drop("cdr/routes/PSTN.calls.2025-03-03.csv.part", "UsageId,Call");
		NotifyBuilder done = new NotifyBuilder(camel).fromRoute("intake-cdr-folder").whenCompleted(1).create();
		drop("cdr/routes/PSTN.calls.2025-03-03.csv", teamsExport("r-1,user_out,+12065550100,2025-03-03T08:00:00Z,121",
				"r-2,user_out,+999,2025-03-03T08:10:00Z,60"));
		assertThat(done.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		// 121 s -> 3 minutes * 0.06 = 0.18
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(balance("routes")).isEqualByComparingTo("1.82"));
		assertThat(partial).exists();
		assertThat(folders.inbox().resolve("cdr/routes/PSTN.calls.2025-03-03.csv")).doesNotExist();
		try (Stream<Path> archived = Files.walk(folders.archive())) {
			assertThat(archived.map(p -> p.getFileName().toString())).contains("PSTN.calls.2025-03-03.csv",
					"PSTN.calls.2025-03-03.csv.rejects.csv");
		}
	}

	@Test
	void aBadFileGoesToErrorWithItsReason() {
		drop("cdr/nobody/PSTN.calls.csv", teamsExport("x-1,user_out,+12065550100,2025-03-03T08:00:00Z,60"));
		Path reason = folders.error().resolve("cdr/nobody/PSTN.calls.csv.reason.txt");
		Path moved = folders.error().resolve("cdr/nobody/PSTN.calls.csv");
		// the reason is written by the intake, then Camel's consumer moves the file once
		// the exchange completes: the two appear a moment apart (this test failed now
		// and then on PostgreSQL by looking for the file as soon as its reason was there)
		await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(reason) && Files.exists(moved));
		assertThat(reason).content().contains("unknown organization 'nobody'");
		assertThat(folders.inbox().resolve("cdr/nobody/PSTN.calls.csv")).doesNotExist();
	}

}
