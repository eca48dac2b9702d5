package io.creditshub.corrections;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The effect of a correction as a CSV (one row per call) and an Excel workbook (Corrected
 * calls, Totals per organization). The dry run writes them without posting; the real run
 * writes the same for what it posted.
 */
final class CorrectionFiles {

	static final String[] HEADERS = { "Organization", "UsageId", "Call ID", "Start Time", "Old Rate Version",
			"New Rate Version", "Old Cost", "New Cost", "Old Credits Due", "New Credits Due", "Difference", "Refunded",
			"Forfeited", "Charged", "Unfunded Change", "Balance Change", "Currency", "Lots", "Funding Change",
			"Included Minutes" };

	static final String[] TOTAL_HEADERS = { "Organization", "Currency", "Calls", "Difference", "Refunded", "Forfeited",
			"Charged", "Unfunded Change", "Balance Change" };

	private CorrectionFiles() {
	}

	static Map<String, OrgTotals> totals(List<CorrectedCall> calls) {
		Map<String, List<CorrectedCall>> byOrg = calls.stream()
			.collect(Collectors.groupingBy(CorrectedCall::orgId, TreeMap::new, Collectors.toList()));
		Map<String, OrgTotals> totals = new TreeMap<>();
		byOrg.forEach((org, list) -> totals.put(org,
				new OrgTotals(org, list.get(0).currency(), list.size(), sum(list, CorrectedCall::difference),
						sum(list, CorrectedCall::refunded), sum(list, CorrectedCall::forfeited),
						sum(list, CorrectedCall::charged), sum(list, CorrectedCall::unfundedChange),
						sum(list, CorrectedCall::balanceChange))));
		return totals;
	}

	private static BigDecimal sum(List<CorrectedCall> list, java.util.function.Function<CorrectedCall, BigDecimal> f) {
		return list.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	static String plain(BigDecimal v) {
		return io.creditshub.money.Money.plain(v);
	}

	static String lots(CorrectedCall c) {
		return c.moves()
			.stream()
			.map(m -> m.lotId() + ":" + (m.amount().signum() > 0 ? "+" : "") + plain(m.amount())
					+ (m.forfeited() ? " forfeited" : ""))
			.collect(Collectors.joining(" "));
	}

	static List<String> row(CorrectedCall c) {
		return List.of(c.orgId(), c.usageId(), c.callId(), c.startedAt().toString(),
				c.oldVersionId() == null ? "" : c.oldVersionId().toString(),
				c.newVersionId() == null ? "" : c.newVersionId().toString(), plain(c.oldCost()), plain(c.newCost()),
				plain(c.oldDue()), plain(c.newDue()), plain(c.difference()), plain(c.refunded()), plain(c.forfeited()),
				plain(c.charged()), plain(c.unfundedChange()), plain(c.balanceChange()), c.currency(), lots(c),
				!c.refusalChanged() ? "" : c.newRefusal() == null ? "credits may pay" : "unfunded: " + c.newRefusal(),
				c.pools().stream().map(CorrectedCall.PoolMove::toString).collect(Collectors.joining(" ")));
	}

	static void csv(Path file, List<CorrectedCall> calls) {
		write(file, out -> {
			Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
			try (org.apache.commons.csv.CSVPrinter csv = org.apache.commons.csv.CSVFormat.RFC4180.builder()
				.setHeader(HEADERS)
				.get()
				.print(w)) {
				for (CorrectedCall c : calls) {
					csv.printRecord(row(c).stream().map(CorrectionFiles::defused).toList());
				}
			}
		});
	}

	/**
	 * A text a spreadsheet would run as a formula (=, +, -, @ first, not a number) is
	 * prefixed with ' .
	 */
	static String defused(String s) {
		boolean risky = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("[-+]?[0-9.]+");
		return risky ? "'" + s : s;
	}

	static void xlsx(Path file, String correctionId, List<CorrectedCall> calls) {
		write(file, out -> {
			try (XSSFWorkbook wb = new XSSFWorkbook()) {
				CellStyle bold = wb.createCellStyle();
				org.apache.poi.ss.usermodel.Font font = wb.createFont();
				font.setBold(true);
				bold.setFont(font);
				CellStyle money = wb.createCellStyle();
				money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00####"));
				Sheet sheet = wb.createSheet("Corrected calls");
				header(sheet, HEADERS, bold);
				int i = 1;
				for (CorrectedCall c : calls) {
					Row r = sheet.createRow(i++);
					List<String> cells = row(c);
					for (int k = 0; k < cells.size(); k++) {
						if (k >= 6 && k <= 15) {
							r.createCell(k).setCellValue(new BigDecimal(cells.get(k)).doubleValue());
							r.getCell(k).setCellStyle(money);
						}
						else {
							r.createCell(k).setCellValue(cells.get(k));
						}
					}
				}
				sheet.createFreezePane(0, 1);
				Sheet totals = wb.createSheet("Totals");
				header(totals, TOTAL_HEADERS, bold);
				i = 1;
				for (OrgTotals t : totals(calls).values()) {
					Row r = totals.createRow(i++);
					r.createCell(0).setCellValue(t.orgId());
					r.createCell(1).setCellValue(t.currency());
					r.createCell(2).setCellValue(t.calls());
					BigDecimal[] v = { t.difference(), t.refunded(), t.forfeited(), t.charged(), t.unfundedChange(),
							t.balanceChange() };
					for (int k = 0; k < v.length; k++) {
						r.createCell(3 + k).setCellValue(v[k].doubleValue());
						r.getCell(3 + k).setCellStyle(money);
					}
				}
				Row note = totals.createRow(i + 1);
				note.createCell(0).setCellValue("Correction " + correctionId);
				for (int c = 0; c < HEADERS.length; c++) {
					sheet.setColumnWidth(c, (c == 1 || c == 2 || c >= 17 ? 30 : 16) * 256);
				}
				for (int c = 0; c < TOTAL_HEADERS.length; c++) {
					totals.setColumnWidth(c, 16 * 256);
				}
				wb.write(out);
			}
		});
	}

	private static void header(Sheet sheet, String[] headers, CellStyle bold) {
		Row r = sheet.createRow(0);
		for (int k = 0; k < headers.length; k++) {
			r.createCell(k).setCellValue(headers[k]);
			r.getCell(k).setCellStyle(bold);
		}
	}

	private interface Body {

		void write(OutputStream out) throws IOException;

	}

	/**
	 * Writes to a temporary file and moves it in place, so a reader never sees half a
	 * file.
	 */
	private static void write(Path file, Body body) {
		io.creditshub.system.AtomicFiles.write(file, body::write);
	}

}
