package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corrections tour of docs/corrections.md from the command line: a corrected rate
 * table for March 2025, a dry run, the real run (once), a manual adjustment, and the
 * books still reconciled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionsCommandLineIT {

	@TempDir
	static Path home;

	String[] db;

	@BeforeAll
	void database() {
		db = TestDatabase.arguments(home);
	}

	CliRunner.Result run(String... args) {
		return CliRunner.run(db, args);
	}

	@Test
	void correctingAMonthsRatesFromTheCommandLine() throws Exception {
		assertThat(run("run", "--once", "--with-samples").code()).isZero();
		// the carrier's corrected table for March: EUR Germany mobile +4917 at 0.095
		// instead of 0.145, India +91 at
		// 0.06 instead of 0.092
		String table = Files.readString(Path.of("samples/rates/rates-2025-01.csv"))
				+ "+4917,Germany mobile,mobile,EUR,0.095,0.045,30,6,2025-03-02,2025-04-01,false,0,,\n"
				+ "+91,India,landline,EUR,0.06,0,60,60,2025-03-02,2025-04-01,false,0,,\n";
		Files.writeString(home.resolve("inbox/rates/rates-2025-03-corrected.csv"), table);
		assertThat(run("run", "--once").code()).isZero();

		CliRunner.Result dry = run("rerate", "--org", "fabrikam", "--from", "2025-03-01T00:00:00Z", "--to",
				"2025-04-01T00:00:00Z", "--dry-run");
		assertThat(dry.code()).as(dry.err()).isZero();
		assertThat(dry.out()).contains("dry run, nothing posted", "2 call(s) would change", "total fabrikam: 2 call(s)",
				"-dry-run.csv");
		// Lea's +4917 240 s: 0.145 x 4 + 0.045 = 0.625 -> 0.63 was paid from the lot;
		// 0.095 x 4 + 0.045 = 0.425 -> 0.43:
		// 0.20 back to the lot that paid it, which expired on 2026-01-10 (12 months after
		// purchase; the command runs on
		// the wall clock): forfeited at once, like expiry
		assertThat(dry.out()).containsPattern("due 0.63 -> 0.43 \\(-0.20\\) lots \\d+:0.20 forfeited");
		// Lea's +91 300 s: 5 x 0.092 = 0.46 (0.16 paid, 0.30 unfunded) -> 5 x 0.06 =
		// 0.30: the unfunded part shrinks
		// by 0.16, nothing is refunded
		assertThat(dry.out()).contains("due 0.46 -> 0.30 (-0.16)");
		assertThat(dry.out())
			.contains("difference -0.36, refunded 0.20 (forfeited 0.20), charged 0.00, unfunded -0.16, "
					+ "balance 0.00 EUR");
		String id = "rerate-fabrikam-20250301T0000-20250401T0000-v2";
		Path csv = home.resolve("outbox/reports/corrections/" + id + "-dry-run.csv");
		assertThat(Files.readAllLines(csv)).hasSize(3);

		CliRunner.Result posted = run("rerate", "--org", "fabrikam", "--from", "2025-03-01T00:00:00Z", "--to",
				"2025-04-01T00:00:00Z");
		assertThat(posted.code()).as(posted.err()).isZero();
		assertThat(posted.out()).contains("correction " + id + " (posted)", "2 call(s) changed");
		assertThat(Files.readAllLines(home.resolve("outbox/reports/corrections/" + id + ".csv")))
			.isEqualTo(Files.readAllLines(csv));
		assertThat(run("rerate", "--org", "fabrikam", "--from", "2025-03-01T00:00:00Z", "--to", "2025-04-01T00:00:00Z")
			.out()).contains("was already posted", "nothing posted now");

		CliRunner.Result adjust = run("adjust", "fabrikam", "5.00", "--reason", "goodwill after the outage");
		assertThat(adjust.code()).as(adjust.err()).isZero();
		assertThat(adjust.out()).contains("added lot");
		assertThat(run("adjust", "fabrikam", "5.00", "--reason", "goodwill after the outage").code())
			.isEqualTo(Launcher.CONFLICT);
		assertThat(run("adjust", "fabrikam", "1.00").code()).isEqualTo(Launcher.USAGE); // no
																						// reason
		assertThat(run("adjust", "nosuch", "1.00", "--reason", "x").code()).isEqualTo(Launcher.NOT_FOUND);

		assertThat(run("corrections").out()).contains(id, "RERATE", "ADJUST", "goodwill after the outage");

		CliRunner.Result reconcile = run("reconcile");
		assertThat(reconcile.code()).as(reconcile.out()).isZero();
		assertThat(run("ledger", "fabrikam").out()).contains("ADJUSTMENT");
	}

}
