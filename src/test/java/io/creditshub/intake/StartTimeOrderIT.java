package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14, DOMAIN rule 2: a file in start-time order is settled batch by batch while it
 * is read (its ledger entries stream to the database with its calls); a file that is not
 * is read again and settled once all its calls are read. Both give the same books: two
 * organizations with the same lots take the same 12,000 calls (three batches; funds run
 * out in the first; a lot bought during the file; calls that start at the same second;
 * inbound calls; a duplicate UsageId; a bad row), one in start-time order, one shuffled,
 * and every call's entry, the balances and the lots are the same. Runs on both databases
 * (-Dcredits.test.db=postgres).
 */
class StartTimeOrderIT extends HubIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Test
	void aFileInStartTimeOrderAndTheSameFileShuffledPostTheSameBooks() {
		loadReferenceData();
		drop("accounts/twin.csv", """
				Organization Id,Name,Currency,Country,Admin Emails,Finance Emails
				twin,Twin Inc,USD,US,admin@twin.example,
				""");
		drop("funds/twin.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				twin,10.00,USD,2025-01-15T00:00:00Z,ACME-1
				acme,4.00,USD,2025-03-03T10:00:00Z,ACME-2
				twin,4.00,USD,2025-03-03T10:00:00Z,ACME-2
				""");
		drain();

		List<String> calls = new ArrayList<>();
		Instant start = Instant.parse("2025-03-03T08:00:00Z");
		for (int i = 1; i <= 12_000; i++) {
			// every third call starts in the same second as the one before it
			Instant at = start.plusSeconds(i - (i % 3 == 0 ? 1 : 0));
			String type = i % 10 == 0 ? "user_in" : "user_out";
			String number = i % 4 == 0 ? "+442079460000" : "+14255550199";
			calls.add("u-" + i + "," + type + "," + number + "," + at + "," + (i % 7 == 0 ? 0 : 30 + i % 150));
		}
		calls.add(101, calls.get(100)); // the same call again, next to it: rejected
		// shuffled, except that calls which start at the same time keep their order (it
		// decides between them, and the same order must give the same books)
		List<List<String>> sameStart = new ArrayList<>(calls.stream()
			.collect(Collectors.groupingBy(c -> c.split(",")[3], java.util.LinkedHashMap::new, Collectors.toList()))
			.values());
		Collections.shuffle(sameStart, new Random(14));
		List<String> shuffled = new ArrayList<>(sameStart.stream().flatMap(List::stream).toList());
		// a bad row first: rejected on the first reading, and only once when read again
		calls.add(0, "bad-1,not_a_call_type,+14255550199,2025-03-03T07:00:00Z,30");
		shuffled.add(0, "bad-1,not_a_call_type,+14255550199,2025-03-03T07:00:00Z,30");
		String inOrder = teamsExport(calls.toArray(String[]::new));
		String outOfOrder = teamsExport(shuffled.toArray(String[]::new));

		double before = rereads();
		drop("cdr/acme/PSTN.calls.in-order.csv", inOrder);
		assertThat(drain()).singleElement().satisfies(o -> {
			assertThat(o.status()).isEqualTo(IntakeOutcome.Status.POSTED);
			assertThat(o.posted()).isEqualTo(12_000);
			assertThat(o.rejected()).isEqualTo(2);
		});
		assertThat(rereads()).as("a file in start-time order is read once").isEqualTo(before);

		drop("cdr/twin/PSTN.calls.shuffled.csv", outOfOrder);
		assertThat(drain()).singleElement().satisfies(o -> {
			assertThat(o.status()).isEqualTo(IntakeOutcome.Status.POSTED);
			assertThat(o.posted()).isEqualTo(12_000);
			assertThat(o.rejected()).isEqualTo(2);
		});
		assertThat(rereads()).as("a shuffled file is read again").isEqualTo(before + 1);

		Map<String, String> acme = entries("acme"), twin = entries("twin");
		assertThat(acme).hasSize(10_800 - 1_543); // the outbound calls that had a price
		assertThat(acme.values()).anyMatch(e -> e.startsWith("USAGE"))
			.anyMatch(e -> e.startsWith("UNFUNDED_USAGE"))
			.anyMatch(e -> e.contains("ACME-2"));
		List<String> differences = acme.keySet()
			.stream()
			.filter(k -> !acme.get(k).equals(twin.get(k)))
			.sorted()
			.map(k -> k + ": in order " + acme.get(k) + ", shuffled " + twin.get(k))
			.toList();
		assertThat(differences).isEmpty();
		assertThat(twin).hasSameSizeAs(acme);
		for (String org : List.of("acme", "twin")) {
			assertThat(balance(org)).as(org).isEqualByComparingTo(ledgerSum(org)).isEqualByComparingTo(lotsSum(org));
		}
		assertThat(balance("twin")).isEqualByComparingTo(balance("acme"));
		assertThat(lots("twin")).isEqualTo(lots("acme"));
		assertThat(count("SELECT COUNT(*) FROM intake_reject r JOIN ingest_file f ON f.file_id = r.file_id"
				+ " WHERE f.org_id = 'twin'"))
			.isEqualTo(2);
	}

	private double rereads() {
		var counter = meters.find("credits.intake.cdr.reread").counter();
		return counter == null ? 0 : counter.count();
	}

	/** Each call's entry: type, amounts, reason, book month and the lot's reference. */
	private Map<String, String> entries(String org) {
		return jdbc.sql("""
				SELECT e.usage_id, e.entry_type, e.amount, e.unfunded_amount, e.unfunded_reason, e.book_month,
				  e.funding, l.reference
				FROM ledger_view e LEFT JOIN lot l ON l.lot_id = e.lot_id
				WHERE e.org_id = ? AND e.usage_id IS NOT NULL""")
			.param(org)
			.query((rs, n) -> Map.entry(rs.getString(1),
					String.join("|", rs.getString(2), rs.getBigDecimal(3).stripTrailingZeros().toPlainString(),
							rs.getBigDecimal(4).stripTrailingZeros().toPlainString(), rs.getString(5), rs.getString(6),
							rs.getString(7), rs.getString(8))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private List<String> lots(String org) {
		return jdbc.sql("SELECT reference, amount, remaining FROM lot WHERE org_id = ? ORDER BY reference")
			.param(org)
			.query((rs, n) -> rs.getString(1) + " " + rs.getBigDecimal(2).stripTrailingZeros().toPlainString() + " "
					+ rs.getBigDecimal(3).stripTrailingZeros().toPlainString())
			.list();
	}

}
