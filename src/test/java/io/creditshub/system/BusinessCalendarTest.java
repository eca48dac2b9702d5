package io.creditshub.system;

import io.creditshub.config.LifecycleProperties;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Business dates: the batch that fires in the night runs for the day that ended, in the
 * configured time zone.
 */
class BusinessCalendarTest {

	static BusinessCalendar calendar(String now, String zone) {
		LifecycleProperties p = new LifecycleProperties();
		p.getSchedule().setTimeZone(ZoneId.of(zone));
		return new BusinessCalendar(Clock.fixed(Instant.parse(now), ZoneOffset.UTC), p);
	}

	@ParameterizedTest(name = "[{index}] fired at {0} in {1} -> runs for {2}")
	@CsvSource({ "2026-11-26T02:00:00Z,UTC,2026-11-25", "2026-11-26T01:00:00Z,Europe/Paris,2026-11-25",
			"2026-11-25T23:30:00Z,Europe/Paris,2026-11-25", "2026-11-26T04:00:00Z,America/New_York,2026-11-24",
			"2026-11-26T06:00:00Z,America/New_York,2026-11-25", "2026-01-01T02:00:00Z,UTC,2025-12-31" })
	void lastNightIsTheDayThatEndedAtTheLastMidnight(String now, String zone, LocalDate expected) {
		assertThat(calendar(now, zone).lastNight()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "[{index}] cutoff of {0} in {1} = {2}")
	@CsvSource({ "2026-03-11,UTC,2026-03-12T00:00:00Z",
			// DST starts in Paris on 2026-03-29 (a 23-hour day): the cutoffs follow local
			// midnight
			"2026-03-28,Europe/Paris,2026-03-28T23:00:00Z", "2026-03-29,Europe/Paris,2026-03-29T22:00:00Z",
			// month end, leap year
			"2028-02-28,UTC,2028-02-29T00:00:00Z", "2028-02-29,UTC,2028-03-01T00:00:00Z" })
	void theCutoffIsTheStartOfTheNextDayInTheBusinessTimeZone(LocalDate date, String zone, Instant expected) {
		assertThat(BusinessCalendar.cutoff(date, ZoneId.of(zone))).isEqualTo(expected);
	}

}
