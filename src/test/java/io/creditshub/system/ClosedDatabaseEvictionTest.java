package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ClosedDatabaseEvictionTest {

	final ClosedDatabaseEviction eviction = new ClosedDatabaseEviction();

	@Test
	void aClosedH2DatabaseEvictsTheConnection() {
		assertThat(eviction.adjudicate(new SQLException("Database is already closed", "90098", 90098)))
			.isEqualTo(Override.MUST_EVICT);
		assertThat(eviction.adjudicate(new SQLException("IO Exception: No space left on device", "HY000", 0)))
			.isEqualTo(Override.MUST_EVICT);
	}

	@Test
	void anOrdinaryErrorIsLeftToHikari() {
		assertThat(eviction.adjudicate(new SQLException("duplicate key", "23505", 23505)))
			.isEqualTo(Override.CONTINUE_EVICT);
	}

}
