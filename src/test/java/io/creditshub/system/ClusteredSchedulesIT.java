package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditshub.CreditsHubApplication;
import io.creditshub.support.LifecycleIntegrationTest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.listeners.JobListenerSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * PostgreSQL only (the production set-up): two hub instances on one database, both with
 * their nightly routes and their clustered Quartz schedulers running. A batch scheduled
 * every second fires once per scheduled second, on one instance or the other, never on
 * both; when one instance goes away the other one goes on firing.
 */
@TestPropertySource(properties = { "credits.schedule.recharge-cron=* * * * * ?",
		"spring.quartz.properties[org.quartz.jobStore.clusterCheckinInterval]=1000",
		"spring.quartz.properties[org.quartz.scheduler.idleWaitTime]=1000" })
@ActiveProfiles(resolver = SchedulesIT.PostgresProfile.class)
@EnabledIfSystemProperty(named = "credits.test.db", matches = "postgres",
		disabledReason = "the clustered job store is the postgres profile's")
class ClusteredSchedulesIT extends LifecycleIntegrationTest {

	@Autowired
	HubSchedules schedules;

	@Autowired
	CamelContext camel;

	@Autowired
	Environment env;

	/**
	 * Records the scheduled fire time of every batch-recharge job a scheduler executed.
	 */
	static AtomicInteger record(HubSchedules schedules, List<Instant> fireTimes) throws SchedulerException {
		AtomicInteger n = new AtomicInteger();
		schedules.scheduler().getListenerManager().addJobListener(new JobListenerSupport() {
			@Override
			public String getName() {
				return "record-" + System.identityHashCode(n);
			}

			@Override
			public void jobWasExecuted(JobExecutionContext context, JobExecutionException e) {
				if (context.getTrigger().getKey().getName().equals("batch-recharge")) {
					fireTimes.add(context.getScheduledFireTime().toInstant());
					n.incrementAndGet();
				}
			}
		});
		return n;
	}

	@Test
	void twoInstancesFireEachNightlyBatchOnce() throws Exception {
		// command-line arguments: above the postgres profile's CREDITS_DB_URL default,
		// like a real second instance
		ConfigurableApplicationContext second = new SpringApplicationBuilder(CreditsHubApplication.class)
			.web(WebApplicationType.NONE)
			.profiles("postgres")
			.run("--credits.home=" + Files.createTempDirectory("credits-hub-second"),
					"--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
					"--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
					"--spring.datasource.password=",
					"--spring.flyway.schemas=" + env.getProperty("spring.flyway.schemas"),
					"--credits.schedule.recharge-cron=* * * * * ?",
					"--spring.quartz.properties[org.quartz.jobStore.clusterCheckinInterval]=1000",
					"--spring.quartz.properties[org.quartz.scheduler.idleWaitTime]=1000",
					"--camel.main.auto-startup=false", "--spring.main.banner-mode=off");
		assertThat(second.getEnvironment().getProperty("spring.datasource.url"))
			.isEqualTo(env.getProperty("spring.datasource.url"));
		try {
			CamelContext secondCamel = second.getBean(CamelContext.class);
			HubSchedules secondSchedules = second.getBean(HubSchedules.class);
			assertThat(schedules.clustered()).isTrue();
			assertThat(secondSchedules.clustered()).isTrue();
			List<Instant> fireTimes = new CopyOnWriteArrayList<>();
			AtomicInteger here = record(schedules, fireTimes);
			AtomicInteger there = record(secondSchedules, fireTimes);
			for (CamelContext c : List.of(camel, secondCamel)) {
				c.getRouteController().startRoute("batch-recharge");
			}
			schedules.start();
			secondSchedules.start();
			Thread.sleep(5000);
			assertThat(count("SELECT COUNT(*) FROM qrtz_scheduler_state")).as("two cluster members").isEqualTo(2);
			int beforeFailover = there.get();
			// the first instance goes away: the second one recovers its trigger (Quartz
			// declares an instance dead
			// after its check-in interval + 7.5 s) and goes on firing
			schedules.scheduler().shutdown(true);
			await().atMost(Duration.ofSeconds(30)).until(() -> there.get() > beforeFailover + 1);
			for (CamelContext c : List.of(camel, secondCamel)) {
				c.getRouteController().stopRoute("batch-recharge");
			}
			// every scheduled second fired once, on one instance or the other, never on
			// both
			assertThat(fireTimes).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
			assertThat(here.get() + there.get()).isEqualTo(fireTimes.size());
			assertThat(here.get() + beforeFailover).as("fired while both ran").isPositive();
			assertThat(there.get()).as("fired on the second instance after the first went away")
				.isGreaterThan(beforeFailover);
		}
		finally {
			second.close();
		}
	}

}
