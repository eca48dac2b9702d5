package io.creditshub.ledger;

import io.creditshub.persistence.Sql;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which month's books an entry belongs to (DOMAIN rule 9: a month's books are what was
 * posted in that month, and a past month's report never changes when it is made again).
 * <ul>
 * <li>An entry belongs to the month of its business time (call start, purchase, expiry),
 * but never to a month before the month of a lot that paid it: a March call paid from a
 * lot posted in November is November's usage, so no month's closing balance is ever
 * negative.</li>
 * <li>Once a month is closed (its report was made after it ended; closing a month closes
 * every earlier one), nothing new is booked to it: late usage goes to the month in which
 * it is posted and keeps its call time.</li>
 * </ul>
 * Callers hold the organization's row lock, as does {@link #close}, so a report and a
 * posting never interleave.
 */
@Repository
public class BookPeriods {

	private final JdbcClient jdbc;

	public BookPeriods(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The latest closed month of an organization, or null. */
	public YearMonth closedThrough(String orgId) {
		String m = jdbc.sql("SELECT MAX(book_month) FROM book_close WHERE org_id = :org")
			.param("org", orgId)
			.query((rs, i) -> rs.getString(1))
			.optional()
			.orElse(null);
		return m == null ? null : YearMonth.parse(m.strip());
	}

	/**
	 * The month to book an entry to.
	 * @param natural the month of its business time, already raised to the month of the
	 * lots that paid it
	 * @param closedThrough the latest closed month, or null
	 * @param postedAt when it is posted
	 */
	public static YearMonth decide(YearMonth natural, YearMonth closedThrough, Instant postedAt) {
		if (closedThrough == null || natural.isAfter(closedThrough)) {
			return natural;
		}
		YearMonth posting = month(postedAt);
		YearMonth firstOpen = closedThrough.plusMonths(1);
		return posting.isAfter(firstOpen) ? posting : firstOpen;
	}

	public static YearMonth month(Instant at) {
		return YearMonth.from(at.atOffset(ZoneOffset.UTC));
	}

	public static YearMonth later(YearMonth a, YearMonth b) {
		return a == null ? b : b == null || a.isAfter(b) ? a : b;
	}

	/**
	 * Closes an organization's books through {@code month} when that month has ended at
	 * {@code now} (a report of the running month closes nothing). The caller's
	 * transaction locks the organization row first.
	 * @return true when the month is closed (now or before)
	 */
	public boolean close(String orgId, YearMonth month, Instant now) {
		if (!month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(now)) {
			jdbc.sql("SELECT org_id FROM organization WHERE org_id = :org FOR UPDATE")
				.param("org", orgId)
				.query()
				.listOfRows();
			YearMonth through = closedThrough(orgId);
			if (through == null || month.isAfter(through)) {
				jdbc.sql("INSERT INTO book_close (org_id, book_month, closed_at) VALUES (:org, :m, :now)")
					.param("org", orgId)
					.param("m", month.toString())
					.param("now", Sql.ts(now))
					.update();
			}
			return true;
		}
		return false;
	}

}
