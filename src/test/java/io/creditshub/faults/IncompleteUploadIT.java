package io.creditshub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.intake.IntakeOutcome;
import io.creditshub.support.HubIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 10, on H2 and PostgreSQL: an upload that stalls under its final name in
 * the middle of a row is not taken half-written; it posts whole once complete. A file
 * whose last row has had no line end for longer than credits.intake.incomplete-wait is
 * taken as it is (its cut row rejected).
 */
class IncompleteUploadIT extends HubIntegrationTest {

	@Test
	void aFileCutInTheMiddleOfARowWaitsAndPostsWholeOnceComplete() throws Exception {
		if (count("SELECT COUNT(*) FROM organization") == 0) {
			loadReferenceData();
		}
		java.math.BigDecimal before = balance("acme");
		String whole = teamsExport("iu-1,user_out,+12065550100,2025-03-03T08:00:00Z,60",
				"iu-2,user_out,+12065550100,2025-03-03T09:00:00Z,60",
				"iu-3,user_out,+12065550100,2025-03-03T10:00:00Z,60");
		int cut = whole.indexOf("iu-3") + 20; // in the middle of the last row
		Path file = drop("cdr/acme/PSTN.calls.stalled.csv", whole.substring(0, cut));
		try (LogCapture log = new LogCapture()) {
			assertThat(drain()).isEmpty();
			assertThat(drain()).isEmpty();
			assertThat(file).exists();
			assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE file_name = 'PSTN.calls.stalled.csv'")).isZero();
			// said once, as information: nothing is wrong
			assertThat(log.lines()).filteredOn(l -> l.contains("PSTN.calls.stalled.csv"))
				.singleElement()
				.satisfies(l -> assertThat(l).startsWith("INFO").contains("its last row has no line end", "waiting"));
		}
		// the upload resumes and completes
		Files.writeString(file, whole.substring(cut), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		IntakeOutcome posted = drain().get(0);
		assertThat(posted.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(posted.posted()).isEqualTo(3);
		assertThat(balance("acme")).isEqualByComparingTo(before.subtract(new java.math.BigDecimal("0.18")));
	}

	@Test
	void aFileWhoseLastRowStaysCutIsTakenAsItIsAfterTheWait() throws Exception {
		if (count("SELECT COUNT(*) FROM organization") == 0) {
			loadReferenceData();
		}
		String whole = teamsExport("iw-1,user_out,+12065550100,2025-03-04T08:00:00Z,60",
				"iw-2,user_out,+12065550100,2025-03-04T09:00:00Z,60");
		Path file = drop("cdr/acme/PSTN.calls.abandoned.csv", whole.substring(0, whole.indexOf("iw-2") + 20));
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(11, ChronoUnit.MINUTES)));
		IntakeOutcome o = drain().get(0);
		assertThat(o.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(o.posted()).isEqualTo(1);
		assertThat(o.rejected()).isEqualTo(1);
	}

}
