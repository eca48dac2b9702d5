package io.creditshub.system;

import io.creditshub.config.LifecycleProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/**
 * Business dates of the nightly batches. A business date is a calendar day in
 * {@code credits.schedule.time-zone}; the batch that fires in the night after day D runs
 * for D ("last night"), and D's cutoff is the start of D+1: lots that expired before it
 * are forfeited, and warnings count days from it. A missed night is re-run for its own
 * date and does exactly what that night would have done.
 */
@Component
public class BusinessCalendar {

	private final Clock clock;

	private final ZoneId zone;

	public BusinessCalendar(Clock clock, LifecycleProperties properties) {
		this.clock = clock;
		this.zone = properties.getSchedule().getTimeZone();
	}

	public ZoneId zone() {
		return zone;
	}

	/** Today, in the business time zone. */
	public LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), zone);
	}

	/**
	 * The business date a batch firing now runs for: the day that ended at the last
	 * midnight.
	 */
	public LocalDate lastNight() {
		return today().minusDays(1);
	}

	/**
	 * The end of a business date: the start of the next day in the business time zone.
	 */
	public Instant cutoff(LocalDate businessDate) {
		return cutoff(businessDate, zone);
	}

	public static Instant cutoff(LocalDate businessDate, ZoneId zone) {
		return businessDate.plusDays(1).atStartOfDay(zone).toInstant();
	}

}
