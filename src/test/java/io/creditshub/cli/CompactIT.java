package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.creditshub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issues 11 and 14: {@code compact} gives back the free space a big file left in the
 * embedded database's file, offline, without changing a row: the books, the audit and the
 * balances are the same after it, and the hub goes on posting on the new file.
 */
class CompactIT {

	@TempDir
	Path home;

	@Test
	void aBigFilesFreeSpaceIsGivenBackAndNothingElseChanges() throws Exception {
		assumeFalse(TestDatabase.postgres(), "the embedded database's file");
		String[] db = TestDatabase.arguments(home);
		assertThat(CliRunner.run(db, "run", "--once", "--with-samples").code()).isZero();
		assertThat(CliRunner
			.run(db, "generate-cdrs", "--rows", "30000", "--seed", "7", "--out",
					home.resolve("inbox/cdr/contoso/PSTN.calls.big.csv").toString())
			.code()).isZero();
		CliRunner.Result big = CliRunner.run(db, "run", "--once");
		assertThat(big.code()).as(big.out()).isIn(Launcher.OK, Launcher.FLAGGED);
		assertThat(big.out()).contains("PSTN.calls.big.csv", "POSTED");
		String contoso = CliRunner.run(db, "balance", "contoso").out();
		String fabrikam = CliRunner.run(db, "balance", "fabrikam").out();
		String ledger = CliRunner.run(db, "ledger", "contoso").out();
		// refused while another process (here: a hub's context) has the database open
		try (ConfigurableApplicationContext hub = Launcher.start(java.util.List.of(db), true)) {
			CliRunner.Result busy = CliRunner.run(db, "compact");
			assertThat(busy.code()).isEqualTo(Launcher.FAILED);
			assertThat(busy.err()).contains("stop it first");
		}
		Path file = home.resolve("db/credits-hub.mv.db");
		long before = Files.size(file);

		// what a compact stopped by kill -9 leaves: a second name of the database file
		// and
		// a half-made copy
		Path left = Files.createDirectories(home.resolve("db/compact-20260101T000000Z"));
		Files.createLink(left.resolve("credits-hub.mv.db"), file);
		Files.writeString(left.resolve("credits-hub.mv.db.tempFile"), "half a copy");
		// and what this one leaves when stopped before its rename: a backup name of the
		// database file itself
		Path sameFile = Files.createDirectories(home.resolve("db/backup"))
			.resolve("credits-hub-20260102T000000Z.mv.db");
		Files.createLink(sameFile, file);

		CliRunner.Result compact = CliRunner.run(db, "compact");
		assertThat(compact.code()).as(compact.out() + compact.err()).isZero();
		assertThat(compact.out()).contains("removed what an earlier, interrupted compact left: " + left);
		assertThat(left).doesNotExist();
		assertThat(compact.out()).contains("removed " + sameFile + ", a second name of the database file");
		assertThat(sameFile).doesNotExist();
		assertThat(compact.out()).containsPattern("compact: \\d+ table\\(s\\) verified \\(\\d+ rows\\)");
		long after = Files.size(file);
		assertThat(after).as("%,d -> %,d bytes", before, after).isLessThan(before / 2);
		try (Stream<Path> kept = Files.list(home.resolve("db/backup"))) {
			// the old file, as the fingerprint left it (opening it writes a little)
			assertThat(kept.toList()).singleElement()
				.satisfies(p -> assertThat(Files.size(p)).isGreaterThanOrEqualTo(before));
		}
		try (Stream<Path> inDb = Files.list(home.resolve("db"))) {
			assertThat(inDb.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("compact-"));
		}

		// the same books
		assertThat(CliRunner.run(db, "audit").code()).isZero();
		assertThat(CliRunner.run(db, "reconcile").code()).isZero();
		assertThat(CliRunner.run(db, "balance", "contoso").out()).isEqualTo(contoso);
		assertThat(CliRunner.run(db, "balance", "fabrikam").out()).isEqualTo(fabrikam);
		assertThat(CliRunner.run(db, "ledger", "contoso").out()).isEqualTo(ledger);

		// and the hub goes on with it
		assertThat(CliRunner.run(db, "funds", "add", "contoso", "25.00", "--reference", "PO-AFTER").code()).isZero();
		assertThat(CliRunner
			.run(db, "generate-cdrs", "--rows", "500", "--seed", "8", "--out",
					home.resolve("inbox/cdr/contoso/PSTN.calls.after.csv").toString())
			.code()).isZero();
		CliRunner.Result next = CliRunner.run(db, "run", "--once");
		assertThat(next.out()).contains("PSTN.calls.after.csv", "POSTED");
		assertThat(CliRunner.run(db, "audit").code()).isZero();
		assertThat(CliRunner.run(db, "reconcile").code()).isZero();
	}

}
