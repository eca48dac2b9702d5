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
 * Issue 12, items 1 and 6: when the balance reaches zero (DOMAIN rule 8) and what the
 * balance is while an expired lot waits for the expiry batch (DOMAIN rules 1 and 3).
 * Every call costs 0.06 per started minute (US landline, 60/60).
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
		return jdbc.sql("SELECT unfunded_reason FROM ledger_view WHERE usage_id = :u")
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
		drop("cdr/early/PSTN.calls.csv", teamsExport("e-3,user_out,+12065550100,2025-03-19T09:01:00Z,60", // 1
																											// min
																											// =
																											// 0.06:
																											// nothing
																											// left,
																											// all
																											// unfunded
				"e-1,user_out,+12065550100,2025-03-10T10:00:00Z,600", // 10 min = 0.60,
																		// paid (0.40
																		// left)
				"e-2,user_out,+12065550100,2025-03-11T01:04:19Z,720")); // 12 min = 0.72:
																		// 0.40 paid, 0.32
																		// unfunded
		assertPosted(drain());

		assertThat(balance("early")).isEqualByComparingTo("0.00");
		assertThat(reason("e-1")).isNull();
		assertThat(reason("e-2")).isEqualTo("funds ran out during this call: 0.40 paid, 0.32 unfunded");
		assertThat(reason("e-3")).isEqualTo(FundsService.NO_FUNDS);

		// the suspension names the start of e-2, not the file's last call (2025-03-19
		// 09:01)
		Instant zeroAt = Instant.parse("2025-03-11T01:04:19Z");
		assertThat(jdbc.sql("SELECT occurred_at FROM suspension_event WHERE org_id = 'early' AND action = 'SUSPEND'")
			.query(java.time.OffsetDateTime.class)
			.single()
			.toInstant()).isEqualTo(zeroAt);
		assertThat(api.reachedZeroAt("early")).isEqualTo(zeroAt);
		assertThat(jdbc.sql("SELECT text_body FROM email_outbox WHERE org_id = 'early' AND kind = 'ZERO_BALANCE'")
			.query(String.class)
			.single()).contains("Reached zero at: 2025-03-11 01:04:19 UTC");

		// the carrier file: Time = when the hub decided, Call Time = the start of the
		// call
		pendingWork.flushOutboxes();
		Path carrier = folders.outbox().resolve("carrier");
		try (Stream<Path> files = Files.list(carrier)) {
			Path file = files.filter(p -> p.getFileName().toString().startsWith("suspended-"))
				.findFirst()
				.orElseThrow();
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

	@Autowired
	io.creditshub.report.ReportService reports;

	/**
	 * Summary label -> amount (2 decimals) or count, from a workbook written by the hub.
	 */
	private java.util.Map<String, String> summary(Path workbook) throws Exception {
		java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
		try (var in = Files.newInputStream(workbook); var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
			for (var row : wb.getSheet("Summary")) {
				var label = row.getCell(0);
				var value = row.getCell(1);
				if (label != null && value != null
						&& value.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
					m.putIfAbsent(label.getStringCellValue(),
							BigDecimal.valueOf(value.getNumericCellValue())
								.setScale(2, java.math.RoundingMode.HALF_UP)
								.toPlainString());
				}
			}
		}
		return m;
	}

	/**
	 * The Calls sheet: UsageId, Start Time, Paid From Credits, Unfunded, Late: Booked In.
	 */
	private List<String> calls(Path workbook) throws Exception {
		List<String> rows = new java.util.ArrayList<>();
		try (var in = Files.newInputStream(workbook); var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
			var sheet = wb.getSheet("Calls");
			assertThat(sheet.getRow(0).getCell(30).getStringCellValue()).isEqualTo("Late: Booked In");
			for (int i = 1; i <= sheet.getLastRowNum(); i++) {
				var r = sheet.getRow(i);
				var late = r.getCell(30);
				rows.add(r.getCell(0).getStringCellValue() + " " + r.getCell(13).getLocalDateTimeCellValue() + " "
						+ BigDecimal.valueOf(r.getCell(24).getNumericCellValue()).setScale(2) + " "
						+ BigDecimal.valueOf(r.getCell(25).getNumericCellValue()).setScale(2) + " "
						+ (late == null ? "-" : late.getStringCellValue()));
			}
		}
		return rows;
	}

	private String bookMonth(String usageId) {
		return jdbc.sql("SELECT book_month FROM ledger_view WHERE usage_id = :u")
			.param("u", usageId)
			.query(String.class)
			.single();
	}

	@Test
	void lateUsageIsInTheBooksOfTheMonthThatPostedItAndAPastMonthNeverChanges() throws Exception {
		java.time.YearMonth march = java.time.YearMonth.of(2025, 3), november = java.time.YearMonth.of(2025, 11);
		clock.set("2025-03-01T00:00:00Z");
		openAccount("tardy", "USD", null, null, null);
		purchase("tardy", "USD", "1.00", "T-MAR");
		clock.set("2025-03-20T00:00:00Z");
		drop("cdr/tardy/march.csv", teamsExport("t-1,user_out,+12065550100,2025-03-10T10:00:00Z,600")); // 10
																										// min
																										// =
																										// 0.60
		assertPosted(drain());

		// March's report, made on 2 April, closes March's books
		clock.set("2025-04-02T06:00:00Z");
		Path marchBook = reports.usageWorkbook("tardy", march);
		java.util.Map<String, String> first = summary(marchBook);
		assertThat(first).containsEntry("Opening balance", "0.00")
			.containsEntry("Purchases", "1.00")
			.containsEntry("Usage charged to credits", "0.60")
			.containsEntry("Closing balance", "0.40");
		List<String> firstCalls = calls(marchBook);
		assertThat(firstCalls).containsExactly("t-1 2025-03-10T10:00 0.60 0.00 -");

		// November: a lot is bought, then March calls arrive (late CDRs)
		clock.set("2025-11-05T09:00:00Z");
		purchase("tardy", "USD", "5.00", "T-NOV");
		clock.set("2025-11-06T09:00:00Z");
		drop("cdr/tardy/late.csv", teamsExport("t-2,user_out,+12065550100,2025-03-25T08:00:00Z,1200", // 20
																										// min
																										// =
																										// 1.20:
																										// 0.40
																										// from
																										// T-MAR,
																										// 0.80
																										// from
																										// T-NOV
				"t-3,user_out,+12065550100,2025-03-26T08:00:00Z,60")); // 1 min = 0.06
																		// from T-NOV
		assertPosted(drain());
		assertThat(bookMonth("t-1")).isEqualTo("2025-03");
		assertThat(bookMonth("t-2")).isEqualTo("2025-11");
		assertThat(bookMonth("t-3")).isEqualTo("2025-11");
		assertThat(balance("tardy")).isEqualByComparingTo("4.14"); // 1.00 + 5.00 - 0.60 -
																	// 1.20 - 0.06

		// March made again: the same figures, the same calls
		clock.set("2025-12-01T06:00:00Z");
		Path again = reports.usageWorkbook("tardy", march);
		assertThat(summary(again)).isEqualTo(first);
		assertThat(calls(again)).isEqualTo(firstCalls);

		// November's books hold the late usage, with the call times, flagged
		Path novemberBook = reports.usageWorkbook("tardy", november);
		assertThat(summary(novemberBook)).containsEntry("Opening balance", "0.40")
			.containsEntry("Purchases", "5.00")
			.containsEntry("Usage charged to credits", "1.26")
			.containsEntry("Closing balance", "4.14")
			.containsEntry("Late calls (call time in an earlier month)", "2.00");
		assertThat(calls(novemberBook)).containsExactly("t-2 2025-03-25T08:00 1.20 0.00 2025-11",
				"t-3 2025-03-26T08:00 0.06 0.00 2025-11");

		// issue 12 item 9: every sheet prints one page wide, tables repeat their header
		// row
		try (var in = Files.newInputStream(novemberBook); var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
			for (String name : List.of("Summary", "Calls", "Funds", "By day", "Forecast")) {
				var sheet = wb.getSheet(name);
				assertThat(sheet.getFitToPage()).as(name).isTrue();
				assertThat(sheet.getPrintSetup().getFitWidth()).as(name).isEqualTo((short) 1);
				assertThat(sheet.getPrintSetup().getFitHeight()).as(name).isEqualTo((short) 0);
			}
			assertThat(wb.getSheet("Calls").getPrintSetup().getLandscape()).isTrue();
			assertThat(wb.getSheet("Calls").getRepeatingRows().formatAsString()).isEqualTo("1:1");
			assertThat(wb.getSheet("Summary").getPrintSetup().getLandscape()).isFalse();
		}
		PdfCheck.assertPrintsOnPages(novemberBook, 5, 5);

		// the API shows the call time and the flag
		var page = api.calls("tardy", null, null, null, null, 0, 10);
		assertThat(page.items())
			.extracting(c -> c.usageId() + " " + c.startedAt() + " " + c.bookMonth() + " " + c.late())
			.containsExactly("t-1 2025-03-10T10:00:00Z 2025-03 false", "t-2 2025-03-25T08:00:00Z 2025-11 true",
					"t-3 2025-03-26T08:00:00Z 2025-11 true");
		assertBooksBalance();
	}

	@Test
	void aMarchCallPaidFromANovemberLotIsNovemberUsageEvenWhenMarchWasNeverReported() throws Exception {
		clock.set("2025-11-05T09:00:00Z");
		openAccount("lately", "USD", null, null, null);
		purchase("lately", "USD", "5.00", "LY-NOV");
		drop("cdr/lately/late.csv", teamsExport("ly-1,user_out,+12065550100,2025-03-25T08:00:00Z,6000")); // 100
																											// min
																											// =
																											// 6.00
		assertPosted(drain());
		assertThat(bookMonth("ly-1")).isEqualTo("2025-11"); // paid (5.00 of it) from a
															// November lot

		clock.set("2025-12-01T06:00:00Z");
		// March: nothing; never a negative balance
		assertThat(summary(reports.usageWorkbook("lately", java.time.YearMonth.of(2025, 3))))
			.containsEntry("Opening balance", "0.00")
			.containsEntry("Usage charged to credits", "0.00")
			.containsEntry("Closing balance", "0.00");
		assertThat(summary(reports.usageWorkbook("lately", java.time.YearMonth.of(2025, 11))))
			.containsEntry("Opening balance", "0.00")
			.containsEntry("Purchases", "5.00")
			.containsEntry("Usage charged to credits", "5.00")
			.containsEntry("Closing balance", "0.00")
			.containsEntry("Unfunded usage (not charged)", "1.00");
		assertBooksBalance();
	}

	@Test
	void aRateFileWithMaxCostCapsUnderFreeOnly() {
		clock.set("2026-05-01T00:00:00Z");
		// +1 as before; +44 0.20/min 60/60 capped at 1.00 (*free); +33 the same under
		// *disconnect (not capped)
		drop("rates/rates-maxcost.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From,Max Cost,Max Cost Strategy
						+1,United States,landline,USD,0.06,0,60,60,2020-01-01,,
						+44,United Kingdom,landline,USD,0.20,0,60,60,2020-01-01,1.00,*free
						+33,France,landline,USD,0.20,0,60,60,2020-01-01,1.00,*disconnect
						""");
		assertPosted(drain());
		openAccount("capped", "USD", null, null, null);
		purchase("capped", "USD", "10.00", "C-1");
		clock.set("2026-05-02T00:00:00Z");
		drop("cdr/capped/calls.csv", teamsExport("c-44,user_out,+442079460000,2026-05-01T10:00:00Z,420", // 7
																											// x
																											// 0.20
																											// =
																											// 1.40
																											// ->
																											// 1.00
				"c-33,user_out,+33140000000,2026-05-01T11:00:00Z,420", // 1.40, not capped
				"c-44s,user_out,+442079460000,2026-05-01T12:00:00Z,240")); // 4 x 0.20 =
																			// 0.80, under
																			// the cap
		assertPosted(drain());
		assertThat(jdbc.sql("SELECT usage_id, charge FROM call_view WHERE org_id = 'capped' ORDER BY usage_id")
			.query((rs, i) -> rs.getString(1) + " " + rs.getBigDecimal(2).setScale(2))
			.list()).containsExactly("c-33 1.40", "c-44 1.00", "c-44s 0.80");
		assertThat(balance("capped")).isEqualByComparingTo("6.80"); // 10.00 - 1.00 - 1.40
																	// - 0.80
		assertBooksBalance();
	}

}
