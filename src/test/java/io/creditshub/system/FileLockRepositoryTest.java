package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 17, item 1: a file lock left by a process that ended (a `run --once` whose
 * release failed while the disk was full) is taken over at once on the same host; a live
 * instance's lock, another host's or another context's in this JVM is not.
 */
class FileLockRepositoryTest {

	JdbcDataSource ds;

	JdbcTemplate jdbc;

	FileLockRepository a, b;

	Faults faults;

	@BeforeEach
	void table() {
		ds = new JdbcDataSource();
		ds.setURL("jdbc:h2:mem:locks-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		jdbc = new JdbcTemplate(ds);
		jdbc.execute(
				"""
						CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName varchar(255) NOT NULL, messageId varchar(1000) NOT NULL,
						  createdAt timestamp NOT NULL, lock_owner varchar(200), PRIMARY KEY (processorName, messageId))""");
		faults = new Faults(Clock.systemUTC(), new SimpleMeterRegistry());
		a = new FileLockRepository(ds, "intake", 300_000, 30_000, faults, false);
		b = new FileLockRepository(ds, "intake", 300_000, 30_000, faults, false);
	}

	@AfterEach
	void close() {
		a.close();
		b.close();
	}

	private void lockedBy(String key, String owner) {
		jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED VALUES ('intake', ?, ?, ?)", key,
				new Timestamp(System.currentTimeMillis()), owner);
	}

	@Test
	void aLockOfAProcessThatEndedOnThisHostIsTakenOverAtOnce() throws Exception {
		Process ended = new ProcessBuilder("true").start();
		ended.waitFor();
		lockedBy("/inbox/cdr/a/x.csv", FileLockRepository.host() + "/" + ended.pid() + "/0badc0de");
		// Camel's file consumers ask contains() first: a lock add() would take over is
		// not "in progress"
		assertThat(a.contains("/inbox/cdr/a/x.csv")).isFalse();
		assertThat(a.add("/inbox/cdr/a/x.csv")).isTrue();
		assertThat(a.contains("/inbox/cdr/a/x.csv")).isTrue();
		assertThat(a.held()).containsExactly("/inbox/cdr/a/x.csv");
		// and now it is this instance's: the other one does not take it
		assertThat(b.add("/inbox/cdr/a/x.csv")).isFalse();
	}

	@Test
	void aLiveProcessesLockAnotherHostsAndAnOldRowWithoutOwnerWaitForTheHeartbeatAge() {
		long live = ProcessHandle.current().parent().orElseThrow().pid();
		lockedBy("/inbox/cdr/a/live.csv", FileLockRepository.host() + "/" + live + "/0badc0de");
		lockedBy("/inbox/cdr/a/remote.csv", "another-host/1/0badc0de");
		lockedBy("/inbox/cdr/a/unknown.csv", null);
		assertThat(a.contains("/inbox/cdr/a/live.csv")).isTrue();
		assertThat(a.contains("/inbox/cdr/a/remote.csv")).isTrue();
		assertThat(a.contains("/inbox/cdr/a/unknown.csv")).isTrue();
		assertThat(a.add("/inbox/cdr/a/live.csv")).isFalse();
		assertThat(a.add("/inbox/cdr/a/remote.csv")).isFalse();
		assertThat(a.add("/inbox/cdr/a/unknown.csv")).isFalse();
		// not refreshed for longer than the maximum age: taken over whoever held it
		jdbc.update("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?",
				new Timestamp(System.currentTimeMillis() - 600_000));
		assertThat(a.contains("/inbox/cdr/a/remote.csv")).isFalse();
		assertThat(a.add("/inbox/cdr/a/remote.csv")).isTrue();
	}

	@Test
	void twoInstancesInOneProcessNeverShareALock() {
		assertThat(a.add("/inbox/cdr/a/y.csv")).isTrue();
		assertThat(b.add("/inbox/cdr/a/y.csv")).isFalse();
		a.remove("/inbox/cdr/a/y.csv");
		assertThat(b.add("/inbox/cdr/a/y.csv")).isTrue();
	}

	@Test
	void aLocalFileWhoseLockCannotBeTakenFailsAsTheFileAndItsPostingClosesIt(@org.junit.jupiter.api.io.TempDir Path dir)
			throws Exception {
		// the database (or the disk under it) fails before the file is read: the failure
		// is
		// the file's, so that the operator sees its name and, later, "went through after"
		Path file = java.nio.file.Files.writeString(dir.resolve("PSTN.calls.csv"), "x");
		ds.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere"); // the database unreachable
		assertThat(a.add(file.toString())).isFalse();
		assertThat(faults.failingFiles()).containsOnlyKeys(file.toString());
		assertThat(faults.failingFiles().get(file.toString())).startsWith("database: ");
		faults.succeeded("cdr", file.toString());
		assertThat(faults.failingFiles()).isEmpty();
		// a key that is not a file here (a carrier's remote path): the outage only
		assertThat(b.add("/upload/cdr/contoso/PSTN.calls.csv")).isFalse();
		assertThat(faults.failingFiles()).isEmpty();
		assertThat(faults.databaseDownSince()).isNotNull();
	}

}
