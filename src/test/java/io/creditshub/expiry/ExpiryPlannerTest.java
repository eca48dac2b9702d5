package io.creditshub.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DOMAIN rule 3: when a lot is forfeited and which warning is due, from the business
 * date's cutoff.
 */
class ExpiryPlannerTest {

	static final List<Integer> WINDOWS = List.of(30, 2);

	@ParameterizedTest(name = "[{index}] expires {0}, cutoff {1}: forfeit={2}")
	@CsvSource({ "2026-03-11T06:00:00Z,2026-03-12T00:00:00Z,true", "2026-03-12T00:00:00Z,2026-03-12T00:00:00Z,true",
			"2026-03-12T00:00:00.000001Z,2026-03-12T00:00:00Z,false",
			"2027-01-01T00:00:00Z,2026-03-12T00:00:00Z,false" })
	void aLotIsForfeitedByTheBatchOfTheDayItExpires(String expires, String cutoff, boolean forfeit) {
		assertThat(ExpiryPlanner.forfeitNow(Instant.parse(expires), Instant.parse(cutoff))).isEqualTo(forfeit);
	}

	@ParameterizedTest(name = "[{index}] expires {0}, cutoff {1} -> {2}")
	@CsvSource(nullValues = "none", textBlock = """
			# more than 30 days left: nothing yet
			2026-04-25T10:00:00Z, 2026-03-26T00:00:00Z, none
			# exactly 30 days: the 30-day warning
			2026-04-25T00:00:00Z, 2026-03-26T00:00:00Z, 30
			2026-04-25T10:00:00Z, 2026-03-27T00:00:00Z, 30
			# within 2 days: the 2-day warning (also for a lot first seen there: the 30-day one is never sent late)
			2026-03-13T23:59:59Z, 2026-03-12T00:00:00Z, 2
			2026-03-14T00:00:00Z, 2026-03-12T00:00:00Z, 2
			2026-03-14T00:00:01Z, 2026-03-12T00:00:00Z, 30
			# expired: forfeited, not warned
			2026-03-12T00:00:00Z, 2026-03-12T00:00:00Z, none
			2026-03-01T00:00:00Z, 2026-03-12T00:00:00Z, none
			""")
	void theSmallestWindowThatContainsTheExpiryIsDue(String expires, String cutoff, Integer window) {
		assertThat(ExpiryPlanner.warningDue(Instant.parse(expires), Instant.parse(cutoff), WINDOWS))
			.isEqualTo(Optional.ofNullable(window));
	}

	@ParameterizedTest
	@CsvSource({ "2026-03-19T00:00:00Z,7", "2026-03-20T00:00:00Z,14", "2026-03-13T00:00:00Z,1",
			"2026-05-01T00:00:00Z," })
	void otherWindowsCanBeConfigured(String expires, Integer window) {
		assertThat(ExpiryPlanner.warningDue(Instant.parse(expires), Instant.parse("2026-03-12T00:00:00Z"),
				List.of(1, 7, 14)))
			.isEqualTo(Optional.ofNullable(window));
	}

}
