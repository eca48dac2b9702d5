package io.creditshub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.CreditsHubApplication;
import io.creditshub.intake.InboxDrainer;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Issue 17, item 7, on H2 and PostgreSQL: two hub instances on one inbox (the same data
 * folder and database: this test's hub and a second Spring and Camel context). A burst of
 * files is shared between them, a file is worked on by one of them, every call is posted
 * once, and the instance that finds a file already taken says so without an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxTwoHubsIT extends HubIntegrationTest {

	@Autowired
	CamelContext camel;

	@Autowired
	Environment environment;

	ConfigurableApplicationContext secondHub;

	@BeforeAll
	void twoHubs() throws Exception {
		loadReferenceData();
		drop("funds/more.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\nacme,9990.00,USD,2025-01-15,ACME-2\n");
		assertThat(drain()).singleElement()
			.satisfies(o -> assertThat(o.status()).isEqualTo(IntakeOutcome.Status.POSTED));
		Map<String, Object> second = new LinkedHashMap<>();
		second.put("credits.home", folders.home().toString()); // the same inbox
		for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"spring.flyway.schemas")) {
			if (environment.getProperty(key) != null) {
				second.put(key, environment.getProperty(key));
			}
		}
		second.put("camel.main.name", "second-hub");
		second.put("spring.main.banner-mode", "off");
		secondHub = new SpringApplicationBuilder(CreditsHubApplication.class).web(WebApplicationType.NONE)
			.run(second.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
		// as `run` does after its start-up drain
		camel.getRouteController().startRoute("intake-cdr-folder");
		secondHub.getBean(CamelContext.class).getRouteController().startRoute("intake-cdr-folder");
	}

	@AfterAll
	void stop() {
		if (secondHub != null) {
			secondHub.close();
		}
	}

	static final int CALLS = 1000;

	static final int FILES = 40;

	/**
	 * Forty files of 1,000 one-minute calls each (0.06 USD a call): a burst that takes a
	 * hub longer than its poll delay (2 s), so that the other instance's polls find files
	 * waiting (a burst of a second or two is done by whichever polls first).
	 */
	private List<Path> dropBurst(String tag) {
		List<Path> files = new ArrayList<>();
		for (int f = 1; f <= FILES; f++) {
			Instant start = Instant.parse("2025-03-04T00:00:00Z").plusSeconds(f * 86_400L);
			String[] calls = new String[CALLS];
			for (int c = 0; c < CALLS; c++) {
				calls[c] = tag + f + "-" + c + ",user_out,+12065550100," + start.plusSeconds(c * 60L) + ",30";
			}
			files.add(drop("cdr/acme/PSTN.calls." + tag + "-" + String.format("%02d", f) + ".csv", teamsExport(calls)));
		}
		return files;
	}

	@Test
	void aBurstIsSharedByTheRoutesOfBothHubsAndEachCallIsPostedOnce() throws Exception {
		CamelContext secondCamel = secondHub.getBean(CamelContext.class);
		NotifyBuilder mine = new NotifyBuilder(camel).fromRoute("intake-cdr-folder").whenDone(1).create();
		NotifyBuilder theirs = new NotifyBuilder(secondCamel).fromRoute("intake-cdr-folder").whenDone(1).create();
		java.math.BigDecimal before = balance("acme");
		try (LogCapture log = new LogCapture()) {
			List<Path> files = dropBurst("burst");
			long started = System.nanoTime();
			await().atMost(Duration.ofSeconds(90))
				.until(() -> files.stream().noneMatch(Files::exists) && count(
						"SELECT COUNT(*) FROM ingest_file WHERE file_name LIKE 'PSTN.calls.burst-%'") == FILES);
			assertThat(count(
					"SELECT COUNT(*) FROM ingest_file WHERE file_name LIKE 'PSTN.calls.burst-%' AND status = 'POSTED'"))
				.isEqualTo(FILES);
			assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id LIKE 'burst%'"))
				.isEqualTo((long) FILES * CALLS);
			double seconds = (System.nanoTime() - started) / 1e9;
			// one file a poll per instance (maxMessagesPerPoll=1): a burst longer than
			// two poll delays is shared
			System.out.printf("burst of %d files done in %.1f s; this hub took some: %s, the second: %s%n", FILES,
					seconds, mine.matches(), theirs.matches());
			if (seconds > 4.5) { // the second hub polled (every 2 s) while files waited
									// (eligible after 1 s)
				assertThat(mine.matches()).as("this hub's route took a file").isTrue();
				assertThat(theirs.matches()).as("the second hub's route took a file").isTrue();
			}
			assertThat(log.lines()).noneMatch(l -> l.startsWith("ERROR"));
		}
		assertThat(balance("acme")).isEqualByComparingTo(before.subtract(new java.math.BigDecimal("2400.00")));
		assertThat(ledgerSum("acme")).isEqualByComparingTo(lotsSum("acme"));
	}

	@Test
	void twoHubsStartingWithFilesWaitingShareThemWithoutAnError() throws Exception {
		// the start-up drain of two `run`s at the same moment (the routes of both run
		// too, on the same locks)
		java.math.BigDecimal before = balance("acme");
		try (LogCapture log = new LogCapture()) {
			List<Path> files = dropBurst("start");
			InboxDrainer second = secondHub.getBean(InboxDrainer.class);
			CompletableFuture<List<IntakeOutcome>> a = CompletableFuture.supplyAsync(drainer::drain);
			CompletableFuture<List<IntakeOutcome>> b = CompletableFuture.supplyAsync(second::drain);
			List<IntakeOutcome> outcomes = new ArrayList<>(a.get());
			outcomes.addAll(b.get());
			assertThat(outcomes).noneMatch(IntakeOutcome::failed);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> files.stream().noneMatch(Files::exists) && count(
						"SELECT COUNT(*) FROM ingest_file WHERE file_name LIKE 'PSTN.calls.start-%'") == FILES);
			assertThat(count(
					"SELECT COUNT(*) FROM ingest_file WHERE file_name LIKE 'PSTN.calls.start-%' AND status = 'POSTED'"))
				.isEqualTo(FILES);
			assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id LIKE 'start%'"))
				.isEqualTo((long) FILES * CALLS);
			assertThat(log.lines()).noneMatch(l -> l.startsWith("ERROR"))
				.noneMatch(l -> l.contains("NoSuchFileException"))
				.noneMatch(l -> l.contains("[stack trace"));
		}
		assertThat(balance("acme")).isEqualByComparingTo(before.subtract(new java.math.BigDecimal("2400.00")));
		try (Stream<Path> left = Files.walk(folders.inbox("cdr"))) {
			assertThat(left.filter(Files::isRegularFile)).isEmpty();
		}
	}

}
