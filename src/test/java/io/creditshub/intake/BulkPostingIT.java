package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the bulk path (COPY in binary format on PostgreSQL, JDBC batches on H2) stores is
 * exactly what the row said: text with separators, quotes, backslashes, accents and
 * emoji, fractions of seconds (rounded to the microsecond as a bound parameter would be),
 * nulls, and the exact decimals of the rating and of the ledger entry. Runs on both
 * databases (-Dcredits.test.db=postgres).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkPostingIT extends HubIntegrationTest {

	@BeforeAll
	void reference() {
		loadReferenceData();
	}

	@Test
	void everyValueOfABigFileReadsBackAsWritten() {
		StringBuilder file = new StringBuilder(teamsExport().stripTrailing()).append("\r\n");
		// the first call carries the awkward values; 199 ordinary ones make the file big
		// enough for the bulk path
		file.append("odd-1,call-odd-1,,US,00000000-0000-0000-0000-000000000001,o'brien@acme.example,")
			.append("\"Ó'Brien \\ \"\"the boss\"\"\tTab, 😀\",+14255550100,user_out,user,Domestic,Somewhere,")
			.append("+12065550100,2025-03-03T08:00:00.1234565Z,2025-03-03T08:02:05Z,121,0.000000001,1.234567891,USD,MCOPSTNPP\r\n");
		for (int i = 1; i <= 199; i++) {
			String start = Instant.parse("2025-03-03T09:00:00Z").plusSeconds(i * 60L).toString();
			file.append(teamsExport("n-" + i + ",user_out,+442079460000," + start + "," + (i % 7)).lines()
				.skip(1)
				.findFirst()
				.orElseThrow()).append("\r\n");
		}
		drop("cdr/acme/PSTN.calls.bulk.csv", file.toString());
		assertThat(drain()).singleElement().satisfies(o -> {
			assertThat(o.status()).isEqualTo(IntakeOutcome.Status.POSTED);
			assertThat(o.posted()).isEqualTo(200);
		});

		Map<String, Object> call = jdbc.sql("""
				SELECT display_name, upn, started_at, ended_at, duration_seconds, billed_seconds, charge,
				  producer_charge, producer_connection_fee, conference_id, rate_prefix, line_no
				FROM call_view WHERE org_id = 'acme' AND usage_id = 'odd-1'""").query().singleRow();
		assertThat(call.get("display_name")).isEqualTo("Ó'Brien \\ \"the boss\"\tTab, 😀");
		assertThat(call.get("upn")).isEqualTo("o'brien@acme.example");
		assertThat(instant(call.get("started_at"))).isEqualTo(Instant.parse("2025-03-03T08:00:00.123457Z"));
		assertThat(instant(call.get("ended_at"))).isEqualTo(Instant.parse("2025-03-03T08:02:05Z"));
		assertThat(call.get("duration_seconds")).isEqualTo(121);
		assertThat(call.get("billed_seconds")).isEqualTo(180); // 60/60 increments
		assertThat((BigDecimal) call.get("charge")).isEqualByComparingTo("0.18"); // 3 min
																					// *
																					// 0.06
		assertThat((BigDecimal) call.get("producer_charge")).isEqualByComparingTo("1.234567891");
		assertThat((BigDecimal) call.get("producer_connection_fee")).isEqualByComparingTo("0.000000001");
		assertThat(call.get("conference_id")).isNull();
		assertThat(call.get("rate_prefix")).isEqualTo("1"); // E.164 digits
		assertThat(call.get("line_no")).isEqualTo(2);

		Map<String, Object> entry = jdbc.sql("""
				SELECT entry_type, amount, unfunded_amount, credits_due, reference, line_no, occurred_at, lot_id
				FROM ledger_view WHERE org_id = 'acme' AND usage_id = 'odd-1'""").query().singleRow();
		assertThat(entry.get("entry_type")).isEqualTo("USAGE");
		assertThat((BigDecimal) entry.get("amount")).isEqualByComparingTo("-0.18");
		assertThat((BigDecimal) entry.get("unfunded_amount")).isEqualByComparingTo("0");
		assertThat((BigDecimal) entry.get("credits_due")).isEqualByComparingTo("0.18");
		assertThat(entry.get("reference")).isEqualTo("call-odd-1");
		assertThat(((Number) entry.get("line_no")).intValue()).isEqualTo(2);
		assertThat(instant(entry.get("occurred_at"))).isEqualTo(Instant.parse("2025-03-03T08:00:00.123457Z"));
		assertThat(entry.get("lot_id")).isNotNull();

		// ledger entries follow start-time order (DOMAIN rule 2), and the books balance
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'acme' AND usage_id IS NOT NULL"))
			.isEqualTo(count("SELECT COUNT(*) FROM call_record WHERE org_id = 'acme' AND charge > 0"));
		assertThat(jdbc.sql("""
				SELECT usage_id FROM ledger_view WHERE org_id = 'acme' AND usage_id IS NOT NULL ORDER BY entry_id""")
			.query(String.class)
			.list()).first().isEqualTo("odd-1");
		assertThat(ledgerSum("acme")).isEqualByComparingTo(balance("acme")).isEqualByComparingTo(lotsSum("acme"));
	}

	private static Instant instant(Object value) {
		if (value instanceof java.sql.Timestamp ts) {
			return ts.toInstant();
		}
		if (value instanceof java.time.OffsetDateTime odt) {
			return odt.toInstant();
		}
		throw new AssertionError("not a time: " + value + " (" + (value == null ? null : value.getClass()) + ")");
	}

}
