package io.creditshub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.intake.IntakeOutcome;
import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The poison-file rule (issue 13; issue 17 item 4 "a file that fails forever"): a file
 * that keeps failing for a reason that is neither the database's nor the disk's goes to
 * error/ after credits.intake.max-attempts tries, with its last reason; nothing of it is
 * posted. Here the failure is the crash point that fails a CDR file after 2 rows.
 */
@TestPropertySource(properties = "credits.intake.max-attempts=3")
class PoisonFileIT extends HubIntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	io.creditshub.system.CrashPoints crashPoints;

	@Test
	void aFileThatAlwaysFailsEndsInErrorAfterNTriesWithItsReason() throws Exception {
		loadReferenceData();
		crashPoints.failAfterRows(2);
		Path file = drop("cdr/acme/PSTN.calls.poison.csv",
				teamsExport("p-1,user_out,+12065550100,2025-03-03T08:00:00Z,60",
						"p-2,user_out,+12065550100,2025-03-03T09:00:00Z,60",
						"p-3,user_out,+12065550100,2025-03-03T10:00:00Z,60"));
		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThat(drain()).singleElement()
				.satisfies(o -> assertThat(o.status()).isEqualTo(IntakeOutcome.Status.FAILED));
			assertThat(file).exists();
		}
		IntakeOutcome third = drain().get(0);
		assertThat(third.status()).isEqualTo(IntakeOutcome.Status.ERROR);
		assertThat(third.detail()).contains("failed 3 times", "crash point: a CDR file fails after 2 rows", "re-drive");
		assertThat(file).doesNotExist();
		assertThat(third.movedTo()).startsWith(folders.error().resolve("cdr/acme"));
		assertThat(Files.readString(third.movedTo().resolveSibling("PSTN.calls.poison.csv.reason.txt")))
			.contains("failed 3 times");
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id LIKE 'p-%'")).isZero();
		assertThat(balance("acme")).isEqualByComparingTo("10.00");
		assertThat(drain()).isEmpty();
	}

}
