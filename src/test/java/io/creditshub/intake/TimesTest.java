package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path for Teams' timestamps gives exactly what the general ISO-8601 parser
 * gives.
 */
class TimesTest {

	@Property(tries = 3000)
	void fastPathEqualsTheGeneralParser(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long epochSecond,
			@ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 9) int digits) {
		Instant t = Instant.ofEpochSecond(epochSecond, nanos);
		String iso = t.toString().replaceAll("\\.\\d+Z$", "Z").replace("Z", "");
		String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
		String value = iso + fraction + "Z";
		Instant expected = Instant.parse(value);
		assertThat(Times.utcInstant(value)).isEqualTo(expected);
		assertThat(Times.parse(value)).isEqualTo(expected);
	}

	@Test
	void teamsTimestamps() {
		assertThat(Times.parse("2025-03-01T00:00:01.2700000Z")).isEqualTo(Instant.parse("2025-03-01T00:00:01.27Z"));
		assertThat(Times.parse("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
		assertThat(Times.parse(" 2025-03-01T10:00:00+01:00 ")).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
		assertThat(Times.parse("2025-03-01")).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2025-02-29T10:00:00Z", "2025-13-01T10:00:00Z", "2025-03-01T10:60:00Z",
			"2025-03-01T10:00:00.1234567890Z", "2025-03-01T1O:00:00Z", "2025-03-32T10:00:00Z", "yesterday", "" })
	void invalidTimesAreRefusedWithTheValue(String value) {
		assertThatThrownBy(() -> Times.parse(value)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not an ISO-8601 time");
	}

}
