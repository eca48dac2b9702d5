package io.creditshub.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The consolidated finance workbook of a month: one row per organization with its Summary
 * figures, totals per currency (different currencies are never added together) and the
 * calls whose charge differs from the producer's.
 */
final class FinanceWorkbook {

	private FinanceWorkbook() {
	}

	static void write(YearMonth month, List<MonthReport> reports, OutputStream out) throws IOException {
		try (SXSSFWorkbook wb = new SXSSFWorkbook(500)) {
			Styles s = new Styles(wb, null);
			Sheet orgs = wb.createSheet("Organizations");
			UsageWorkbook.printSetup(orgs, true, true); // issue 12: one page wide, header
														// on every page
			String[] h = { "Organization", "Name", "Currency", "Opening balance", "Purchases", "Recharges",
					"Adjustments", "Usage charged to credits", "Expired funds", "Closing balance", "Unfunded usage",
					"Calls", "Included minutes", "Discrepancies" };
			header(orgs, h, s);
			int i = 1;
			Map<String, BigDecimal[]> byCurrency = new TreeMap<>();
			for (MonthReport r : reports) {
				ReportRepository.Totals t = r.totals;
				Row row = orgs.createRow(i++);
				Cells.text(row, 0, r.orgId, s);
				Cells.text(row, 1, r.name, s);
				Cells.text(row, 2, r.currency, s);
				BigDecimal[] values = { t.opening(), t.purchases(), t.recharges(), t.adjustments(), t.usage(),
						t.expired(), t.closing(), t.unfunded() };
				for (int c = 0; c < values.length; c++) {
					Cells.money(row, 3 + c, values[c], s.money);
				}
				Cells.number(row, 11, r.calls);
				Cells.number(row, 12, r.includedMinutes);
				Cells.number(row, 13, r.discrepancies);
				BigDecimal[] sum = byCurrency.computeIfAbsent(r.currency, k -> zeros(values.length));
				for (int c = 0; c < values.length; c++) {
					sum[c] = sum[c].add(values[c]);
				}
			}
			orgs.createFreezePane(0, 1);
			orgs.setAutoFilter(new CellRangeAddress(0, Math.max(0, i - 1), 0, h.length - 1));
			widths(orgs, h.length, 16);

			Sheet totals = wb.createSheet("Totals by currency");
			UsageWorkbook.printSetup(totals, true, true); // issue 12: one page wide,
															// header on every page
			String[] th = { "Currency", "Opening balance", "Purchases", "Recharges", "Adjustments",
					"Usage charged to credits", "Expired funds", "Closing balance", "Unfunded usage" };
			header(totals, th, s);
			i = 1;
			for (Map.Entry<String, BigDecimal[]> e : byCurrency.entrySet()) {
				Row row = totals.createRow(i++);
				Cells.text(row, 0, e.getKey(), s);
				for (int c = 0; c < e.getValue().length; c++) {
					Cells.money(row, 1 + c, e.getValue()[c], s.money);
				}
			}
			widths(totals, th.length, 18);

			Sheet diffs = wb.createSheet("Discrepancies");
			UsageWorkbook.printSetup(diffs, true, true); // issue 12: one page wide,
															// header on every page
			String[] dh = { "Organization", "UsageId", "Start Time", "Destination", "Our Charge", "Producer Charge",
					"Difference", "Currency" };
			header(diffs, dh, s);
			i = 1;
			for (MonthReport r : reports) {
				for (MonthReport.Discrepancy d : r.discrepancyList) {
					Row row = diffs.createRow(i++);
					Cells.text(row, 0, d.orgId(), s);
					Cells.text(row, 1, d.usageId(), s);
					Cells.date(row, 2, d.startedAt(), s.dateTime);
					Cells.text(row, 3, d.destination(), s);
					Cells.money(row, 4, d.ours(), s.money);
					Cells.money(row, 5, d.producers(), s.money);
					Cells.money(row, 6, d.ours().subtract(d.producers()), s.money);
					Cells.text(row, 7, d.currency(), s);
				}
			}
			diffs.createFreezePane(0, 1);
			diffs.setAutoFilter(new CellRangeAddress(0, Math.max(0, i - 1), 0, dh.length - 1));
			widths(diffs, dh.length, 20);
			wb.write(out);
		}
	}

	private static BigDecimal[] zeros(int n) {
		BigDecimal[] a = new BigDecimal[n];
		java.util.Arrays.fill(a, BigDecimal.ZERO);
		return a;
	}

	private static void header(Sheet sheet, String[] headers, Styles s) {
		Row row = sheet.createRow(0);
		for (int c = 0; c < headers.length; c++) {
			row.createCell(c).setCellValue(headers[c]);
			row.getCell(c).setCellStyle(s.header);
		}
	}

	private static void widths(Sheet sheet, int n, int chars) {
		for (int c = 0; c < n; c++) {
			sheet.setColumnWidth(c, chars * 256);
		}
	}

}
