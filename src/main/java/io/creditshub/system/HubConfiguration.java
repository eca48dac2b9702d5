package io.creditshub.system;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring and Camel wiring shared by all features. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

	/**
	 * Batches and postings take time from this clock, never from {@code now()} directly.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Cluster-wide in-progress lock for intake files (Camel's JDBC idempotent repository
	 * table CAMEL_MESSAGEPROCESSED created by Flyway): two hub instances polling the same
	 * folder never work on the same file at once, and the lock of an instance that
	 * crashed expires after 5 minutes. A lock the database could not release (an outage)
	 * is released as soon as it answers again (issue 17, item 1).
	 */
	@Bean(destroyMethod = "close")
	FileLockRepository fileLockRepository(DataSource dataSource, Faults faults) {
		return new FileLockRepository(dataSource, "credits-hub-intake", 300_000, 30_000, faults, true);
	}

}
