package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.LifecycleIntegrationTest;
import io.creditshub.support.TestDatabase;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ActiveProfilesResolver;
import org.springframework.test.context.TestPropertySource;

/**
 * The nightly routes on camel-quartz: cron and time zone from the configuration, the
 * scheduler idle until {@link HubSchedules#start()}, then both batches fire. On
 * PostgreSQL the test runs with the postgres profile, so the scheduler is the clustered
 * JDBC job store of production and the triggers are in the QRTZ tables.
 */
@TestPropertySource(properties = { "credits.schedule.time-zone=Europe/Paris",
		"credits.schedule.recharge-cron=* * * * * ?", "credits.schedule.expiry-cron=*/2 * * * * ?" })
@ActiveProfiles(resolver = SchedulesIT.PostgresProfile.class)
class SchedulesIT extends LifecycleIntegrationTest {

	/** The postgres profile when the integration tests run on PostgreSQL. */
	static class PostgresProfile implements ActiveProfilesResolver {

		@Override
		public String[] resolve(Class<?> testClass) {
			return TestDatabase.postgres() ? new String[] { "postgres" } : new String[0];
		}

	}

	@Autowired
	HubSchedules schedules;

	@Autowired
	CamelContext camel;

	@Test
	void theNightlyBatchesRunOnTheirCronInTheConfiguredTimeZoneOnceTheSchedulerStarts() throws Exception {
		assertThat(schedules.scheduler().isStarted()).isFalse(); // commands never fire
																	// batches
		assertThat(schedules.clustered()).isEqualTo(TestDatabase.postgres());
		NotifyBuilder recharge = new NotifyBuilder(camel).fromRoute("batch-recharge").whenCompleted(1).create();
		NotifyBuilder expiry = new NotifyBuilder(camel).fromRoute("batch-expiry").whenCompleted(1).create();
		camel.getRouteController().startRoute("batch-recharge");
		camel.getRouteController().startRoute("batch-expiry");
		Trigger trigger = schedules.scheduler().getTrigger(TriggerKey.triggerKey("batch-recharge", "credits-hub"));
		assertThat(trigger).isInstanceOf(CronTrigger.class);
		assertThat(((CronTrigger) trigger).getCronExpression()).isEqualTo("* * * * * ?");
		assertThat(((CronTrigger) trigger).getTimeZone().getID()).isEqualTo("Europe/Paris");
		assertThat(recharge.matches(1500, TimeUnit.MILLISECONDS)).as("nothing fires before the scheduler starts")
			.isFalse();

		schedules.start();
		assertThat(recharge.matches(20, TimeUnit.SECONDS)).isTrue();
		assertThat(expiry.matches(20, TimeUnit.SECONDS)).isTrue();
		if (TestDatabase.postgres()) {
			assertThat(count(
					"SELECT COUNT(*) FROM qrtz_cron_triggers WHERE trigger_name IN ('batch-recharge', 'batch-expiry')"))
				.isEqualTo(2);
			assertThat(count("SELECT COUNT(*) FROM qrtz_scheduler_state")).isEqualTo(1);
		}
		camel.getRouteController().stopRoute("batch-recharge");
		camel.getRouteController().stopRoute("batch-expiry");
	}

}
