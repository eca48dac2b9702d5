package io.creditshub.corrections;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.CreditsHubApplication;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.ledger.Reconciler;
import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Two hub instances (this test's and a second Spring context with its own data folder,
 * the same database) run the same re-rating at the same moment: it is posted once (the
 * correction run's key), and the other reports it as already applied. Run it with
 * -Dcredits.test.db=postgres for two hubs on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionsTwoHubsIT extends HubIntegrationTest {

	@Autowired
	Environment environment;

	@Autowired
	CorrectionService corrections;

	@Autowired
	Reconciler reconciler;

	ConfigurableApplicationContext secondHub;

	@BeforeAll
	void twoHubs() throws Exception {
		drop("rates/v1.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From,Effective To
						+49,Germany,landline,EUR,0.07,0,60,60,2020-01-01,
						""");
		drain();
		drop("accounts/twin.csv",
				"Organization Id,Name,Currency,Country,Admin Emails\ntwin,Twin GmbH,EUR,DE,admin@twin.example\n");
		drop("funds/twin.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\ntwin,10.00,EUR,2026-01-01T00:00:00Z,TWIN-1\n");
		drain();
		List<String> calls = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			calls.add("t" + i + ",user_out,+4930123456," + Instant.parse("2026-02-02T08:00:00Z").plusSeconds(i * 3600L)
					+ ",600");
		}
		drop("cdr/twin/feb.csv", teamsExport(calls.toArray(String[]::new)));
		drain();
		drop("rates/v2.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From,Effective To
						+49,Germany,landline,EUR,0.07,0,60,60,2020-01-01,
						+49,Germany,landline,EUR,0.05,0,60,60,2026-02-01,2026-03-01
						""");
		assertThat(drain()).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
		// 20 calls of 10 min at 0.07: t1-t14 paid 0.70 each (9.80), t15 0.20 paid + 0.50
		// unfunded, t16-t20 unfunded
		assertThat(balance("twin")).isEqualByComparingTo("0");

		Map<String, Object> second = new LinkedHashMap<>();
		second.put("credits.home", Files.createTempDirectory("credits-hub-second").toString());
		for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"spring.flyway.schemas")) {
			if (environment.getProperty(key) != null) {
				second.put(key, environment.getProperty(key));
			}
		}
		second.put("camel.main.name", "second-hub");
		second.put("camel.main.auto-startup", "false");
		second.put("spring.main.banner-mode", "off");
		secondHub = new SpringApplicationBuilder(CreditsHubApplication.class).web(WebApplicationType.NONE)
			.run(second.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	@AfterAll
	void stop() {
		if (secondHub != null) {
			secondHub.close();
		}
	}

	@Test
	void twoHubsRunningTheSameCorrectionAtOncePostItOnce() throws Exception {
		CorrectionService other = secondHub.getBean(CorrectionService.class);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<CorrectionService.Result>> results = new ArrayList<>();
		for (CorrectionService hub : List.of(corrections, other)) {
			results.add(pool.submit((Callable<CorrectionService.Result>) () -> {
				go.await();
				return hub.rerate(new CorrectionService.RerateRequest("twin", Instant.parse("2026-02-01T00:00:00Z"),
						Instant.parse("2026-03-01T00:00:00Z"), null, null, false, "test"));
			}));
		}
		go.countDown();
		List<String> statuses = new ArrayList<>();
		for (Future<CorrectionService.Result> f : results) {
			statuses.add(f.get().status());
		}
		pool.shutdown();
		assertThat(statuses).containsExactlyInAnyOrder("POSTED", "ALREADY_APPLIED");
		assertThat(count("SELECT COUNT(*) FROM correction_run")).isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM correction_call")).isEqualTo(20);
		// at 0.05: t1-t14 get 0.20 back each (2.80); t15 and t16-t20 only owe 0.20 less
		// (unfunded), once
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE entry_type = 'ADJUSTMENT'")).isEqualTo(20);
		assertThat(balance("twin")).isEqualByComparingTo("2.80");
		assertThat(jdbc.sql("SELECT SUM(unfunded_amount) FROM ledger_entry WHERE org_id = 'twin'")
			.query(java.math.BigDecimal.class)
			.single()).isEqualByComparingTo("2.80"); // 4.00 unfunded before, 6 x 0.20
														// less: t15 0.30 + 5 x 0.50 =
														// 2.80
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE kind = 'CORRECTION'")).isEqualTo(1);
		assertThat(reconciler.check()).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
	}

}
