package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

@ExtendWith(OutputCaptureExtension.class)
class FaultsTest {

	@Test
	void theRootCauseIsTheApplicationsNotTheRollbacks() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("This connection has been closed.", "08003"));
		rollback.initApplicationException(new IllegalStateException("savepoint failed",
				new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
		assertThat(Faults.describe(rollback)).isEqualTo("FATAL: terminating connection due to administrator command");
		assertThat(Faults.classify(rollback)).isEqualTo(Faults.Cause.DATABASE);
	}

	@Test
	void causesAreClassified() {
		assertThat(Faults.classify(new CannotGetJdbcConnectionException("no"))).isEqualTo(Faults.Cause.DATABASE);
		assertThat(Faults.classify(new UncheckedIOException(new IOException("No space left on device"))))
			.isEqualTo(Faults.Cause.DISK_FULL);
		assertThat(Faults.classify(new UncheckedIOException(new NoSuchFileException("/inbox/cdr/a/x.csv"))))
			.isEqualTo(Faults.Cause.TAKEN);
		assertThat(Faults.classify(new SQLException("Database is already closed", "90098", 90098)))
			.isEqualTo(Faults.Cause.DATABASE);
		assertThat(Faults.classify(new IllegalArgumentException("bad"))).isEqualTo(Faults.Cause.OTHER);
	}

	@Test
	void aRepeatedFailureIsCountedOnceItsStateIsKnown() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Faults faults = new Faults(Clock.systemUTC(), meters);
		for (int i = 0; i < 5; i++) {
			faults.failed("cdr", "/inbox/cdr/a/x.csv", new IllegalStateException("boom"));
		}
		assertThat(faults.failingFiles()).containsKey("/inbox/cdr/a/x.csv");
		assertThat(faults.failingFiles().get("/inbox/cdr/a/x.csv")).contains("5 attempt(s)");
		assertThat(meters.counter("credits.intake.failures", "kind", "cdr", "cause", "other").count()).isEqualTo(5);
		faults.retrying("cdr", "/inbox/cdr/a/x.csv");
		assertThat(meters.counter("credits.intake.retries", "kind", "cdr").count()).isEqualTo(1);
		faults.succeeded("cdr", "/inbox/cdr/a/x.csv");
		assertThat(faults.failingFiles()).isEmpty();
	}

	/**
	 * Issue 17, item 2: H2 reports a chunk write that failed for want of space as "IO
	 * Exception: <file>" (90028), the application's exception hidden behind a failed
	 * rollback; with the data folder (nearly) full that is a full disk, and the line says
	 * so.
	 */
	@Test
	void anIoErrorOfTheEmbeddedDatabaseOnAFullDataFolderIsAFullDisk() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Faults faults = new Faults(Clock.systemUTC(), meters);
		SQLException write = new SQLException("IO Exception: \"/srv/hub/db/credits-hub.mv.db\"; SQL statement: INSERT",
				"90028", 90028);
		org.springframework.transaction.TransactionSystemException rollback = new org.springframework.transaction.TransactionSystemException(
				"JDBC rollback failed", new SQLException("Database is already closed", "90098", 90098));
		rollback.initApplicationException(new RuntimeException("PreparedStatementCallback", write));

		faults.freeSpace(() -> 1_000_000_000L);
		assertThat(faults.failed("cdr", "/srv/hub/inbox/cdr/a/x.csv", rollback)).isEqualTo(Faults.Cause.DATABASE);
		assertThat(faults.describeHere(rollback)).doesNotContain("no space");

		faults.freeSpace(() -> 4096L);
		assertThat(faults.failed("cdr", "/srv/hub/inbox/cdr/a/y.csv", rollback)).isEqualTo(Faults.Cause.DISK_FULL);
		assertThat(faults.describeHere(rollback)).startsWith("no space left on device: the data folder")
			.contains("has 4096 bytes free", "IO Exception");
		assertThat(faults.failingFiles().get("/srv/hub/inbox/cdr/a/y.csv")).startsWith("disk_full: no space left");
		assertThat(meters.counter("credits.intake.failures", "kind", "cdr", "cause", "disk_full").count()).isEqualTo(1);

		// H2's MVStore failing to write its chunk says neither "IO Exception" nor "No
		// space
		// left": an error of no known kind, unless the data folder is full; then a full
		// disk, which never counts toward the poison-file rule
		RuntimeException chunk = new RuntimeException(new SQLException(
				"General error: \"org.h2.mvstore.MVStoreException: Writing to sun.nio.ch.FileChannelImpl@1 failed\"",
				"HY000", 50000));
		assertThat(faults.causeHere(chunk)).isEqualTo(Faults.Cause.DISK_FULL);
		faults.redelivering("intake-cdr", "/srv/hub/inbox/cdr/a/z.csv", chunk, 1, 2);
		assertThat(faults.failingFiles().get("/srv/hub/inbox/cdr/a/z.csv")).startsWith("disk_full: no space left");
		assertThat(faults.attempts("/srv/hub/inbox/cdr/a/z.csv")).isZero();
		// space freed between the failed write and the look: still a full disk while the
		// one seen is not cleared (FullDiskIT in CI)
		faults.freeSpace(() -> 1_000_000_000L);
		assertThat(faults.causeHere(chunk)).isEqualTo(Faults.Cause.DISK_FULL);
		faults.succeeded("cdr", "/srv/hub/inbox/cdr/a/z.csv");
		assertThat(faults.causeHere(chunk)).isEqualTo(Faults.Cause.OTHER);
	}

	@Test
	void aFileMeetingADiskAlreadyKnownFullIsNamedInItsOwnLine(CapturedOutput output) {
		Faults faults = new Faults(Clock.systemUTC(), new SimpleMeterRegistry());
		faults.freeSpace(() -> 0L);
		IOException full = new IOException("No space left on device");
		faults.failed("recharge-immediate", "(route recharge-immediate)", full);
		faults.redelivering("intake-cdr-folder", "/srv/hub/inbox/cdr/a/big.csv", full, 1, 2);
		assertThat(output.getOut()).contains(
				"intake-cdr-folder /srv/hub/inbox/cdr/a/big.csv: no space left on device (No space left on device); "
						+ "the file stays where it is");
		// a timer route has no file: the one line about the full disk is enough
		faults.failed("outbox-mail", "(route outbox-mail)", full);
		assertThat(output.getOut()).doesNotContain("(route outbox-mail): no space left on device");
	}

	/**
	 * A file whose database connection was cut mid-file and that went through on Camel's
	 * immediate retry left no line at all: now the outage and the recovery are told, and
	 * a failure of the file's own is a warning on the retry, an error only when the
	 * retries are used up, and not counted toward the poison-file rule before that.
	 */
	@Test
	void anAttemptThatFailsAndGoesThroughOnTheRetryIsTold(CapturedOutput output) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Faults faults = new Faults(Clock.systemUTC(), meters);
		String file = "/srv/hub/inbox/cdr/a/cut.csv";
		faults.redelivering("intake-cdr", file, new RuntimeException(
				new SQLException("FATAL: terminating connection due to administrator command", "57P01")), 1, 2);
		assertThat(output.getOut()).contains(
				"database unavailable (FATAL: terminating connection due to administrator command) during intake-cdr "
						+ file);
		assertThat(faults.databaseDownSince()).isNotNull();
		faults.succeeded("cdr", file);
		assertThat(output.getOut()).contains("database back after")
			.contains("cdr " + file + ": went through after 1 failed attempt(s)");
		assertThat(faults.databaseDownSince()).isNull();

		String other = "/srv/hub/inbox/cdr/a/odd.csv";
		for (int retry = 1; retry <= 2; retry++) {
			faults.redelivering("intake-cdr", other, new IllegalStateException("boom"), retry, 2);
		}
		assertThat(output.getOut().split("attempt failed: boom; trying again shortly", -1)).hasSize(2);
		assertThat(output.getOut()).doesNotContain(other + ": failed: boom");
		assertThat(faults.attempts(other)).isZero();
		assertThat(faults.failingFiles()).doesNotContainKey(other);
		faults.failed("intake-cdr", other, new IllegalStateException("boom"));
		assertThat(output.getOut()).contains(other + ": failed: boom; it stays where it is");
		assertThat(faults.attempts(other)).isEqualTo(1);
		faults.redelivering("intake-cdr", other, new IllegalStateException("boom"), 1, 2);
		assertThat(output.getOut().split("attempt failed: boom; trying again shortly", -1)).hasSize(2);
		faults.succeeded("cdr", other);
		assertThat(output.getOut()).contains("cdr " + other + ": went through after 1 failed attempt(s)");

		String once = "/srv/hub/inbox/cdr/a/once.csv";
		faults.redelivering("intake-cdr", once, new IllegalStateException("flaky"), 1, 2);
		faults.succeeded("cdr", once);
		assertThat(output.getOut())
			.contains("cdr " + once + ": went through on a retry (the attempt before failed: flaky)");
	}

}
