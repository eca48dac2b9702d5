package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real commands of the jar, run in-process against a test database: output and exit
 * codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineIT {

	@TempDir
	static Path home;

	String[] db;

	@BeforeAll
	void database() {
		// one database for the whole class: the commands see what run --once posted
		db = TestDatabase.arguments(home);
	}

	CliRunner.Result run(String... args) {
		return CliRunner.run(db, args);
	}

	@Test
	@Order(1)
	void helpListsTheCommandsWithoutStartingTheHub() {
		CliRunner.Result r = run("--help");
		assertThat(r.code()).isZero();
		assertThat(r.out()).contains("run", "balance", "ledger", "reconcile", "files");
		assertThat(run("balance", "--help").out()).contains("ORG");
		assertThat(run("no-such-command").code()).isEqualTo(Launcher.USAGE);
	}

	@Test
	@Order(2)
	void runOnceWithSamplesPrintsWhatWasRatedAndTheBalances() {
		CliRunner.Result r = run("run", "--once", "--with-samples");
		assertThat(r.code()).isZero();
		assertThat(r.out()).contains("Processed 7 file(s)");
		assertThat(r.out()).containsPattern("contoso\\s+Contoso Ltd\\s+USD\\s+12\\s+10\\s+0.35\\s+1.28\\s+0.00");
		assertThat(r.out()).containsPattern("fabrikam\\s+Fabrikam GmbH\\s+EUR\\s+7\\s+6\\s+1.50\\s+0.30\\s+0.00");
		assertThat(r.out()).contains("1 row(s) rejected");
		assertThat(home.resolve("inbox/cdr/contoso")).isEmptyDirectory();
	}

	@Test
	@Order(3)
	void balancePrintsTheBalanceAndOpenLots() {
		CliRunner.Result r = run("balance", "contoso");
		assertThat(r.code()).isZero();
		// the sample lots have expired by now (2025-04-15, 2026-02-01): not money, even
		// before the expiry batch
		assertThat(r.out()).startsWith("contoso USD 0.00 (104.65 in expired lots, forfeit not posted yet: run expire)");
		assertThat(r.out()).doesNotContain("ref PO-2024-0415");
		assertThat(run("balance", "nobody").code()).isEqualTo(Launcher.NOT_FOUND);
	}

	@Test
	@Order(4)
	void ledgerIsCsvOnStdoutWithARunningBalance() {
		CliRunner.Result r = run("ledger", "fabrikam");
		assertThat(r.code()).isZero();
		List<String> lines = r.out().lines().toList();
		assertThat(lines.get(0))
			.startsWith("entry_id,posted_at,occurred_at,type,amount,unfunded_amount,currency,balance_after");
		assertThat(lines).hasSize(1 + 1 + 6); // header, purchase, six calls with a price
		assertThat(lines.get(1)).contains(",PURCHASE,1.50,0.00,EUR,1.50,");
		assertThat(lines.get(2)).contains(",INCLUDED_USAGE,0.00,0.00,EUR,1.50,")
			.endsWith(",POOL,DOMESTIC/DE/2025-03,2,0.00");
		assertThat(lines.get(7)).contains(",UNFUNDED_USAGE,-0.16,0.30,EUR,0.00,").endsWith(",CREDITS+UNFUNDED,,,0.46");
		assertThat(run("ledger", "nobody").code()).isEqualTo(Launcher.NOT_FOUND);
	}

	@Test
	@Order(4)
	void orgsCallsAndRatesLookup() {
		CliRunner.Result orgs = run("orgs");
		assertThat(orgs.code()).isZero();
		assertThat(orgs.out())
			.containsPattern("contoso\\s+Contoso Ltd\\s+USD\\s+US\\s+0.00\\s+active\\s+below 10.00 add 50.00");
		assertThat(run("orgs", "--json").out()).contains("\"orgId\" : \"fabrikam\"");

		CliRunner.Result calls = run("calls", "contoso", "--paid-by", "unfunded");
		assertThat(calls.code()).isZero();
		assertThat(calls.out()).contains("no Communications Credits license", "3 of 3 call(s)");
		assertThat(run("calls", "contoso", "--paid-by", "gold").code()).isEqualTo(Launcher.USAGE);
		assertThat(run("calls", "nobody").code()).isEqualTo(Launcher.NOT_FOUND);
		assertThat(run("calls", "contoso", "--json", "--limit", "1").out()).contains("\"total\" : 12");

		CliRunner.Result rate = run("rates", "lookup", "+447700900123", "--currency", "USD", "--at",
				"2025-03-03T00:00:00Z");
		assertThat(rate.code()).isZero();
		assertThat(rate.out()).contains("+447 United Kingdom mobile (mobile) USD",
				"from second 60: 0.08/min, increments 1/1");
		assertThat(run("rates", "lookup", "+881", "--currency", "USD").code()).isEqualTo(Launcher.NOT_FOUND);
		assertThat(run("balance", "contoso", "--json").out()).contains("\"balance\" : 0", "\"bookedBalance\" : 104.65");
	}

	@Test
	@Order(5)
	void filesListsTheJournal() {
		CliRunner.Result r = run("files");
		assertThat(r.code()).isZero();
		assertThat(r.out()).contains("PSTN.calls.2025-03-03.csv", "POSTED", "rates-2025-01.csv");
	}

	@Test
	@Order(6)
	void reconcileNamesTheOrganizationWhoseBooksDoNotBalance() throws Exception {
		CliRunner.Result ok = run("reconcile");
		assertThat(ok.code()).isZero();
		assertThat(ok.out()).contains("OK       contoso USD ledger=104.65 balance=104.65 lots=104.65",
				"2 organization(s) checked, 0 mismatch(es)");

		tamperWithContosoBalance();
		CliRunner.Result bad = run("reconcile");
		assertThat(bad.code()).isEqualTo(Launcher.MISMATCH);
		assertThat(bad.out()).contains("MISMATCH contoso", "1 mismatch(es)");
	}

	@Test
	@Order(7)
	void runOnceExitsNonZeroWhenAFileIsRefused() throws Exception {
		Files.createDirectories(home.resolve("inbox/cdr/contoso"));
		Files.writeString(home.resolve("inbox/cdr/contoso/broken.csv"), "not,a,teams,export\n1,2,3,4\n");
		CliRunner.Result r = run("run", "--once");
		assertThat(r.code()).isEqualTo(Launcher.FAILED);
		assertThat(r.out()).contains("ERROR", "missing required column(s): UsageId");
		assertThat(home.resolve("error/cdr/contoso/broken.csv.reason.txt")).exists();
	}

	@Test
	@Order(8)
	void aRefusedSettingIsPrintedAsItsCauseNotAsSpringsWrapping() {
		// an absolute carrier folder (Camel's SFTP consumer would poll it below the login
		// directory and never see the carrier's files): the one line says what to write
		CliRunner.Result r = run("balance", "contoso", "--credits.carriers[0].name=acme",
				"--credits.carriers[0].host=127.0.0.1", "--credits.carriers[0].user=hub",
				"--credits.carriers[0].password=x", "--credits.carriers[0].strict-host-key-checking=false",
				"--credits.carriers[0].cdr-folder=/upload/cdr");
		assertThat(r.code()).isEqualTo(Launcher.FAILED);
		assertThat(r.err())
			.contains("error: carrier acme: remote folder /upload/cdr is absolute; give every folder "
					+ "relative to the carrier's login directory")
			.doesNotContain("error: Error creating bean");
	}

	/**
	 * Simulates corruption outside the hub (a manual UPDATE) to prove reconcile catches
	 * it.
	 */
	private void tamperWithContosoBalance() throws Exception {
		String url = null, user = "sa";
		for (String a : db) {
			if (a.startsWith("--spring.datasource.url=")) {
				url = a.substring("--spring.datasource.url=".length());
			}
			if (a.startsWith("--spring.datasource.username=")) {
				user = a.substring("--spring.datasource.username=".length());
			}
		}
		if (url == null) {
			url = "jdbc:h2:file:" + home + "/db/credits-hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
		}
		try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
			s.executeUpdate("UPDATE organization SET balance = balance + 0.01 WHERE org_id = 'contoso'");
		}
	}

}
