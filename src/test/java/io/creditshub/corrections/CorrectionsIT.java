package io.creditshub.corrections;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.LifecycleIntegrationTest;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Re-rating with a corrected rate table and manual adjustments, with worked arithmetic
 * (issue 15). Every call is to a landline at 60/60 increments, so a call of N minutes
 * costs N x the rate per minute. Rate table version 1 has +49 and +33 at 0.07 EUR/min;
 * the corrected version 2 has February 2026 at 0.05 for +49 (lowered) and at 0.09 for +33
 * (raised). The clock stands at 2026-03-10T12:00Z.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionsIT extends LifecycleIntegrationTest {

	static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z"), MAR = Instant.parse("2026-03-01T00:00:00Z");

	@Autowired
	CorrectionService corrections;

	long v2;

	@BeforeAll
	void books() {
		clock.set("2026-03-10T12:00:00Z");
		drop("rates/v1.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From,Effective To
						+49,Germany,landline,EUR,0.07,0,60,60,2020-01-01,
						+33,France,landline,EUR,0.07,0,60,60,2020-01-01,
						""");
		assertPosted(drain());
		for (String org : List.of("low", "exp", "rai", "twin", "adj", "rep")) {
			openAccount(org, "EUR", null, null, null);
		}
		drop("funds/lots.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				low,1.00,EUR,2025-03-15T00:00:00Z,LOW-A
				low,10.00,EUR,2026-01-01T00:00:00Z,LOW-B
				exp,0.50,EUR,2025-03-05T00:00:00Z,EXP-A
				exp,5.00,EUR,2026-01-01T00:00:00Z,EXP-B
				rai,1.00,EUR,2026-01-01T00:00:00Z,RAI-1
				twin,10.00,EUR,2026-01-01T00:00:00Z,TWIN-1
				adj,2.00,EUR,2026-01-01T00:00:00Z,ADJ-1
				adj,3.00,EUR,2026-02-01T00:00:00Z,ADJ-2
				rep,5.00,EUR,2026-01-01T00:00:00Z,REP-1
				""");
		assertPosted(drain());
		// low: 0.70 from LOW-A (earliest expiry); 0.35 = 0.30 from LOW-A + 0.05 from
		// LOW-B; 0.56 and 0.21 from LOW-B
		drop("cdr/low/feb.csv", teamsExport("l1,user_out,+4930123456,2026-02-03T09:00:00Z,600",
				"l2,user_out,+4930123456,2026-02-10T09:00:00Z,300", "l3,user_out,+4930123456,2026-02-20T09:00:00Z,480",
				"l4,user_out,+4930123456,2026-03-02T09:00:00Z,180"));
		// exp: 30 min = 2.10: 0.50 from EXP-A (expired on 2026-03-05, after the call
		// started), 1.60 from EXP-B
		drop("cdr/exp/feb.csv", teamsExport("x1,user_out,+4930123456,2026-02-10T09:00:00Z,1800"));
		// rai: 0.70 from RAI-1; 0.35 = 0.30 from RAI-1 + 0.05 unfunded
		drop("cdr/rai/feb.csv", teamsExport("r1,user_out,+33140000000,2026-02-05T09:00:00Z,600",
				"r2,user_out,+33140000000,2026-02-06T09:00:00Z,300"));
		drop("cdr/twin/feb.csv",
				teamsExport("t1,user_out,+4930123456,2026-02-03T09:00:00Z,600",
						"t2,user_out,+4930123456,2026-02-04T09:00:00Z,600",
						"t3,user_out,+4930123456,2026-02-05T09:00:00Z,600"));
		drop("cdr/rep/feb.csv", teamsExport("p1,user_out,+4930123456,2026-02-10T09:00:00Z,600"));
		assertPosted(drain());
		// rai buys 0.25 more after the calls
		drop("funds/rai-2.csv", "Organization Id,Amount,Currency,Purchased At,Order Reference\n"
				+ "rai,0.25,EUR,2026-03-05T00:00:00Z,RAI-2\n");
		drop("rates/v2-corrected.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From,Effective To
						+49,Germany,landline,EUR,0.07,0,60,60,2020-01-01,
						+49,Germany,landline,EUR,0.05,0,60,60,2026-02-01,2026-03-01
						+33,France,landline,EUR,0.07,0,60,60,2020-01-01,
						+33,France,landline,EUR,0.09,0,60,60,2026-02-01,2026-03-01
						""");
		assertPosted(drain());
		v2 = jdbc.sql("SELECT MAX(version_id) FROM rate_table_version").query(Long.class).single();
		assertThat(balance("low")).isEqualByComparingTo("9.18");
		assertBooksBalance();
	}

	CorrectionService.Result rerate(String org, boolean dryRun) {
		return corrections.rerate(new CorrectionService.RerateRequest(org, FEB, MAR, null, null, dryRun, "test"));
	}

	BigDecimal remaining(String lotReference) {
		return jdbc.sql("SELECT remaining FROM lot WHERE reference = :r")
			.param("r", lotReference)
			.query(BigDecimal.class)
			.single();
	}

	/**
	 * The correction entries of an organization: type, call, lot, amount, unfunded, in
	 * posting order.
	 */
	List<String> corrections(String org) {
		return jdbc.sql("""
				SELECT e.entry_type, e.corrected_usage_id, l.reference, e.amount, e.unfunded_amount, e.credits_due
				FROM ledger_view e LEFT JOIN lot l ON l.lot_id = e.lot_id
				WHERE e.org_id = :org AND e.correction_id IS NOT NULL ORDER BY e.entry_id""")
			.param("org", org)
			.query((rs, i) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
					+ CorrectionFiles.plain(rs.getBigDecimal(4)) + " unfunded "
					+ CorrectionFiles.plain(rs.getBigDecimal(5)))
			.list();
	}

	@Test
	void aRateLoweredFrom7To5CentsRefundsTheExactDifferencesToTheLotsThatPaidAndTheDryRunCsvIsWhatIsPosted()
			throws Exception {
		CorrectionService.Result dry = rerate("low", true);
		assertThat(dry.status()).isEqualTo("DRY_RUN");
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'low' AND correction_id IS NOT NULL"))
			.isZero();
		assertThat(balance("low")).isEqualByComparingTo("9.18");
		List<String> csv = Files.readAllLines(dry.csv());
		// l1 10 min 0.70 -> 0.50: 0.20 back to LOW-A; l2 5 min 0.35 -> 0.25: 0.10 back to
		// LOW-A (paid 0.30 of it,
		// expires first); l3 8 min 0.56 -> 0.40: 0.16 back to LOW-B; l4 (March) is not in
		// the period
		long a = lotId("LOW-A"), b = lotId("LOW-B");
		assertThat(csv).containsExactly(String.join(",", CorrectionFiles.HEADERS),
				"low,l1,call-l1,2026-02-03T09:00:00Z,1," + v2
						+ ",0.70,0.50,0.70,0.50,-0.20,0.20,0.00,0.00,0.00,0.20,EUR," + a + ":+0.20,,",
				"low,l2,call-l2,2026-02-10T09:00:00Z,1," + v2
						+ ",0.35,0.25,0.35,0.25,-0.10,0.10,0.00,0.00,0.00,0.10,EUR," + a + ":+0.10,,",
				"low,l3,call-l3,2026-02-20T09:00:00Z,1," + v2
						+ ",0.56,0.40,0.56,0.40,-0.16,0.16,0.00,0.00,0.00,0.16,EUR," + b + ":+0.16,,");
		assertThat(dry.totals().get("low").balanceChange()).isEqualByComparingTo("0.46");

		CorrectionService.Result run = rerate("low", false);
		assertThat(run.status()).isEqualTo("POSTED");
		assertThat(run.correctionId()).isEqualTo("rerate-low-20260201T0000-20260301T0000-v" + v2);
		assertThat(corrections("low")).containsExactly("ADJUSTMENT l1 LOW-A 0.20 unfunded 0.00",
				"ADJUSTMENT l2 LOW-A 0.10 unfunded 0.00", "ADJUSTMENT l3 LOW-B 0.16 unfunded 0.00");
		assertThat(remaining("LOW-A")).isEqualByComparingTo("0.30");
		assertThat(remaining("LOW-B")).isEqualByComparingTo("9.34");
		assertThat(balance("low")).isEqualByComparingTo("9.64"); // 9.18 + 0.20 + 0.10 +
																	// 0.16
		assertBooksBalance();
		// the dry run's CSV is what the real run posted: same calls, same amounts, same
		// lots
		assertThat(Files.readAllLines(run.csv())).isEqualTo(csv);
		Map<String, BigDecimal> posted = new TreeMap<>();
		jdbc.sql("SELECT corrected_usage_id, SUM(amount) FROM ledger_view WHERE org_id = 'low' AND correction_id = :id "
				+ "GROUP BY corrected_usage_id")
			.param("id", run.correctionId())
			.query(rs -> {
				posted.put(rs.getString(1), rs.getBigDecimal(2).setScale(2));
			});
		Map<String, BigDecimal> planned = new TreeMap<>();
		csv.stream().skip(1).map(l -> l.split(",")).forEach(f -> planned.put(f[1], new BigDecimal(f[15])));
		assertThat(posted).isEqualTo(planned);
		// the workbook reads back the same
		try (InputStream in = Files.newInputStream(run.workbook()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
			Sheet calls = wb.getSheet("Corrected calls");
			assertThat(calls.getLastRowNum()).isEqualTo(3);
			assertThat(calls.getRow(1).getCell(1).getStringCellValue()).isEqualTo("l1");
			assertThat(calls.getRow(1).getCell(10).getNumericCellValue()).isEqualTo(-0.20);
			Row total = wb.getSheet("Totals").getRow(1);
			assertThat(total.getCell(0).getStringCellValue()).isEqualTo("low");
			assertThat(total.getCell(8).getNumericCellValue()).isEqualTo(0.46);
		}
		// one email to low's admins with the totals and the workbook
		Map<String, Object> mail = jdbc
			.sql("SELECT recipients, subject, text_body, attachment_name FROM email_outbox "
					+ "WHERE org_id = 'low' AND kind = 'CORRECTION'")
			.query()
			.singleRow();
		assertThat(mail.get("recipients")).isEqualTo("low@admins.example");
		assertThat((String) mail.get("text_body")).contains("Calls corrected:", "3", "0.46 EUR", "9.64 EUR");
		assertThat(mail.get("attachment_name")).isEqualTo(run.correctionId() + "-low.xlsx");

		// the same correction again posts nothing; another id finds nothing left to
		// correct
		assertThat(rerate("low", false).status()).isEqualTo("ALREADY_APPLIED");
		CorrectionService.Result other = corrections
			.rerate(new CorrectionService.RerateRequest("low", FEB, MAR, null, "rerate-low-again", false, "test"));
		assertThat(other.status()).isEqualTo("POSTED");
		assertThat(other.calls()).isEmpty();
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'low' AND correction_id IS NOT NULL"))
			.isEqualTo(3);
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE org_id = 'low' AND kind = 'CORRECTION'"))
			.isEqualTo(1);
		assertThat(balance("low")).isEqualByComparingTo("9.64");

		// reversed only by another correction: back to version 1 charges the differences
		// again, as usage is taken
		CorrectionService.Result back = corrections
			.rerate(new CorrectionService.RerateRequest("low", FEB, MAR, 1L, null, false, "test"));
		assertThat(back.calls()).extracting(CorrectedCall::difference)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.20"), new BigDecimal("0.10"), new BigDecimal("0.16"));
		// LOW-A expired on 2026-03-15, after the calls: it pays first again (0.30), then
		// LOW-B 0.16
		assertThat(remaining("LOW-A")).isEqualByComparingTo("0");
		assertThat(remaining("LOW-B")).isEqualByComparingTo("9.18");
		assertThat(balance("low")).isEqualByComparingTo("9.18");
		assertBooksBalance();
	}

	@Autowired
	io.creditshub.report.ReportService reports;

	@Test
	void theMonthlyAndFinanceWorkbooksShowTheAdjustmentInTheMonthItWasPosted() throws Exception {
		java.time.YearMonth february = java.time.YearMonth.of(2026, 2), march = java.time.YearMonth.of(2026, 3);
		CorrectionService.Result run = rerate("rep", false); // p1 10 min 0.70 -> 0.50:
																// 0.20 back, posted in
																// March
		try (XSSFWorkbook wb = open(reports.usageWorkbook("rep", march))) {
			assertThat(summaryValue(wb.getSheet("Summary"), "Adjustments")).isEqualTo(0.20);
			Row funds = wb.getSheet("Funds").getRow(1);
			assertThat(funds.getCell(1).getStringCellValue()).isEqualTo("ADJUSTMENT");
			assertThat(funds.getCell(2).getNumericCellValue()).isEqualTo(0.20);
			assertThat(funds.getCell(4).getStringCellValue()).contains(run.correctionId(), "call p1");
		}
		// DOMAIN rule 9: February's books, where the call was posted, are unchanged
		try (XSSFWorkbook wb = open(reports.usageWorkbook("rep", february))) {
			assertThat(summaryValue(wb.getSheet("Summary"), "Adjustments")).isEqualTo(0.0);
			assertThat(wb.getSheet("Funds").getLastRowNum()).isZero();
		}
		try (XSSFWorkbook wb = open(reports.financeWorkbook(march))) {
			Sheet orgs = wb.getSheet("Organizations");
			int adjustments = java.util.stream.IntStream.range(0, orgs.getRow(0).getLastCellNum())
				.filter(c -> orgs.getRow(0).getCell(c).getStringCellValue().equals("Adjustments"))
				.findFirst()
				.orElseThrow();
			for (Row r : orgs) {
				if (r.getCell(0).getStringCellValue().equals("rep")) {
					assertThat(r.getCell(adjustments).getNumericCellValue()).isEqualTo(0.20);
				}
			}
		}
		assertBooksBalance();
	}

	static XSSFWorkbook open(Path p) throws Exception {
		try (InputStream in = Files.newInputStream(p)) {
			return new XSSFWorkbook(in);
		}
	}

	static double summaryValue(Sheet sheet, String label) {
		for (Row row : sheet) {
			if (row.getCell(0) != null && row.getCell(1) != null
					&& row.getCell(0).getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
					&& row.getCell(0).getStringCellValue().equals(label)) {
				return row.getCell(1).getNumericCellValue();
			}
		}
		throw new AssertionError("no " + label + " on " + sheet.getSheetName());
	}

	long lotId(String reference) {
		return jdbc.sql("SELECT lot_id FROM lot WHERE reference = :r").param("r", reference).query(Long.class).single();
	}

	@Test
	void aRefundWhoseLotHasExpiredIsForfeited() {
		// x1 30 min: 2.10 -> 1.50, refund 0.60 to the lots that paid, earliest expiry
		// first: EXP-A paid 0.50 but
		// expired on 2026-03-05, so its 0.50 is forfeited; EXP-B gets 0.10
		CorrectionService.Result run = rerate("exp", false);
		assertThat(run.calls()).singleElement().satisfies(c -> {
			assertThat(c.refunded()).isEqualByComparingTo("0.60");
			assertThat(c.forfeited()).isEqualByComparingTo("0.50");
			assertThat(c.balanceChange()).isEqualByComparingTo("0.10");
		});
		assertThat(corrections("exp")).containsExactly("ADJUSTMENT x1 EXP-A 0.50 unfunded 0.00",
				"EXPIRY x1 EXP-A -0.50 unfunded 0.00", "ADJUSTMENT x1 EXP-B 0.10 unfunded 0.00");
		assertThat(remaining("EXP-A")).isEqualByComparingTo("0");
		assertThat(remaining("EXP-B")).isEqualByComparingTo("3.50"); // 5.00 - 1.60 + 0.10
		assertThat(balance("exp")).isEqualByComparingTo("3.50");
		assertBooksBalance();
	}

	@Test
	void aRaisedRateChargesTheDifferenceAndLeavesWhatNoLotCoversUnfunded() {
		// r1 10 min 0.70 -> 0.90: +0.20 from RAI-2 (0.25, bought after the calls: rule 2
		// allows it), 0.05 left;
		// r2 5 min 0.35 -> 0.45: +0.10 = 0.05 from RAI-2 + 0.05 unfunded (r2 was already
		// 0.05 unfunded: now 0.10)
		CorrectionService.Result run = rerate("rai", false);
		assertThat(run.calls()).hasSize(2);
		assertThat(corrections("rai")).containsExactly("ADJUSTMENT r1 RAI-2 -0.20 unfunded 0.00",
				"ADJUSTMENT r2 RAI-2 -0.05 unfunded 0.05");
		assertThat(remaining("RAI-1")).isEqualByComparingTo("0");
		assertThat(remaining("RAI-2")).isEqualByComparingTo("0");
		assertThat(balance("rai")).isEqualByComparingTo("0");
		BigDecimal unfunded = jdbc
			.sql("SELECT SUM(unfunded_amount) FROM ledger_view WHERE org_id = 'rai' "
					+ "AND (usage_id = 'r2' OR corrected_usage_id = 'r2')")
			.query(BigDecimal.class)
			.single();
		assertThat(unfunded).isEqualByComparingTo("0.10");
		assertThat(run.totals().get("rai").charged()).isEqualByComparingTo("0.25");
		assertThat(run.totals().get("rai").unfundedChange()).isEqualByComparingTo("0.05");
		assertBooksBalance();
	}

	@Test
	void twoRunsOfTheSameCorrectionAtOncePostItOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			results.add(pool.submit((Callable<String>) () -> {
				go.await();
				return rerate("twin", false).status();
			}));
		}
		go.countDown();
		List<String> statuses = new ArrayList<>();
		for (Future<String> f : results) {
			statuses.add(f.get());
		}
		pool.shutdown();
		assertThat(statuses).containsExactlyInAnyOrder("POSTED", "ALREADY_APPLIED");
		// 3 calls of 10 min, 0.70 -> 0.50 each: 0.60 back to TWIN-1
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'twin' AND entry_type = 'ADJUSTMENT'"))
			.isEqualTo(3);
		assertThat(balance("twin")).isEqualByComparingTo("8.50"); // 10.00 - 2.10 + 0.60
		assertBooksBalance();
	}

	@Test
	void manualAdjustmentsAddALotOrTakeLikeUsageExactlyOnce() {
		var plus = corrections.adjust("adj", new BigDecimal("5.00"), "goodwill credit", null, null, "test");
		assertThat(plus.status()).isEqualTo("POSTED");
		Map<String, Object> lot = jdbc
			.sql("SELECT source, amount, purchased_at, expires_at FROM lot WHERE lot_id = :id")
			.param("id", plus.lotId())
			.query()
			.singleRow();
		assertThat(lot.get("source")).isEqualTo("ADJUSTMENT");
		assertThat(lot.get("expires_at").toString()).contains("2027-03-10");
		assertThat(balance("adj")).isEqualByComparingTo("10.00");
		// the same command again changes nothing
		assertThat(corrections.adjust("adj", new BigDecimal("5.00"), "goodwill credit", null, null, "test").status())
			.isEqualTo("ALREADY_APPLIED");
		assertThat(balance("adj")).isEqualByComparingTo("10.00");

		// -2.50 about a call: taken earliest expiry first, ADJ-1 (2.00) then 0.50 from
		// ADJ-2
		var minus = corrections.adjust("adj", new BigDecimal("-2.50"), "call charged twice by the carrier", null,
				"ticket-42", "test");
		assertThat(minus.taken()).isEqualByComparingTo("2.50");
		assertThat(corrections("adj")).containsExactly(
				"ADJUSTMENT null adjustment:" + plus.correctionId() + " 5.00 unfunded 0.00",
				"ADJUSTMENT null ADJ-1 -2.00 unfunded 0.00", "ADJUSTMENT null ADJ-2 -0.50 unfunded 0.00");
		assertThat(balance("adj")).isEqualByComparingTo("7.50");
		assertThat(corrections.adjust("adj", new BigDecimal("-1"), "again", null, "ticket-42", "test").status())
			.isEqualTo("ALREADY_APPLIED");
		assertThat(balance("adj")).isEqualByComparingTo("7.50");
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE org_id = 'adj' AND kind = 'CORRECTION'"))
			.isEqualTo(2);
		assertBooksBalance();
	}

}
