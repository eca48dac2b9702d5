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
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole flow on samples/: rate table, accounts, funds and two Teams exports dropped
 * in the inbox of a hub, drained once; asserts every call's charge, how it was paid, and
 * the balances to the cent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplesEndToEndIT extends HubIntegrationTest {

	@Autowired
	Reconciler reconciler;

	List<IntakeOutcome> outcomes;

	@Autowired
	CamelContext camel;

	/**
	 * Files each kind's route (direct:intake-<kind>) handled during the drain: run --once
	 * goes through the routes.
	 */
	final Map<String, Integer> throughRoutes = new java.util.concurrent.ConcurrentHashMap<>();

	@BeforeAll
	void dropSamplesAndDrain() throws Exception {
		Samples.copyInto(folders.inbox());
		EventNotifierSupport sent = new EventNotifierSupport() {
			@Override
			public void notify(CamelEvent event) {
				if (event instanceof CamelEvent.ExchangeSentEvent e
						&& e.getEndpoint().getEndpointUri().startsWith("direct://intake-")
						&& e.getExchange().getException() == null
						&& e.getExchange().getMessage().getBody() instanceof IntakeOutcome) {
					throughRoutes.merge(e.getEndpoint().getEndpointUri().substring("direct://intake-".length()), 1,
							Integer::sum);
				}
			}
		};
		camel.getManagementStrategy().addEventNotifier(sent);
		sent.start();
		try {
			outcomes = drain();
		}
		finally {
			camel.getManagementStrategy().removeEventNotifier(sent);
		}
	}

	@Test
	void theDrainTakesEveryFileThroughTheKindsRoutes() {
		assertThat(throughRoutes)
			.containsExactlyInAnyOrderEntriesOf(Map.of("rates", 1, "accounts", 1, "licenses", 2, "funds", 1, "cdr", 2));
		// and the inbox consumers moved each file to archive/ after the commit
		// (creditsMoveTo)
		assertThat(outcomes).allSatisfy(o -> assertThat(o.movedTo()).exists());
	}

	@Test
	void everyFileIsPostedAndArchivedInDependencyOrder() throws Exception {
		assertThat(outcomes).extracting(IntakeOutcome::kind)
			.containsExactly(FileKind.RATES, FileKind.ACCOUNTS, FileKind.LICENSES, FileKind.LICENSES, FileKind.FUNDS,
					FileKind.CDR, FileKind.CDR);
		assertThat(outcomes).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
		assertThat(outcomes).extracting(IntakeOutcome::orgId)
			.containsExactly("", "", "contoso", "fabrikam", "", "contoso", "fabrikam");
		for (IntakeOutcome o : outcomes) {
			assertThat(o.movedTo()).exists();
			assertThat(o.movedTo().toString()).contains("/archive/");
		}
		assertThat(drainer.waiting(FileKind.CDR)).isEmpty();
		// the one call without a rate is listed beside the archived contoso file, with
		// its line and UsageId
		IntakeOutcome contoso = outcomes.get(5);
		assertThat(contoso.rows()).isEqualTo(13);
		assertThat(contoso.posted()).isEqualTo(12);
		assertThat(contoso.rejected()).isEqualTo(1);
		List<String> rejects = Files
			.readAllLines(contoso.movedTo().resolveSibling(contoso.fileName() + ".rejects.csv"));
		assertThat(rejects).hasSize(2);
		assertThat(rejects.get(0)).isEqualTo("Line,UsageId,Reason");
		assertThat(rejects.get(1)).startsWith("13,").contains("no rate for +881631234567 in USD");
		// the guest row of the license export is listed too; the unknown product is named
		// in the summary
		IntakeOutcome licenses = outcomes.get(2);
		assertThat(licenses.posted()).isEqualTo(6);
		assertThat(Files.readString(licenses.movedTo().resolveSibling(licenses.fileName() + ".rejects.csv")))
			.contains("partner_fabrikam.de#EXT#@contoso.onmicrosoft.com", "guest account");
		assertThat(licenses.detail()).contains("unknown products ignored: Power BI Pro");
	}

	/**
	 * line -> [list price, entry type, funding, pool, pool minutes, credits paid,
	 * unfunded, reason].
	 */
	private Map<Integer, String> howEachCallWasPaid(String org) {
		Map<Integer, String> actual = new LinkedHashMap<>();
		jdbc.sql(
				"""
						SELECT c.line_no, c.charge, e.entry_type, e.funding, e.pool_type, e.pool_country, e.pool_month, e.pool_minutes,
						  e.amount, e.unfunded_amount, e.unfunded_reason
						FROM call_record c LEFT JOIN ledger_entry e ON e.call_no = c.call_no
						WHERE c.org_id = :org ORDER BY c.line_no""")
			.param("org", org)
			.query((rs, i) -> actual.put(rs.getInt("line_no"),
					String
						.join(" ", rs.getBigDecimal("charge").setScale(2).toPlainString(),
								String.valueOf(rs.getString("entry_type")), String.valueOf(rs.getString("funding")),
								rs.getString("pool_type") == null ? "-"
										: rs.getString("pool_type") + "/" + rs.getString("pool_country") + "/"
												+ rs.getString("pool_month") + ":" + rs.getInt("pool_minutes"),
								rs.getBigDecimal("amount") == null ? "-"
										: rs.getBigDecimal("amount").negate().setScale(2).toPlainString(),
								rs.getBigDecimal("unfunded_amount") == null ? "-"
										: rs.getBigDecimal("unfunded_amount").setScale(2).toPlainString(),
								String.valueOf(rs.getString("unfunded_reason")))
						.strip()))
			.list();
		return actual;
	}

	@Test
	void contosoCallsArePaidByPoolsCreditsOrRecordedUnfundedByLicense() {
		// USD rates (samples/rates/rates-2025-01.csv); licenses from 2025-03-01
		// (samples/licenses/contoso):
		// Ann: E5 (Phone System + Audio Conferencing) + Domestic Plan + Credits; Bob:
		// Phone System + International
		// Plan + Audio Conferencing + Credits; Eve: Phone System + Domestic Plan (120
		// min), no Credits; a blocked
		// user with a Domestic Plan (counts for the pool); the toll-free resource account
		// +18005550199 with Credits.
		// US pools for March: domestic 3 holders x 3000, international 1 x 600,
		// conferencing 2 x 60, 120-min 1 x 120.
		Map<Integer, String> expected = new LinkedHashMap<>();
		// Ann, +1 domestic, 61 s = 2 min from the domestic pool (list price 0.019 x 2 =
		// 0.038 -> 0.04)
		expected.put(2, "0.04 INCLUDED_USAGE POOL DOMESTIC/US/2025-03:2 0.00 0.00 null");
		// Ann to +44, international without an international plan: credits, 125 s x
		// 0.035/60 = 0.0729 -> 0.07
		expected.put(3, "0.07 USAGE CREDITS - 0.07 0.00 null");
		// Bob, international plan: +447 90 s = 2 min from the international (and
		// domestic) pool
		expected.put(4, "0.24 INCLUDED_USAGE POOL INTERNATIONAL/US/2025-03:2 0.00 0.00 null");
		// Bob to +4915, 31 s = 1 min from the international pool
		expected.put(5, "0.15 INCLUDED_USAGE POOL INTERNATIONAL/US/2025-03:1 0.00 0.00 null");
		// Ann to a masked German number: credits 300 s on +49 0.032/min 30/6 = 0.16
		expected.put(6, "0.16 USAGE CREDITS - 0.16 0.00 null");
		// Eve to India: no Communications Credits license: unfunded 1.00
		expected.put(7, "1.00 UNFUNDED_USAGE UNFUNDED - 0.00 1.00 no Communications Credits license");
		// Bob inbound to his user number: not chargeable, no ledger entry
		expected.put(8, "0.00 null null - - - null");
		// toll-free inbound to the resource account (Resource Account + Credits): 185 s
		// -> 4 min x 0.03 = 0.12
		expected.put(9, "0.12 USAGE CREDITS - 0.12 0.00 null");
		// Ann, 0-second call: nothing billed, no entry
		expected.put(10, "0.00 null null - - - null");
		// Eve transfers to France: international, no Credits: unfunded 75 s x 0.029/60 =
		// 0.036 -> 0.04
		expected.put(11, "0.04 UNFUNDED_USAGE UNFUNDED - 0.00 0.04 no Communications Credits license");
		// Bob's conference dial-out to +1 (Zone A) for 30 min: 30 of the 120 conferencing
		// minutes
		expected.put(12, "0.57 INCLUDED_USAGE POOL CONFERENCING/US/2025-03:30 0.00 0.00 null");
		// Eve's call of 28 February, before the export's own time (2025-03-01): the
		// organization's first export covers
		// every earlier call (DOMAIN rule 11), and Eve holds no Communications Credits
		// license in it
		expected.put(14, "0.24 UNFUNDED_USAGE UNFUNDED - 0.00 0.24 no Communications Credits license");
		assertThat(howEachCallWasPaid("contoso")).containsExactlyEntriesOf(expected);
		// credits: 0.07 + 0.16 + 0.12 = 0.35 from the earliest-expiring lot (5.00, bought
		// 2024-04-15)
		assertThat(balance("contoso")).isEqualByComparingTo("104.65");
		assertThat(lotRemaining("PO-2024-0415")).isEqualByComparingTo("4.65");
		assertThat(lotRemaining("PO-2025-0201")).isEqualByComparingTo("100.00");
		assertThat(poolUsed("contoso", "DOMESTIC")).isEqualTo(2 + 2 + 1); // Ann 2 + Bob's
																			// international
																			// 3 (both
																			// pools)
		assertThat(poolUsed("contoso", "INTERNATIONAL")).isEqualTo(3);
		assertThat(poolUsed("contoso", "CONFERENCING")).isEqualTo(30);
	}

	@Test
	void fabrikamPaysWhatItsLotCoversAndRecordsTheRestAsUnfunded() {
		// EUR, one 1.50 lot; licenses: Jan E5 + Domestic Plan + Credits (DE domestic pool
		// 1200), Lea Phone System +
		// Audio Conferencing + Credits (no calling plan: her calls go to credits). In
		// start-time order:
		Map<Integer, String> expected = new LinkedHashMap<>();
		// 07:59 Jan +49 domestic 95 s = 2 min from the pool
		expected.put(2, "0.05 INCLUDED_USAGE POOL DOMESTIC/DE/2025-03:2 0.00 0.00 null");
		// 08:10 Lea +4917 240 s: 0.145 x 4 + 0.045 fee = 0.625 -> 0.63 from credits (left
		// 0.87)
		expected.put(3, "0.63 USAGE CREDITS - 0.63 0.00 null");
		// 08:45 Jan +447 150 s international: 0.18 + 90 x 0.07/60 = 0.285 -> 0.29 (left
		// 0.58)
		expected.put(4, "0.29 USAGE CREDITS - 0.29 0.00 null");
		// 09:15 Lea +33 480 s x 0.027/60 = 0.216 -> 0.22 (left 0.36)
		expected.put(5, "0.22 USAGE CREDITS - 0.22 0.00 null");
		expected.put(6, "0.00 null null - - - null"); // 10:00 inbound
		// 10:30 Jan +1 660 s = 11 min x 0.018 = 0.198 -> 0.20 (left 0.16)
		expected.put(7, "0.20 USAGE CREDITS - 0.20 0.00 null");
		// 11:00 Lea +91 300 s = 5 x 0.092 = 0.46: 0.16 from the lot, 0.30 unfunded
		expected.put(8,
				"0.46 UNFUNDED_USAGE CREDITS+UNFUNDED - 0.16 0.30 funds ran out during this call: 0.16 paid, 0.30 unfunded");
		assertThat(howEachCallWasPaid("fabrikam")).containsExactlyEntriesOf(expected);
		assertThat(balance("fabrikam")).isEqualByComparingTo("0.00");
	}

	private int poolUsed(String org, String type) {
		return jdbc.sql("SELECT COALESCE(SUM(minutes_used), 0) FROM pool_usage WHERE org_id = :org AND pool_type = :t")
			.param("org", org)
			.param("t", type)
			.query(Integer.class)
			.single();
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
		return jdbc.sql("SELECT remaining FROM lot WHERE reference = :r")
			.param("r", reference)
			.query(BigDecimal.class)
			.single();
	}

}
