package io.creditshub.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.LifecycleIntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * DOMAIN rule 3 through the expiry batch, night after night for one account with three
 * lots: warnings 30 and 2 days before (each once), forfeiture of what remains with an
 * EXPIRY entry naming the lot, a missed night re-run for its own date, and the books
 * balanced after every night.
 */
class ExpiryIT extends LifecycleIntegrationTest {

	@Autowired
	ExpiryService expiry;

	List<String> actions(ExpiryReport r) {
		return r.lines()
			.stream()
			.map(l -> l.reference() + " " + l.action() + " " + l.amount().stripTrailingZeros().toPlainString())
			.toList();
	}

	List<String> emails() {
		return jdbc.sql("SELECT kind || ' ' || subject FROM email_outbox WHERE org_id = 'exp' ORDER BY email_id")
			.query(String.class)
			.list();
	}

	@Test
	void lotsAreWarnedTwiceThenForfeitedAndTheBooksBalanceEveryNight() {
		clock.set("2026-03-10T12:00:00Z");
		loadRates();
		openAccount("exp", "USD", null, null, null);
		drop("funds/exp-lots.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				exp,10.00,USD,2025-03-20T10:00:00Z,LOT-MAR20
				exp,5.00,USD,2025-04-25T10:00:00Z,LOT-APR25
				exp,3.00,USD,2025-03-11T06:00:00Z,LOT-MAR11
				""");
		assertPosted(drain());
		call("exp", "x-1", 20); // 1.20 from LOT-MAR11, the earliest expiry (DOMAIN rule
								// 2)

		// night of 2026-03-09 (cutoff 2026-03-10T00:00Z): MAR11 expires within 2 days,
		// MAR20 within 30, APR25 not yet
		assertThat(actions(expiry.run(LocalDate.parse("2026-03-09")))).containsExactly("LOT-MAR11 WARNED_2D 1.8",
				"LOT-MAR20 WARNED_30D 10");
		assertThat(expiry.run(LocalDate.parse("2026-03-09")).lines()).isEmpty(); // re-run:
																					// each
																					// warning
																					// once
		assertThat(expiry.run(LocalDate.parse("2026-03-10")).lines()).isEmpty(); // MAR11
																					// expires
																					// at
																					// 06:00
																					// the
																					// next
																					// day
		assertBooksBalance();

		// night of 2026-03-11: MAR11 expired at 06:00 with 1.80 left
		assertThat(actions(expiry.run(LocalDate.parse("2026-03-11")))).containsExactly("LOT-MAR11 EXPIRED 1.8");
		Map<String, Object> entry = jdbc.sql("""
				SELECT e.entry_type, e.amount, e.occurred_at, l.reference, l.remaining FROM ledger_entry e
				JOIN lot l ON l.lot_id = e.lot_id WHERE e.org_id = 'exp' AND e.entry_type = 'EXPIRY'""")
			.query()
			.singleRow();
		assertThat((BigDecimal) entry.get("amount")).isEqualByComparingTo("-1.80");
		assertThat(entry.get("reference")).isEqualTo("LOT-MAR11");
		assertThat((BigDecimal) entry.get("remaining")).isEqualByComparingTo("0");
		assertThat(balance("exp")).isEqualByComparingTo("15.00");
		assertThat(expiry.run(LocalDate.parse("2026-03-11")).lines()).isEmpty();
		assertBooksBalance();

		assertThat(actions(expiry.run(LocalDate.parse("2026-03-18")))).containsExactly("LOT-MAR20 WARNED_2D 10");
		// the nights of 19 to 24 March were missed; the night of the 25th is re-run for
		// its own date
		assertThat(actions(expiry.run(LocalDate.parse("2026-03-25")))).containsExactly("LOT-MAR20 EXPIRED 10");
		assertThat(balance("exp")).isEqualByComparingTo("5.00");
		assertThat(actions(expiry.run(LocalDate.parse("2026-03-26")))).containsExactly("LOT-APR25 WARNED_30D 5");
		assertThat(actions(expiry.run(LocalDate.parse("2026-04-23")))).containsExactly("LOT-APR25 WARNED_2D 5");
		assertThat(actions(expiry.run(LocalDate.parse("2026-04-25")))).containsExactly("LOT-APR25 EXPIRED 5");
		assertThat(balance("exp")).isEqualByComparingTo("0");
		assertBooksBalance();

		assertThat(emails()).containsExactly(
				"FUNDS_EXPIRING 1.80 USD of communications credits of Exp Inc expire within 2 days",
				"FUNDS_EXPIRING 10.00 USD of communications credits of Exp Inc expire within 30 days",
				"FUNDS_EXPIRED 1.80 USD of communications credits expired for Exp Inc",
				"FUNDS_EXPIRING 10.00 USD of communications credits of Exp Inc expire within 2 days",
				"FUNDS_EXPIRED 10.00 USD of communications credits expired for Exp Inc",
				"FUNDS_EXPIRING 5.00 USD of communications credits of Exp Inc expire within 30 days",
				"FUNDS_EXPIRING 5.00 USD of communications credits of Exp Inc expire within 2 days",
				"ZERO_BALANCE Communications credits of Exp Inc reached zero",
				"FUNDS_EXPIRED 5.00 USD of communications credits expired for Exp Inc");
		assertThat(jdbc.sql("SELECT suspended FROM organization WHERE org_id = 'exp'").query(Boolean.class).single())
			.isTrue();
	}

}
