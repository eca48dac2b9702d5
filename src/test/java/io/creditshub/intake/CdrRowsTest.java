package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.accounts.Organization;
import io.creditshub.config.CreditsProperties;
import io.creditshub.rating.RateTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of one CDR row, without a database (issue 13: CdrFileLoader split into
 * parsing and recording).
 */
class CdrRowsTest {

	static final String HEADER = "UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,"
			+ "Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,"
			+ "Duration Seconds,Connection Fee,Charge,Currency,Capability";

	final Organization org = new Organization("acme", "Acme", "USD", "US", List.of(), List.of(), false, null, null,
			null, BigDecimal.ZERO, false);

	final CdrRows rows = new CdrRows(new CreditsProperties().getIntake());

	@TempDir
	Path dir;

	private void refused(String row, String reason) throws IOException {
		Path file = Files.writeString(dir.resolve("f.csv"), HEADER + "\r\n" + row + "\r\n");
		try (CsvInput csv = CsvInput.open(file, List.of(CdrFileLoader.USAGE_ID, CdrFileLoader.CALL_ID))) {
			CsvInput.Row r = csv.iterator().next();
			assertThatThrownBy(() -> rows.parse(r, org, 1, new RateTable(1, List.of()),
					Instant.parse("2026-01-01T00:00:00Z"), new HashMap<>(), null))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(reason);
		}
	}

	static String call(String usageId, String start, String end, String duration) {
		return String.join(",", usageId, "c-1", "", "US", "00000000-0000-0000-0000-000000000001", "u@acme.example", "U",
				"+14255550100", "user_out", "user", "Domestic", "Somewhere", "+12065550100", start, end, duration, "0",
				"", "USD", "MCOPSTNPP");
	}

	@Test
	void aDurationLongerThanTheCallIsRefusedRatherThanOverCharged() throws IOException {
		refused(call("u-1", "2025-03-03T08:00:00Z", "2025-03-03T08:01:00Z", "300"), "refusing to over-charge");
	}

	@Test
	void anEndBeforeTheStartANegativeDurationAndAnImplausibleTimeAreRefused() throws IOException {
		refused(call("u-2", "2025-03-03T08:00:00Z", "2025-03-03T07:00:00Z", "60"), "is before");
		refused(call("u-3", "2025-03-03T08:00:00Z", "2025-03-03T08:01:00Z", "-5"), "is negative");
		refused(call("u-4", "1999-03-03T08:00:00Z", "1999-03-03T08:01:00Z", "60"), "not a plausible call time");
	}

	@Test
	void aValueTooLongToStoreIsRefusedWithItsColumn() throws IOException {
		refused(call("u-" + "x".repeat(200), "2025-03-03T08:00:00Z", "2025-03-03T08:01:00Z", "60"),
				"UsageId is longer than 100 characters");
	}

	@Test
	void aCallWithoutARateIsRefused() throws IOException {
		refused(call("u-5", "2025-03-03T08:00:00Z", "2025-03-03T08:01:00Z", "60"), "no rate");
	}

}
