package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The funds-lifecycle commands of the jar, in-process on one data folder: output and exit
 * codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleCommandLineIT {

	@TempDir
	static Path home;

	String[] db;

	final LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);

	@BeforeAll
	void database() {
		db = TestDatabase.arguments(home);
	}

	CliRunner.Result run(String... args) {
		return CliRunner.run(db, args);
	}

	@Test
	@Order(1)
	void helpListsTheNewCommands() {
		CliRunner.Result r = run("--help");
		assertThat(r.code()).isZero();
		assertThat(r.out()).contains("funds", "recharge", "expire");
		assertThat(run("recharge", "run", "--help").out()).contains("--date", "business date");
		assertThat(run("recharge", "set", "--help").out()).contains("--trigger", "--amount", "--payment-method",
				"--[no-]enable");
		assertThat(run("expire", "run", "--help").out()).contains("--date");
		assertThat(run("funds", "add", "--help").out()).contains("AMOUNT", "--reference");
		assertThat(run("recharge", "run", "--date", "yesterday").code()).isEqualTo(Launcher.USAGE);
	}

	@Test
	@Order(2)
	void accountsAndFundsComeFromTheInbox() throws Exception {
		Instant now = Instant.now();
		Files.createDirectories(home.resolve("inbox/accounts"));
		Files.createDirectories(home.resolve("inbox/funds"));
		Files.writeString(home.resolve("inbox/accounts/accounts.csv"),
				"""
						Organization Id,Name,Currency,Country,Admin Emails,Auto Recharge,Trigger Amount,Recharge Amount,Payment Method
						cli,Cli Corp,USD,US,admin@cli.example,true,20.00,50.00,card:visa-4242-2099-12
						old,Old Corp,USD,US,admin@old.example,false,,,
						""");
		Files.writeString(home.resolve("inbox/funds/funds.csv"),
				"Organization Id,Amount,Currency,Purchased At,Order Reference\n" + "cli,10.00,USD,"
						+ now.minus(1, ChronoUnit.DAYS) + ",CLI-1\n" + "old,7.00,USD,"
						+ now.atOffset(ZoneOffset.UTC).minusMonths(13) + ",OLD-1\n");
		CliRunner.Result r = run("run", "--once");
		assertThat(r.code()).as(r.err()).isZero();
		assertThat(r.out()).contains("Processed 2 file(s)");
	}

	@Test
	@Order(3)
	void fundsAddIsAManualTopUpAddedOnce() {
		CliRunner.Result ok = run("funds", "add", "cli", "5.00", "--reference", "M-1");
		assertThat(ok.code()).as(ok.err()).isZero();
		assertThat(ok.out()).contains("added lot", "5.00 USD, reference M-1", "balance 15.00 USD");
		CliRunner.Result again = run("funds", "add", "cli", "5.00", "--reference", "M-1");
		assertThat(again.code()).isEqualTo(Launcher.CONFLICT);
		assertThat(again.err()).contains("reference M-1 was already added");
		assertThat(run("funds", "add", "nobody", "5.00").code()).isEqualTo(Launcher.NOT_FOUND);
		assertThat(run("funds", "add", "cli", "1.234").code()).isEqualTo(Launcher.USAGE);
	}

	@Test
	@Order(4)
	void rechargeSetValidatesAndChangesTheSettings() {
		CliRunner.Result invalid = run("recharge", "set", "cli", "--payment-method", "");
		assertThat(invalid.code()).isEqualTo(Launcher.USAGE);
		assertThat(invalid.err()).contains("needs a trigger amount, a positive recharge amount and a payment method");
		CliRunner.Result ok = run("recharge", "set", "cli", "--trigger", "25.00", "--amount", "50.00");
		assertThat(ok.code()).as(ok.err()).isZero();
		assertThat(ok.out())
			.contains("cli auto-recharge on, trigger 25.00, amount 50.00, payment method card:visa-4242-2099-12");
	}

	@Test
	@Order(5)
	void rechargeRunChargesOncePerDate() {
		CliRunner.Result r = run("recharge", "run", "--date", yesterday.toString());
		assertThat(r.code()).as(r.err()).isZero();
		assertThat(r.out()).contains("Recharge run for " + yesterday + " (gateway: simulated)")
			.containsPattern("cli\\s+SUCCEEDED\\s+50.00 USD")
			.contains("1 succeeded, 0 failed, 0 skipped, 0 error(s); 1 email(s) sent");
		CliRunner.Result again = run("recharge", "run", "--date", yesterday.toString());
		assertThat(again.out()).contains("0 succeeded, 0 failed, 0 skipped, 0 error(s)");
		CliRunner.Result show = run("recharge", "show", "cli");
		assertThat(show.out()).contains("balance 65.00 USD", "SUCCEEDED", "credits-hub:cli:nightly:" + yesterday);
	}

	@Test
	@Order(6)
	void expireRunForfeitsExpiredLotsAndTheBooksStillBalance() throws Exception {
		CliRunner.Result r = run("expire", "run", "--date", yesterday.toString());
		assertThat(r.code()).as(r.err()).isZero();
		assertThat(r.out()).containsPattern("old\\s+lot \\d+\\s+EXPIRED\\s+7.00 USD\\s+OLD-1");
		assertThat(run("expire", "run", "--date", yesterday.toString()).out()).contains("0 lot(s) forfeited");
		CliRunner.Result reconcile = run("reconcile");
		assertThat(reconcile.code()).isZero();
		assertThat(reconcile.out()).contains("OK       old USD ledger=0.00 balance=0.00 lots=0.00");
		try (Stream<Path> mails = Files.list(home.resolve("outbox/mail"))) {
			assertThat(mails.map(p -> p.getFileName().toString().replaceFirst("^\\d+-", "")))
				.containsExactlyInAnyOrder("recharge-succeeded.eml", "zero-balance.eml", "funds-expired.eml");
		}
		try (Stream<Path> carrier = Files.list(home.resolve("outbox/carrier"))) {
			assertThat(carrier).singleElement()
				.satisfies(f -> assertThat(Files.readString(f)).contains("old,", ",SUSPEND,"));
		}
	}

}
