package io.creditshub.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import io.creditshub.system.Samples;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** The workbooks written from a known ledger (the samples), read back with POI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportWorkbookIT extends HubIntegrationTest {

	@Autowired
	ReportService reports;

	static final YearMonth MARCH = YearMonth.of(2025, 3);

	XSSFWorkbook contoso;

	XSSFWorkbook finance;

	@BeforeAll
	void samplesAndReports() throws Exception {
		Samples.copyInto(folders.inbox());
		drain();
		contoso = open(reports.usageWorkbook("contoso", MARCH));
		finance = open(reports.financeWorkbook(MARCH));
	}

	static XSSFWorkbook open(Path p) throws Exception {
		try (InputStream in = Files.newInputStream(p)) {
			return new XSSFWorkbook(in);
		}
	}

	/** Summary label (column A) -> value (column B). */
	static Map<String, Cell> summary(Sheet sheet) {
		Map<String, Cell> m = new HashMap<>();
		for (Row row : sheet) {
			if (row.getCell(0) != null && row.getCell(1) != null && row.getCell(0).getCellType() == CellType.STRING) {
				m.putIfAbsent(row.getCell(0).getStringCellValue(), row.getCell(1));
			}
		}
		return m;
	}

	static BigDecimal cents(Cell cell) {
		return BigDecimal.valueOf(cell.getNumericCellValue()).setScale(2, RoundingMode.HALF_UP);
	}

	@Test
	void everySheetIsThereInOrder() {
		assertThat(contoso.getNumberOfSheets()).isEqualTo(5);
		assertThat(contoso.getSheetName(0)).isEqualTo("Summary");
		assertThat(contoso.getSheetName(1)).isEqualTo("Calls");
		assertThat(contoso.getSheetName(2)).isEqualTo("Funds");
		assertThat(contoso.getSheetName(3)).isEqualTo("By day");
		assertThat(contoso.getSheetName(4)).isEqualTo("Forecast");
		assertThat(Files.exists(reports.usageWorkbookPath("contoso", MARCH))).isTrue();
	}

	@Test
	void summaryTotalsEqualTheLedgerToTheCentAndReconcile() {
		Map<String, Cell> s = summary(contoso.getSheet("Summary"));
		// March 2025 by business time: opening 105.00 (two purchases before March), usage
		// 0.35 in March
		// (Eve's 28 February call was unfunded: no movement), closing 104.65
		assertThat(cents(s.get("Opening balance"))).isEqualByComparingTo("105.00");
		assertThat(cents(s.get("Purchases"))).isEqualByComparingTo("0.00");
		assertThat(cents(s.get("Usage charged to credits"))).isEqualByComparingTo("0.35");
		assertThat(cents(s.get("Unfunded usage (not charged)"))).isEqualByComparingTo("1.04"); // 1.00
																								// +
																								// 0.04
																								// in
																								// March
		assertThat(cents(s.get("Closing balance"))).isEqualByComparingTo(balance("contoso"));
		assertThat(s.get("Reconciliation").getStringCellValue())
			.isEqualTo("105.00 + 0.00 + 0.00 + 0.00 - 0.35 - 0.00 = 104.65: OK, equals the closing balance");
		assertThat((long) s.get("Calls").getNumericCellValue()).isEqualTo(11); // 12
																				// calls,
																				// one in
																				// February
		assertThat((long) s.get("Included minutes used").getNumericCellValue()).isEqualTo(2 + 2 + 1 + 30);
	}

	@Test
	void poolsAndTopListsAreOnTheSummary() {
		Sheet sheet = contoso.getSheet("Summary");
		String all = text(sheet);
		assertThat(all).contains("conferencing US 120 30 90", "domestic US 9000 5 8995", "international US 600 3 597",
				"domestic-120 US 120 0 120");
		// top destination by cost: India (1.00 unfunded); top user: Eve
		// destination, cost, paid, unfunded, calls, minutes
		assertThat(all).contains("Top destinations by cost Destination Cost Paid from credits Unfunded Calls Minutes "
				+ "India 1 0 1 1 10 Germany 0.16 0.16 0 1 5 United States toll-free 0.12 0.12 0 1 4 United Kingdom 0.07 0.07 0 1 3 "
				+ "France 0.04 0 0.04 1 2");
		assertThat(all).contains("Top users by cost User Cost Paid from credits Unfunded Calls Minutes "
				+ "eve.diaz@contoso.com 1.04 0 1.04 2 12 ann.lee@contoso.com 0.23 0.23 0 4 9 resource account +18005550199 0.12 0.12 0 1 4");
	}

	@Test
	void callsHaveRealDatesMoneyAndHowTheyWerePaid() {
		XSSFSheet calls = contoso.getSheet("Calls");
		assertThat(calls.getLastRowNum()).isEqualTo(11);
		assertThat(calls.getPaneInformation().isFreezePane()).isTrue();
		assertThat(calls.getCTWorksheet().getAutoFilter()).isNotNull();
		Row header = calls.getRow(0);
		assertThat(header.getCell(0).getStringCellValue()).isEqualTo("UsageId");
		assertThat(header.getCell(13).getStringCellValue()).isEqualTo("Start Time");
		Row first = calls.getRow(1); // 08:14:37 Ann to +1: domestic pool
		Cell start = first.getCell(13);
		assertThat(start.getCellType()).isEqualTo(CellType.NUMERIC);
		assertThat(DateUtil.isCellDateFormatted(start)).isTrue();
		assertThat(start.getLocalDateTimeCellValue()).isEqualTo("2025-03-03T08:14:37.220");
		assertThat(first.getCell(21).getStringCellValue()).isEqualTo("POOL");
		assertThat(first.getCell(22).getStringCellValue()).isEqualTo("DOMESTIC US 2025-03");
		assertThat(first.getCell(23).getNumericCellValue()).isEqualTo(2);
		Row india = find(calls, "+911123456789");
		assertThat(india.getCell(21).getStringCellValue()).isEqualTo("UNFUNDED");
		assertThat(cents(india.getCell(25))).isEqualByComparingTo("1.00");
		assertThat(india.getCell(26).getStringCellValue()).isEqualTo("no Communications Credits license");
		assertThat(cents(india.getCell(27))).isEqualByComparingTo("1.00");
	}

	@Test
	void anInjectedFormulaReadsBackAsPlainText() {
		XSSFSheet calls = contoso.getSheet("Calls");
		Row eve = find(calls, "+911123456789");
		Cell name = eve.getCell(6);
		assertThat(name.getCellType()).isEqualTo(CellType.STRING);
		assertThat(name.getStringCellValue()).isEqualTo("=HYPERLINK(\"http://x\",\"Eve\")");
		assertThat(name.getCellStyle().getQuotePrefixed()).isTrue();
		for (Sheet sheet : contoso) {
			for (Row row : sheet) {
				for (Cell cell : row) {
					assertThat(cell.getCellType()).as(sheet.getSheetName() + " " + cell.getAddress())
						.isNotEqualTo(CellType.FORMULA);
				}
			}
		}
	}

	@Test
	void byDayHasANativeChartAndFundsListsMovements() {
		XSSFSheet byDay = contoso.getSheet("By day");
		assertThat(byDay.getLastRowNum()).isEqualTo(31);
		assertThat(byDay.getRow(3).getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo("2025-03-03");
		assertThat(cents(byDay.getRow(3).getCell(4))).isEqualByComparingTo("0.35");
		var charts = byDay.getDrawingPatriarch().getCharts();
		assertThat(charts).hasSize(1);
		assertThat(charts.get(0).getChartSeries()).hasSize(1);
		assertThat(charts.get(0).getChartSeries().get(0).getSeriesCount()).isEqualTo(2);
		// no purchases in March: the Funds sheet has only its header
		assertThat(contoso.getSheet("Funds").getLastRowNum()).isZero();
		Map<String, Cell> forecast = summary(contoso.getSheet("Forecast"));
		// 0.35 spent in the 30 days before 1 April: 0.35 / 30 a day; 104.65 / 0.011667 =
		// 8970 days
		assertThat(forecast.get("Average daily spend, last 30 days").getNumericCellValue()).isCloseTo(0.35 / 30,
				org.assertj.core.data.Offset.offset(1e-9));
		assertThat(forecast.get("Balance reaches zero at the 30-day rate on").getLocalDateTimeCellValue().toLocalDate())
			.isEqualTo(java.time.LocalDate.of(2025, 4, 1).plusDays(8970));
	}

	@Test
	void theFinanceWorkbookHasOneRowPerOrganizationAndTotalsPerCurrency() {
		Sheet orgs = finance.getSheet("Organizations");
		assertThat(orgs.getLastRowNum()).isEqualTo(2);
		assertThat(orgs.getRow(1).getCell(0).getStringCellValue()).isEqualTo("contoso");
		assertThat(cents(orgs.getRow(1).getCell(9))).isEqualByComparingTo("104.65");
		assertThat(orgs.getRow(2).getCell(0).getStringCellValue()).isEqualTo("fabrikam");
		assertThat(cents(orgs.getRow(2).getCell(7))).isEqualByComparingTo("1.50");
		Sheet totals = finance.getSheet("Totals by currency");
		assertThat(totals.getRow(1).getCell(0).getStringCellValue()).isEqualTo("EUR");
		assertThat(totals.getRow(2).getCell(0).getStringCellValue()).isEqualTo("USD");
		assertThat(cents(totals.getRow(2).getCell(7))).isEqualByComparingTo("104.65");
		assertThat(finance.getSheet("Discrepancies")).isNotNull();
	}

	private static Row find(Sheet sheet, String destinationNumber) {
		for (Row row : sheet) {
			Cell c = row.getCell(12);
			if (c != null && destinationNumber.equals(c.getStringCellValue())) {
				return row;
			}
		}
		throw new AssertionError("no call to " + destinationNumber);
	}

	private static String text(Sheet sheet) {
		StringBuilder sb = new StringBuilder();
		for (Row row : sheet) {
			for (Cell cell : row) {
				sb.append(cell.getCellType() == CellType.NUMERIC
						? String.valueOf(cell.getNumericCellValue()).replaceAll("\\.0$", "") : cell.toString())
					.append(' ');
			}
		}
		return sb.toString().replaceAll("\\s+", " ");
	}

	@Test
	void aMonthTooBigForOneSheetContinuesOnTheNextCallsSheet() throws Exception {
		int limit = UsageWorkbook.rowsPerCallsSheet;
		UsageWorkbook.rowsPerCallsSheet = 5; // Excel's 1,048,575 data rows, scaled down
		try (XSSFWorkbook split = open(reports.usageWorkbook("contoso", MARCH))) {
			// 11 calls: 5 + 5 + 1, right after the Summary
			assertThat(split.getSheetName(1)).isEqualTo("Calls");
			assertThat(split.getSheetName(2)).isEqualTo("Calls 2");
			assertThat(split.getSheetName(3)).isEqualTo("Calls 3");
			assertThat(split.getSheet("Calls").getLastRowNum()).isEqualTo(5);
			assertThat(split.getSheet("Calls 2").getLastRowNum()).isEqualTo(5);
			assertThat(split.getSheet("Calls 3").getLastRowNum()).isEqualTo(1);
			assertThat(split.getSheet("Calls 3").getRow(0).getCell(0).getStringCellValue()).isEqualTo("UsageId");
			assertThat(split.getSheetName(4)).isEqualTo("Funds");
		}
		finally {
			UsageWorkbook.rowsPerCallsSheet = limit;
			reports.usageWorkbook("contoso", MARCH);
		}
	}

}
