package io.creditshub.funds;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.api.ApiQueries;
import io.creditshub.expiry.ExpiryService;
import io.creditshub.support.LifecycleIntegrationTest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12, items 1 and 6: when the balance reaches zero (DOMAIN rule 8) and what the balance is while an expired lot
 * waits for the expiry batch (DOMAIN rules 1 and 3). Every call costs 0.06 per started minute (US landline, 60/60).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoneyEdgeCasesIT extends LifecycleIntegrationTest {

	@Autowired
	ApiQueries api;

	@Autowired
	LotRepository lots;

	@Autowired
	ExpiryService expiry;

	@BeforeAll
	void rates() {
		loadRates();
	}

	private String reason(String usageId) {
		return jdbc.sql("SELECT unfunded_reason FROM ledger_entry WHERE usage_id = :u")
			.param("u", usageId)
			.query((rs, i) -> java.util.Optional.ofNullable(rs.getString(1)))
			.single()
			.orElse(null);
	}

	@Test
	void theBalanceReachesZeroAtTheStartOfTheCallThatUsedUpTheFunds() throws Exception {
		clock.set("2025-03-01T00:00:00Z");
		openAccount("early", "USD", null, null, null);
		purchase("early", "USD", "1.00", "E-1");
		// one file, processed on 2025-03-19 09:05; calls in start-time order:
		clock.set("2025-03-19T09:05:00Z");
		drop("cdr/early/PSTN.calls.csv", teamsExport(
				"e-3,user_out,+12065550100,2025-03-19T09:01:00Z,60", // 1 min = 0.06: nothing left, all unfunded
				"e-1,user_out,+12065550100,2025-03-10T10:00:00Z,600", // 10 min = 0.60, paid (0.40 left)
				"e-2,user_out,+12065550100,2025-03-11T01:04:19Z,720")); // 12 min = 0.72: 0.40 paid, 0.32 unfunded
		assertPosted(drain());

		assertThat(balance("early")).isEqualByComparingTo("0.00");
		assertThat(reason("e-1")).isNull();
		assertThat(reason("e-2")).isEqualTo("funds ran out during this call: 0.40 paid, 0.32 unfunded");
		assertThat(reason("e-3")).isEqualTo(FundsService.NO_FUNDS);

		// the suspension names the start of e-2, not the file's last call (2025-03-19 09:01)
		Instant zeroAt = Instant.parse("2025-03-11T01:04:19Z");
		assertThat(jdbc.sql("SELECT occurred_at FROM suspension_event WHERE org_id = 'early' AND action = 'SUSPEND'")
			.query(java.time.OffsetDateTime.class)
			.single()
			.toInstant()).isEqualTo(zeroAt);
		assertThat(api.reachedZeroAt("early")).isEqualTo(zeroAt);
		assertThat(jdbc.sql("SELECT text_body FROM email_outbox WHERE org_id = 'early' AND kind = 'ZERO_BALANCE'")
			.query(String.class)
			.single()).contains("Reached zero at: 2025-03-11 01:04:19 UTC");

		// the carrier file: Time = when the hub decided, Call Time = the start of the call
		pendingWork.flushOutboxes();
		Path carrier = folders.outbox().resolve("carrier");
		try (Stream<Path> files = Files.list(carrier)) {
			Path file = files.filter(p -> p.getFileName().toString().startsWith("suspended-")).findFirst().orElseThrow();
			assertThat(Files.readAllLines(file)).containsExactly("Organization Id,Time,Action,Reason,Call Time",
					"early,2025-03-19T09:05:00Z,SUSPEND,balance reached zero (usage),2025-03-11T01:04:19Z");
		}
		assertBooksBalance();
	}

	@Test
	void anExpiredLotIsNotMoneyEvenBeforeTheExpiryBatchRuns() {
		clock.set("2025-02-01T00:00:00Z");
		openAccount("stale", "USD", null, null, null);
		purchase("stale", "USD", "5.00", "S-1"); // expires 2026-02-01T00:00Z
		clock.set("2026-01-15T00:00:00Z");
		purchase("stale", "USD", "2.00", "S-2"); // expires 2027-01-15T00:00Z

		clock.set("2026-11-29T12:00:00Z"); // no expiry batch has run since 2026-02-01
		assertThat(balance("stale")).as("booked: the forfeit is not posted yet").isEqualByComparingTo("7.00");
		assertThat(lots.available("stale", clock.instant())).isEqualByComparingTo("2.00");
		assertThat(lots.openLots("stale", clock.instant())).extracting(Lot::reference).containsExactly("S-2");
		// and at a time before the expiry both count
		assertThat(lots.available("stale", Instant.parse("2026-01-31T23:59:59Z"))).isEqualByComparingTo("7.00");

		// the expiry batch still posts the forfeit; then booked = available
		expiry.run(LocalDate.parse("2026-11-28"));
		assertThat(jdbc.sql("SELECT amount FROM ledger_entry WHERE org_id = 'stale' AND entry_type = 'EXPIRY'")
			.query(BigDecimal.class)
			.list()).singleElement().satisfies(a -> assertThat(a).isEqualByComparingTo("-5.00"));
		assertThat(balance("stale")).isEqualByComparingTo("2.00");
		assertThat(lots.available("stale", clock.instant())).isEqualByComparingTo("2.00");
		assertBooksBalance();
	}

	static List<String> lines(Path p) throws Exception {
		return Files.readAllLines(p);
	}

}
