package io.creditshub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.intake.IntakeOutcome;
import io.creditshub.intake.NoRateRedrive;
import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 17, item 5, on H2 and PostgreSQL: calls rejected for want of a rate are rated
 * once a rate for them arrives, exactly once, and the ones still without a rate wait for
 * the next rate file.
 */
class NoRateRedriveIT extends HubIntegrationTest {

	static final String RATES_HEADER = "Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,"
			+ "First Increment,Next Increment,Effective From\n";

	@Autowired
	NoRateRedrive redrive;

	@Test
	void callsRejectedForWantOfARateArePostedWhenItArrivesAndOnlyOnce() throws Exception {
		loadReferenceData();
		drop("cdr/acme/PSTN.calls.asia.csv", teamsExport( //
				"nr-us,user_out,+12065550100,2025-03-03T08:00:00Z,60", // 0.06
				"nr-jp1,user_out,+81312345678,2025-03-03T09:00:00Z,120", //
				"nr-jp2,user_out,+81612345678,2025-03-03T10:00:00Z,30", //
				"nr-au,user_out,+61212345678,2025-03-03T11:00:00Z,60"));
		IntakeOutcome first = drain().get(0);
		assertThat(first.posted()).isEqualTo(1);
		assertThat(first.rejected()).isEqualTo(3);
		assertThat(Files.readString(first.movedTo().resolveSibling(first.movedTo().getFileName() + ".rejects.csv")))
			.contains("nr-jp1,no rate for +81312345678 in USD");
		balance("acme", "9.94");

		// a rate for Japan arrives: the two Japanese calls are re-driven from the
		// archived file and posted
		drop("rates/japan.update.csv", RATES_HEADER + "+81,Japan,landline,USD,0.10,0,60,60,2025-01-01\n");
		List<IntakeOutcome> after = drain();
		assertThat(after).extracting(IntakeOutcome::fileName)
			.containsExactly("japan.update.csv", "PSTN.calls.asia.rerate-" + fileId("PSTN.calls.asia.csv") + ".csv");
		IntakeOutcome rerated = after.get(1);
		assertThat(rerated.status()).as(rerated.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(rerated.posted()).isEqualTo(2);
		assertThat(rerated.rejected()).isZero();
		// 2 min and 1 min (60 s increments) at 0.10
		balance("acme", "9.64");
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id IN ('nr-jp1', 'nr-jp2')")).isEqualTo(2);
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id = 'nr-au'")).isZero();
		assertThat(count("SELECT COUNT(*) FROM intake_reject WHERE redriven_to IS NOT NULL")).isEqualTo(2);

		// another rate file without +61: the Australian call stays rejected, nothing is
		// re-driven again
		drop("rates/germany.update.csv", RATES_HEADER + "+49,Germany,landline,EUR,0.07,0,60,60,2025-01-01\n");
		assertThat(drain()).extracting(IntakeOutcome::fileName).containsExactly("germany.update.csv");
		try (Stream<java.nio.file.Path> inbox = Files.walk(folders.inbox("cdr"))) {
			assertThat(inbox.filter(Files::isRegularFile)).isEmpty();
		}

		// a crash between writing the re-driven file and marking its rows: the rows are
		// re-driven again, and that copy
		// is the same content (archived as a duplicate) or, had the table changed
		// meanwhile, refused row by row as already
		// recorded (DOMAIN rule 10): nothing is charged twice
		jdbc.sql("UPDATE intake_reject SET redriven_to = NULL").update();
		assertThat(redrive.redrive()).singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(2));
		IntakeOutcome again = drain().get(0);
		assertThat(again.status()).isEqualTo(IntakeOutcome.Status.DUPLICATE);
		assertThat(again.posted()).isZero();
		balance("acme", "9.64");
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id IN ('nr-jp1', 'nr-jp2')")).isEqualTo(2);
	}

	/** Balance = ledger = lots, to the cent (DOMAIN rule 9). */
	private void balance(String org, String expected) {
		assertThat(balance(org)).isEqualByComparingTo(expected);
		assertThat(ledgerSum(org)).isEqualByComparingTo(expected);
		assertThat(lotsSum(org)).isEqualByComparingTo(expected);
	}

	private long fileId(String name) {
		return jdbc.sql("SELECT file_id FROM ingest_file WHERE file_name = :n AND status = 'POSTED'")
			.param("n", name)
			.query(Long.class)
			.single();
	}

}
