package io.creditshub.system;

import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring and Camel wiring shared by all features. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

	/** Batches and postings take time from this clock, never from {@code now()} directly. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Cluster-wide in-progress lock for intake files (Camel's JDBC idempotent repository, table
	 * CAMEL_MESSAGEPROCESSED created by Flyway): two hub instances polling the same folder never work
	 * on the same file at once, and the lock of an instance that crashed expires after 5 minutes.
	 */
	@Bean
	JdbcOrphanLockAwareIdempotentRepository fileLockRepository(DataSource dataSource, CamelContext camelContext) {
		JdbcOrphanLockAwareIdempotentRepository repository = new JdbcOrphanLockAwareIdempotentRepository(dataSource,
				"credits-hub-intake", camelContext);
		repository.setCreateTableIfNotExists(false);
		repository.setLockMaxAgeMillis(300_000);
		repository.setLockKeepAliveIntervalMillis(30_000);
		return repository;
	}

}
