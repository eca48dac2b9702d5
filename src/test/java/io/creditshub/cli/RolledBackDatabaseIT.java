package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.creditshub.audit.Auditor;
import io.creditshub.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 11: the embedded database goes back to an older copy of itself while archive/
 * holds later files. The hub must refuse intake and name what is missing, and the
 * operator's re-drive must bring the books back.
 */
class RolledBackDatabaseIT {

	@TempDir
	Path home;

	@Test
	void anOlderCopyOfTheDatabaseIsRefusedNamedAndRedriven() throws Exception {
		assumeFalse(TestDatabase.postgres(), "restoring database files is the embedded database's case");
		String[] db = TestDatabase.arguments(home);
		assertThat(CliRunner.run(db, "run", "--once", "--with-samples").code()).isZero();
		Path backup = home.resolveSibling(home.getFileName() + "-db-backup");
		copy(home.resolve("db"), backup);

		// later: a CDR file and funds added from the command line
		assertThat(CliRunner
			.run(db, "generate-cdrs", "--rows", "300", "--seed", "7", "--out",
					home.resolve("inbox/cdr/contoso/PSTN.calls.later.csv").toString())
			.code()).isZero();
		CliRunner.Result later = CliRunner.run(db, "run", "--once");
		assertThat(later.code()).as(later.out()).isIn(Launcher.OK, Launcher.FLAGGED); // generated
																						// callers
																						// hold
																						// no
																						// licenses
		assertThat(later.out()).contains("PSTN.calls.later.csv", "POSTED");
		assertThat(CliRunner.run(db, "funds", "add", "contoso", "25.00", "--reference", "PO-LATER").code()).isZero();
		assertThat(CliRunner.run(db, "audit").code()).isZero();
		String balanceBefore = CliRunner.run(db, "balance", "contoso").out().lines().findFirst().orElseThrow();

		// the database goes back to the older copy, without a word
		delete(home.resolve("db"));
		copy(backup, home.resolve("db"));
		// an email the lost state had sent (its row went with it)
		Files.createDirectories(home.resolve("outbox/mail"));
		Files.writeString(home.resolve("outbox/mail/00000099-zero-balance.eml"), "Subject: lost\r\n\r\nlost state\r\n");

		CliRunner.Result refused = CliRunner.run(db, "run", "--once");
		assertThat(refused.code()).as(refused.out()).isEqualTo(Launcher.AUDIT_FAILED);
		assertThat(refused.out()).contains("AUDIT FAILED", "PSTN.calls.later.csv", "ledger_entry ids went backwards",
				"00000099-zero-balance.eml", "audit --redrive");
		assertThat(refused.out()).doesNotContain("Processed");
		assertThat(CliRunner.run(db, "audit").code()).isEqualTo(Launcher.AUDIT_FAILED);

		// health says so too
		try (ConfigurableApplicationContext ctx = Launcher.start(java.util.List.of(db), true)) {
			ctx.getBean(Auditor.class).audit();
			HealthIndicator health = ctx.getBean("audit", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.health().getDetails().get("problems").toString()).contains("PSTN.calls.later.csv");
		}

		// the operator re-drives the archived files the database lost, then adds the
		// funds again
		CliRunner.Result redrive = CliRunner.run(db, "audit", "--redrive");
		assertThat(redrive.code()).as(redrive.out()).isZero();
		assertThat(home.resolve("inbox/cdr/contoso/PSTN.calls.later.csv")).exists();
		// the lost state's email is kept aside, no longer in the outbox
		assertThat(home.resolve("outbox/mail/00000099-zero-balance.eml")).doesNotExist();
		try (Stream<Path> aside = Files.walk(home.resolve("audit/orphaned-outbox"))) {
			assertThat(aside.map(p -> p.getFileName().toString())).contains("mail_00000099-zero-balance.eml");
		}
		CliRunner.Result again = CliRunner.run(db, "run", "--once");
		assertThat(again.code()).as(again.out()).isIn(Launcher.OK, Launcher.FLAGGED);
		assertThat(again.out()).contains("PSTN.calls.later.csv", "POSTED");
		assertThat(CliRunner.run(db, "funds", "add", "contoso", "25.00", "--reference", "PO-LATER").code()).isZero();
		assertThat(CliRunner.run(db, "audit").code()).isZero();
		assertThat(CliRunner.run(db, "reconcile").code()).isZero();
		assertThat(CliRunner.run(db, "balance", "contoso").out()).startsWith(balanceBefore + "\n")
			.contains("ref PO-LATER");
		assertThat(home.resolve("audit/history.log")).content().contains("re-driven", "accepted the database");
	}

	private static void copy(Path from, Path to) throws IOException {
		Files.createDirectories(to);
		try (Stream<Path> s = Files.list(from)) {
			for (Path p : s.filter(p -> !p.getFileName().toString().endsWith(".lock.db")).toList()) {
				Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	private static void delete(Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			for (Path p : s.toList()) {
				Files.delete(p);
			}
		}
	}

}
