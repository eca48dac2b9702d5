package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: run --once exits 6 when a posted file is flagged (here a CDR file
 * whose calls are all unfunded for lack of licenses), and says so; files shows a license
 * file's time and where it came from (DOMAIN rule 11).
 */
class FlaggedRunCommandLineIT {

	@TempDir
	Path home;

	static void write(Path file, String content) throws Exception {
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	@Test
	void aFlaggedFileGivesItsOwnExitCode() throws Exception {
		String[] db = TestDatabase.arguments(home);
		Path inbox = home.resolve("inbox");
		write(inbox.resolve("rates/rates.csv"),
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From
						+44,United Kingdom,landline,USD,0.12,0,1,1,2020-01-01
						""");
		write(inbox.resolve("accounts/accounts.csv"), "Organization Id,Name,Currency,Country\nflg,Flag Co,USD,US\n");
		write(inbox.resolve("funds/funds.csv"),
				"Organization Id,Amount,Currency,Purchased At,Order Reference\nflg,5.00,USD,2026-01-01T00:00:00Z,F-1\n");
		// the only user of the export has no Communications Credits license
		write(inbox.resolve("licenses/flg/license-export.csv"), """
				User principal name,Display name,Object Id,Usage location,Licenses,Phone number,Block credential
				ann@flg.example,Ann,u-ann,US,Microsoft Teams Phone Standard,,False
				""");
		write(inbox.resolve("cdr/flg/PSTN.calls.csv"),
				"""
						UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability
						f-1,c-1,,US,u-ann,ann@flg.example,Ann,+14255550100,user_out,user,International,UK,+442079460000,2026-02-03T08:00:00Z,2026-02-03T08:01:00Z,60,0,,USD,MCOPSTNPP
						f-2,c-2,,US,u-ann,ann@flg.example,Ann,+14255550100,user_out,user,International,UK,+442079460000,2026-02-03T09:00:00Z,2026-02-03T09:01:00Z,60,0,,USD,MCOPSTNPP
						""");
		CliRunner.Result run = CliRunner.run(db, "run", "--once");
		assertThat(run.code()).as(run.out() + run.err()).isEqualTo(Launcher.FLAGGED);
		assertThat(run.out()).contains("1 users in force for every earlier call (first export of flg, FIRST_EXPORT",
				"FLAGGED: 2 of 2 chargeable call(s) unfunded for lack of licenses (more than 50%");

		CliRunner.Result files = CliRunner.run(db, "files");
		assertThat(files.code()).isZero();
		assertThat(files.out()).contains("licenses in force from every earlier call (FIRST_EXPORT, stated ",
				"FLAGGED: 2 of 2 chargeable call(s)");
	}

}
