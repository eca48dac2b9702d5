package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.ledger.Reconciler;
import io.creditshub.support.HubIntegrationTest;
import io.creditshub.system.Samples;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole flow on samples/: rate table, accounts, funds and two Teams exports dropped in the inbox of a hub,
 * drained once; asserts every call's charge, how it was paid, and the balances to the cent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplesEndToEndIT extends HubIntegrationTest {

	@Autowired
	Reconciler reconciler;

	List<IntakeOutcome> outcomes;

	@BeforeAll
	void dropSamplesAndDrain() {
		Samples.copyInto(folders.inbox());
		outcomes = drain();
	}

	@Test
	void everyFileIsPostedAndArchivedInDependencyOrder() throws Exception {
		assertThat(outcomes).extracting(IntakeOutcome::kind)
			.containsExactly(FileKind.RATES, FileKind.ACCOUNTS, FileKind.FUNDS, FileKind.CDR, FileKind.CDR);
		assertThat(outcomes).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
		assertThat(outcomes).extracting(IntakeOutcome::orgId).containsExactly("", "", "", "contoso", "fabrikam");
		for (IntakeOutcome o : outcomes) {
			assertThat(o.movedTo()).exists();
			assertThat(o.movedTo().toString()).contains("/archive/");
		}
		assertThat(drainer.waiting(FileKind.CDR)).isEmpty();
		// the one call without a rate is listed beside the archived contoso file, with its line and UsageId
		IntakeOutcome contoso = outcomes.get(3);
		assertThat(contoso.rows()).isEqualTo(13);
		assertThat(contoso.posted()).isEqualTo(12);
		assertThat(contoso.rejected()).isEqualTo(1);
		List<String> rejects = Files.readAllLines(contoso.movedTo().resolveSibling(contoso.fileName() + ".rejects.csv"));
		assertThat(rejects).hasSize(2);
		assertThat(rejects.get(0)).isEqualTo("Line,UsageId,Reason");
		assertThat(rejects.get(1)).startsWith("13,").contains("no rate for +881631234567 in USD");
	}

	@Test
	void contosoCallsAreRatedToTheCentAndPaidFromTheEarliestExpiringLot() {
		// line -> charge. Worked arithmetic (samples/rates/rates-2025-01.csv, USD):
		Map<Integer, String> expected = new LinkedHashMap<>();
		expected.put(2, "0.04"); // +1 0.019/min 60/60, 61 s -> 120 s billed = 0.038 -> 0.04
		expected.put(3, "0.07"); // +44 0.035/min 1/1, 125 s = 0.0729166.. -> 0.07
		expected.put(4, "0.24"); // +447 mobile: 0.20 first minute (60/60), then 0.08/min 1/1: 0.20 + 30*0.08/60 = 0.24
		expected.put(5, "0.15"); // +4915 0.16/min 30/6 + 0.05 fee, 31 s -> 36 s: 0.096 + 0.05 = 0.146 -> 0.15
		expected.put(6, "0.16"); // masked +4930901820*** rates on +49 0.032/min 30/6, 300 s = 0.16
		expected.put(7, "1.00"); // +91 from 2025-03-01 0.10/min 60/60, 600 s = 1.00
		expected.put(8, "0.00"); // user_in to a user number: not chargeable
		expected.put(9, "0.12"); // ucap_in to toll-free +1800 0.03/min 60/60, 185 s -> 240 s = 0.12
		expected.put(10, "0.00"); // zero-second call: nothing billed, no ledger entry
		expected.put(11, "0.04"); // +33 0.029/min 1/1, 75 s = 0.03625 -> 0.04
		expected.put(12, "0.57"); // conf_out +1 0.019/min 60/60, 1800 s = 0.57
		expected.put(14, "0.24"); // started 2025-02-28T23:59:30Z: India's old 0.12/min applies, 120 s = 0.24
		Map<Integer, String> actual = new LinkedHashMap<>();
		jdbc.sql("SELECT line_no, charge FROM call_record WHERE org_id = 'contoso' ORDER BY line_no")
			.query((rs, i) -> actual.put(rs.getInt("line_no"), rs.getBigDecimal("charge").setScale(2).toPlainString()))
			.list();
		assertThat(actual).containsExactlyEntriesOf(expected);
		assertThat(count("SELECT COUNT(*) FROM call_record WHERE org_id = 'contoso' AND rating_status = 'NOT_CHARGEABLE'"))
			.isEqualTo(1);
		// 10 entries (the zero-second call moves nothing), all from lot 1 (expires 2025-04-15) before lot 2 (2026-02-01)
		List<Map<String, Object>> usage = jdbc.sql("""
				SELECT e.entry_type, e.amount, e.unfunded_amount, l.reference AS lot_ref FROM ledger_entry e
				JOIN lot l ON l.lot_id = e.lot_id
				WHERE e.org_id = 'contoso' AND e.usage_id IS NOT NULL ORDER BY e.occurred_at""").query().listOfRows();
		assertThat(usage).hasSize(10);
		assertThat(usage).allSatisfy(r -> {
			assertThat(r.get("entry_type")).isEqualTo("USAGE");
			assertThat(r.get("lot_ref")).isEqualTo("PO-2024-0415");
			assertThat((BigDecimal) r.get("unfunded_amount")).isEqualByComparingTo("0");
		});
		// 0.04+0.07+0.24+0.15+0.16+1.00+0.12+0.04+0.57+0.24 = 2.63; 5.00 + 100.00 - 2.63 = 102.37
		assertThat(balance("contoso")).isEqualByComparingTo("102.37");
		assertThat(lotRemaining("PO-2024-0415")).isEqualByComparingTo("2.37");
		assertThat(lotRemaining("PO-2025-0201")).isEqualByComparingTo("100.00");
	}

	@Test
	void fabrikamRunsOutOfFundsAndTheRestIsRecordedAsUnfunded() {
		// EUR, one 1.50 lot. In start-time order:
		// 07:59 +49 0.029/min 30/6, 95 s -> 96 s = 0.0464 -> 0.05        left 1.45
		// 08:10 +4917 0.145/min 30/6 + 0.045 fee, 240 s = 0.58 + 0.045 = 0.625 -> 0.63   left 0.82
		// 08:45 +447 0.18 first minute + 90 s * 0.07/60 = 0.285 -> 0.29   left 0.53
		// 09:15 +33 0.027/min 1/1, 480 s = 0.216 -> 0.22                  left 0.31
		// 10:00 user_in: not chargeable
		// 10:30 +1 0.018/min 60/60, 660 s = 0.198 -> 0.20                 left 0.11
		// 11:00 +91 0.092/min, 300 s = 0.46: 0.11 from the lot, 0.35 unfunded
		List<Map<String, Object>> usage = jdbc.sql("""
				SELECT entry_type, amount, unfunded_amount, unfunded_reason FROM ledger_entry
				WHERE org_id = 'fabrikam' AND usage_id IS NOT NULL ORDER BY occurred_at""").query().listOfRows();
		assertThat(usage).extracting(r -> ((BigDecimal) r.get("amount")).setScale(2).toPlainString())
			.containsExactly("-0.05", "-0.63", "-0.29", "-0.22", "-0.20", "-0.11");
		assertThat(usage).extracting(r -> ((BigDecimal) r.get("unfunded_amount")).setScale(2).toPlainString())
			.containsExactly("0.00", "0.00", "0.00", "0.00", "0.00", "0.35");
		assertThat(usage.get(5).get("entry_type")).isEqualTo("UNFUNDED_USAGE");
		assertThat((String) usage.get(5).get("unfunded_reason")).contains("insufficient funds");
		assertThat(balance("fabrikam")).isEqualByComparingTo("0.00");
	}

	@Test
	void booksBalanceForEveryOrganization() {
		for (String org : List.of("contoso", "fabrikam")) {
			assertThat(ledgerSum(org)).isEqualByComparingTo(balance(org));
			assertThat(lotsSum(org)).isEqualByComparingTo(balance(org));
		}
		assertThat(reconciler.check()).allMatch(Reconciler.OrgCheck::ok);
	}

	private BigDecimal lotRemaining(String reference) {
		return jdbc.sql("SELECT remaining FROM lot WHERE reference = :r").param("r", reference).query(BigDecimal.class).single();
	}

}
