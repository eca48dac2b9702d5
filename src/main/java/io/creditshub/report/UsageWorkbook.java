package io.creditshub.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import java.io.UncheckedIOException;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes one organization's monthly usage workbook: Summary, Calls (streamed: memory
 * stays flat however many calls), Funds, By day (with a native column chart of daily
 * spend) and Forecast.
 */
final class UsageWorkbook {

	static final String[] CALL_HEADERS = { "UsageId", "Call ID", "Conference ID", "User Location", "AAD ObjectId",
			"UPN", "User Display Name", "Caller ID", "Call Type", "Number Type", "Domestic/International",
			"Destination Dialed", "Destination Number", "Start Time", "End Time", "Duration Seconds", "Connection Fee",
			"Charge", "Currency", "Capability", "Rated Destination", "Paid By", "Pool", "Pool Minutes",
			"Paid From Credits", "Unfunded", "Unfunded Reason", "Our Charge", "Producer Charge", "Difference",
			"Late: Booked In" };

	private UsageWorkbook() {
	}

	/**
	 * Data rows per Calls sheet: Excel's limit less the header row (lowered by a test).
	 */
	static int rowsPerCallsSheet = 1_048_575;

	/**
	 * Print (and PDF) setup: fit to one page wide, as many pages high as needed,
	 * landscape for wide sheets, the header row repeated on every page of tables.
	 */
	static void printSetup(Sheet sheet, boolean landscape, boolean repeatHeader) {
		sheet.getPrintSetup().setLandscape(landscape);
		sheet.getPrintSetup().setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
		sheet.setFitToPage(true);
		sheet.getPrintSetup().setFitWidth((short) 1);
		sheet.getPrintSetup().setFitHeight((short) 0);
		sheet.setAutobreaks(true);
		if (repeatHeader) {
			sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
		}
		sheet.setHorizontallyCenter(true);
	}

	private static void finishCalls(XSSFSheet calls, int rows) {
		printSetup(calls, true, true);
		calls.createFreezePane(0, 1);
		calls.setAutoFilter(new CellRangeAddress(0, Math.max(0, rows - 1), 0, CALL_HEADERS.length - 1));
		int[] widths = { 38, 38, 20, 8, 38, 30, 24, 16, 18, 10, 12, 20, 18, 20, 20, 10, 10, 10, 8, 14, 24, 16, 26, 8,
				12, 12, 40, 12, 12, 12, 14 };
		for (int i = 0; i < widths.length; i++) {
			// never narrower than its (bold) header: a header cut off or running into the
			// next one is what finance sees first
			calls.setColumnWidth(i, Math.max(widths[i], CALL_HEADERS[i].length() + 3) * 256);
		}
	}

	/**
	 * Adds a call to what the Summary, By day and the discrepancy list need (each call
	 * once, as its row is written).
	 */
	static void accumulate(MonthReport r, ResultSet rs) throws SQLException {
		r.calls++;
		boolean chargeable = "CHARGEABLE".equals(rs.getString("rating_status"));
		BigDecimal paid = negate(rs.getBigDecimal("amount"));
		BigDecimal unfunded = orZero(rs.getBigDecimal("unfunded_amount"));
		int minutes = rs.getInt("pool_minutes");
		int seconds = rs.getInt("duration_seconds");
		LocalDate day = LocalDate.ofInstant(io.creditshub.persistence.Sql.instant(rs, "started_at"), ZoneOffset.UTC);
		if (day.isBefore(r.month.atDay(1))) {
			day = r.month.atDay(1); // late usage (DOMAIN rule 9): counted on the first
									// day of the month that books it
			r.lateCalls++;
		}
		MonthReport.Day d = r.days.computeIfAbsent(day, k -> new MonthReport.Day());
		d.calls++;
		d.seconds += seconds;
		d.includedMinutes += minutes;
		d.paid = d.paid.add(paid);
		d.unfunded = d.unfunded.add(unfunded);
		if (chargeable) {
			r.chargeableCalls++;
			r.includedMinutes += minutes;
			add(r.destinations, rs.getString("rated_destination"), seconds, paid, unfunded);
			String user = rs.getString("upn");
			if (user == null) {
				user = rs.getString("display_name");
			}
			if (user == null) {
				// auto attendants and call queues: the resource account's number
				String number = "ucap_in".equals(rs.getString("call_type")) ? rs.getString("destination_number")
						: rs.getString("caller_id");
				user = "resource account " + (number == null ? "(no number)" : number);
			}
			add(r.users, user, seconds, paid, unfunded);
		}
		BigDecimal producer = rs.getBigDecimal("producer_charge");
		if (producer != null) {
			BigDecimal ours = orZero(rs.getBigDecimal("credits_due"));
			if (ours.subtract(producer).abs().compareTo(new BigDecimal("0.01")) >= 0) {
				r.discrepancies++;
				if (r.discrepancyList.size() < 10_000) {
					r.discrepancyList.add(new MonthReport.Discrepancy(r.orgId, rs.getString("usage_id"),
							io.creditshub.persistence.Sql.instant(rs, "started_at"), rs.getString("rated_destination"),
							ours, producer, r.currency));
				}
			}
		}
	}

	private static void add(Map<String, MonthReport.Spend> map, String key, int seconds, BigDecimal paid,
			BigDecimal unfunded) {
		MonthReport.Spend s = map.computeIfAbsent(key == null ? "(unknown)" : key, k -> new MonthReport.Spend());
		s.calls++;
		s.seconds += seconds;
		s.paid = s.paid.add(paid);
		s.unfunded = s.unfunded.add(unfunded);
	}

	static BigDecimal negate(BigDecimal v) {
		return v == null ? BigDecimal.ZERO : v.negate();
	}

	static BigDecimal orZero(BigDecimal v) {
		return v == null ? BigDecimal.ZERO : v;
	}

	/**
	 * Deflate level of the workbook's zip (1 fastest ... 9 smallest). 4: measured on a
	 * month of 1,000,000 calls (1 GB of sheet XML), it compresses about twice as fast as
	 * zlib's default 6 for a file 15 % bigger (197 MB, not 170).
	 */
	static final int COMPRESSION_LEVEL = 4;

	/**
	 * The zip entry of the n-th Calls sheet (1-based): the final workbook makes them
	 * first, so they are sheet1..n.
	 */
	private static String callsPart(int n) {
		return "xl/worksheets/sheet" + n + ".xml";
	}

	/**
	 * Writes the workbook in one pass over the calls: {@code streamCalls} is called once
	 * with a handler for each call row, which adds the call to the month's figures
	 * ({@link #accumulate}) and writes its row. The Calls sheets are written first,
	 * straight into the zip (rows made on this thread, compressed on another); then the
	 * other sheets, made with POI from the figures, and the workbook's parts around them.
	 */
	static void write(MonthReport r, List<ReportRepository.Movement> movements,
			Consumer<org.springframework.jdbc.core.RowCallbackHandler> streamCalls, OutputStream out)
			throws IOException {
		CallsTemplate calls = CallsTemplate.of(r.currency);
		ZipOutputStream zip = new ZipOutputStream(out);
		zip.setLevel(COMPRESSION_LEVEL);
		List<Integer> rowsPerSheet = new ArrayList<>(); // rows of each Calls sheet,
														// header included
		SheetXml.SharedStrings shared = new SheetXml.SharedStrings();
		long t0 = System.nanoTime();
		var threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpu0 = threads.getCurrentThreadCpuTime();
		BackgroundOutputStream deflating = new BackgroundOutputStream(zip, "report-zip");
		try (deflating) {
			SheetXml xml = new SheetXml(deflating);
			int[] n = { 0 }; // rows written to the current Calls sheet
			startCalls(zip, xml, calls, 1);
			n[0] = 1;
			streamCalls.accept(rs -> {
				accumulate(r, rs);
				try {
					if (n[0] > rowsPerCallsSheet) {
						// A sheet holds at most 1,048,576 rows: a bigger month continues
						// on "Calls 2", "Calls 3"...
						endCalls(zip, xml, deflating, calls, n[0]);
						rowsPerSheet.add(n[0]);
						startCalls(zip, xml, calls, rowsPerSheet.size() + 1);
						n[0] = 1;
					}
					callRow(xml, ++n[0], rs, calls, shared);
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
			endCalls(zip, xml, deflating, calls, n[0]);
			rowsPerSheet.add(n[0]);
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
		long t1 = System.nanoTime();
		r.rowsNanos = t1 - t0;
		r.rowsCpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
		r.deflateCpuNanos = deflating.cpuNanos();
		byte[] rest = otherParts(r, movements, rowsPerSheet, calls, shared.strings());
		try (ZipInputStream parts = new ZipInputStream(new ByteArrayInputStream(rest))) {
			java.util.Set<String> written = new java.util.HashSet<>();
			for (int p = 1; p <= rowsPerSheet.size(); p++) {
				written.add(callsPart(p));
			}
			for (ZipEntry e; (e = parts.getNextEntry()) != null;) {
				if (!written.contains(e.getName())) {
					zip.putNextEntry(new ZipEntry(e.getName()));
					parts.transferTo(zip);
					zip.closeEntry();
				}
			}
		}
		zip.finish();
		r.zipNanos = System.nanoTime() - t1;
	}

	private static void startCalls(ZipOutputStream zip, SheetXml xml, CallsTemplate calls, int part)
			throws IOException {
		zip.putNextEntry(new ZipEntry(callsPart(part)));
		xml.raw(calls.head);
		xml.startRow(1);
		for (int i = 0; i < CALL_HEADERS.length; i++) {
			xml.text(i, CALL_HEADERS[i], calls.header);
		}
		xml.endRow();
	}

	private static void endCalls(ZipOutputStream zip, SheetXml xml, BackgroundOutputStream deflating,
			CallsTemplate calls, int rows) throws IOException {
		xml.raw(calls.tail(rows));
		xml.flush();
		deflating.flush(); // the zip has every byte of the entry: only now may this
							// thread close it
		zip.closeEntry();
	}

	/**
	 * What POI writes around the rows of a Calls sheet (frozen header, column widths,
	 * autofilter, print setup), and the style indices its cells use; taken from a
	 * workbook made the way the final one is made (styles first, then the Calls sheets),
	 * so the indices and the sheet's settings are the final workbook's.
	 */
	record CallsTemplate(byte[] head, String tailBefore, String tailAfter, int header, int dateTime, int money,
			int quoted) {

		private static final String EMPTY = "<sheetData/>";

		static CallsTemplate of(String currency) throws IOException {
			try (XSSFWorkbook wb = new XSSFWorkbook()) {
				Styles s = new Styles(wb, currency);
				XSSFSheet sheet = wb.createSheet("Calls");
				finishCalls(sheet, 1);
				java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
				wb.write(bytes);
				String xml = null;
				try (ZipInputStream parts = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
					for (ZipEntry e; (e = parts.getNextEntry()) != null;) {
						if (e.getName().equals(callsPart(1))) {
							xml = new String(parts.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
						}
					}
				}
				if (xml == null) {
					throw new IllegalStateException("POI wrote no " + callsPart(1));
				}
				int at = xml.indexOf(EMPTY);
				String filter = "<autoFilter ref=\"A1:" + CellReference.convertNumToColString(CALL_HEADERS.length - 1)
						+ "1\"/>";
				int f = xml.indexOf(filter, at);
				if (at < 0 || f < 0) {
					throw new IllegalStateException("unexpected worksheet XML from POI: " + xml);
				}
				String head = xml.substring(0, at).replaceFirst("<dimension ref=\"[^\"]*\"/>", "") + "<sheetData>";
				return new CallsTemplate(head.getBytes(java.nio.charset.StandardCharsets.UTF_8),
						"</sheetData>" + xml.substring(at + EMPTY.length(), f) + "<autoFilter ref=\"A1:",
						"\"/>" + xml.substring(f + filter.length()), s.header.getIndex(), s.dateTime.getIndex(),
						s.money.getIndex(), s.quoted.getIndex());
			}
		}

		/** The end of a Calls sheet of {@code rows} rows (header included). */
		byte[] tail(int rows) {
			return (tailBefore + CellReference.convertNumToColString(CALL_HEADERS.length - 1) + rows + tailAfter)
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	/** Every part of the workbook but the Calls sheets' rows, as a zip made by POI. */
	private static byte[] otherParts(MonthReport r, List<ReportRepository.Movement> movements,
			List<Integer> rowsPerSheet, CallsTemplate calls, List<String> sharedStrings) throws IOException {
		try (XSSFWorkbook wb = new XSSFWorkbook()) {
			// the Calls sheets' shared strings first, with the numbers their cells hold
			var table = wb.getSharedStringSource();
			for (int i = 0; i < sharedStrings.size(); i++) {
				if (table.addSharedStringItem(
						new org.apache.poi.xssf.usermodel.XSSFRichTextString(sharedStrings.get(i))) != i) {
					throw new IllegalStateException("shared string " + i + " is not numbered " + i);
				}
			}
			Styles xs = new Styles(wb, r.currency);
			if (xs.header.getIndex() != calls.header || xs.dateTime.getIndex() != calls.dateTime
					|| xs.money.getIndex() != calls.money || xs.quoted.getIndex() != calls.quoted) {
				throw new IllegalStateException("the Calls sheets' style indices differ from the workbook's");
			}
			for (int p = 1; p <= rowsPerSheet.size(); p++) {
				XSSFSheet sheet = wb.createSheet(p == 1 ? "Calls" : "Calls " + p);
				String part = sheet.getPackagePart().getPartName().getName();
				if (!part.equals("/" + callsPart(p))) {
					throw new IllegalStateException("Calls sheet " + p + " is " + part + ", not " + callsPart(p));
				}
				finishCalls(sheet, rowsPerSheet.get(p - 1));
			}
			summary(wb.createSheet("Summary"), r, xs);
			funds(wb.createSheet("Funds"), r, movements, xs);
			byDay(wb.createSheet("By day"), r, xs);
			forecast(wb.createSheet("Forecast"), r, xs);
			// issue 12: every sheet prints one page wide; Summary and Forecast portrait
			// (labels beside their amounts)
			printSetup(wb.getSheet("Summary"), false, false);
			printSetup(wb.getSheet("Funds"), true, true);
			printSetup(wb.getSheet("Forecast"), false, false);
			// Summary, Calls, Calls 2..., Funds, By day, Forecast
			wb.setSheetOrder("Summary", 0);
			wb.setActiveSheet(0);
			wb.setSelectedTab(0);
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			wb.write(bytes);
			return bytes.toByteArray();
		}
	}

	private static void header(Sheet sheet, String[] headers, Styles s) {
		Row row = sheet.createRow(0);
		for (int i = 0; i < headers.length; i++) {
			row.createCell(i).setCellValue(headers[i]);
			row.getCell(i).setCellStyle(s.header);
		}
	}

	private static void callRow(SheetXml row, int number, ResultSet rs, CallsTemplate s, SheetXml.SharedStrings shared)
			throws SQLException, IOException {
		row.startRow(number);
		String[] text = { "usage_id", "call_id", "conference_id", "user_location", "user_object_id", "upn",
				"display_name", "caller_id", "call_type", "number_type", "domestic_international", "destination_dialed",
				"destination_number" };
		for (int i = 0; i < text.length; i++) {
			String value = rs.getString(text[i]);
			if (i < 3 || i == 12) {
				text(row, i, value, s); // a call's own ids and the number it called:
										// unique, inline
			}
			else {
				text(row, i, value, s, shared);
			}
		}
		row.date(13, io.creditshub.persistence.Sql.instant(rs, "started_at"), s.dateTime());
		row.date(14, io.creditshub.persistence.Sql.instant(rs, "ended_at"), s.dateTime());
		row.number(15, rs.getInt("duration_seconds"), 0);
		row.decimal(16, rs.getBigDecimal("producer_connection_fee"), s.money());
		BigDecimal producer = rs.getBigDecimal("producer_charge");
		row.decimal(17, producer, s.money());
		text(row, 18, rs.getString("producer_currency"), s, shared);
		text(row, 19, rs.getString("capability"), s, shared);
		text(row, 20, rs.getString("rated_destination"), s, shared);
		String entry = rs.getString("entry_type");
		String paidBy = entry == null
				? ("CHARGEABLE".equals(rs.getString("rating_status")) ? "nothing billed" : "not chargeable")
				: rs.getString("funding");
		text(row, 21, paidBy, s, shared);
		if (rs.getString("pool_type") != null) {
			text(row, 22,
					rs.getString("pool_type") + " " + rs.getString("pool_country") + " " + rs.getString("pool_month"),
					s, shared);
			row.number(23, rs.getInt("pool_minutes"), 0);
		}
		row.decimal(24, negate(rs.getBigDecimal("amount")), s.money());
		row.decimal(25, orZero(rs.getBigDecimal("unfunded_amount")), s.money());
		text(row, 26, rs.getString("unfunded_reason"), s, shared);
		BigDecimal ours = orZero(rs.getBigDecimal("credits_due"));
		row.decimal(27, ours, s.money());
		if (producer != null) {
			row.decimal(28, producer, s.money());
			row.decimal(29, ours.subtract(producer), s.money());
		}
		text(row, 30, lateBookedIn(rs), s, shared);
		row.endRow();
	}

	/**
	 * Text from input: a string cell, quote-prefixed when a spreadsheet could take it for
	 * a formula (see {@link Cells}).
	 */
	private static void text(SheetXml row, int col, String value, CallsTemplate s) throws IOException {
		row.text(col, value, Cells.risky(value) ? s.quoted() : 0);
	}

	private static void text(SheetXml row, int col, String value, CallsTemplate s, SheetXml.SharedStrings shared)
			throws IOException {
		row.shared(col, value, Cells.risky(value) ? s.quoted() : 0, shared);
	}

	/**
	 * The month that books a late call (DOMAIN rule 9: its entry is in a later month's
	 * books than its call time), or null for a call booked in its own month.
	 */
	static String lateBookedIn(ResultSet rs) throws SQLException {
		String book = rs.getString("book_month");
		if (book == null) {
			return null;
		}
		String callMonth = java.time.YearMonth
			.from(io.creditshub.persistence.Sql.instant(rs, "started_at").atOffset(ZoneOffset.UTC))
			.toString();
		return book.strip().equals(callMonth) ? null : book.strip();
	}

	private static Row row(Sheet sheet, int index, String label, Styles s) {
		Row row = sheet.createRow(index);
		Cells.text(row, 0, label, s);
		return row;
	}

	private static void summary(XSSFSheet sheet, MonthReport r, Styles s) {
		int i = 0;
		Row title = row(sheet, i++, "Usage report", s);
		title.getCell(0).setCellStyle(s.bold);
		Cells.text(row(sheet, i++, "Organization", s), 1, r.name + " (" + r.orgId + ")", s);
		Cells.text(row(sheet, i++, "Period", s), 1, r.month.atDay(1) + " to " + r.month.atEndOfMonth() + " (UTC)", s);
		Cells.text(row(sheet, i++, "Currency", s), 1, r.currency, s);
		i++;
		ReportRepository.Totals t = r.totals;
		Object[][] lines = { { "Opening balance", t.opening() }, { "Purchases", t.purchases() },
				{ "Recharges", t.recharges() }, { "Adjustments", t.adjustments() },
				{ "Usage charged to credits", t.usage() }, { "Expired funds", t.expired() },
				{ "Closing balance", t.closing() }, { "Unfunded usage (not charged)", t.unfunded() } };
		for (Object[] line : lines) {
			Cells.money(row(sheet, i++, (String) line[0], s), 1, (BigDecimal) line[1], s.money);
		}
		Row check = row(sheet, i++, "Reconciliation", s);
		boolean ok = t.computedClosing().compareTo(t.closing()) == 0;
		Cells.text(check, 1,
				String.format("%s + %s + %s + %s - %s - %s = %s: %s", plain(t.opening()), plain(t.purchases()),
						plain(t.recharges()), plain(t.adjustments()), plain(t.usage()), plain(t.expired()),
						plain(t.computedClosing()),
						ok ? "OK, equals the closing balance" : "MISMATCH with " + plain(t.closing())),
				s);
		i++;
		Cells.number(row(sheet, i++, "Calls", s), 1, r.calls);
		Cells.number(row(sheet, i++, "Chargeable calls", s), 1, r.chargeableCalls);
		Cells.number(row(sheet, i++, "Included minutes used", s), 1, r.includedMinutes);
		Cells.number(row(sheet, i++, "Charges differing from the producer's", s), 1, r.discrepancies);
		if (r.lateCalls > 0) {
			// DOMAIN rule 9: late CDRs are in the books of the month that posted them,
			// with their own call time
			Cells.number(row(sheet, i++, "Late calls (call time in an earlier month)", s), 1, r.lateCalls);
		}
		i++;
		Row ph = row(sheet, i++, "Included minutes", s);
		ph.getCell(0).setCellStyle(s.bold);
		Row poolHeader = sheet.createRow(i++);
		String[] ph2 = { "Pool", "Country", "Size (min)", "Used (min)", "Left (min)" };
		for (int c = 0; c < ph2.length; c++) {
			Cells.text(poolHeader, c, ph2[c], s);
			poolHeader.getCell(c).setCellStyle(s.header);
		}
		for (MonthReport.Pool p : r.pools) {
			Row pr = sheet.createRow(i++);
			Cells.text(pr, 0, p.type(), s);
			Cells.text(pr, 1, p.country(), s);
			Cells.number(pr, 2, p.size());
			Cells.number(pr, 3, p.used());
			Cells.number(pr, 4, Math.max(0, p.size() - p.used()));
		}
		i++;
		i = topTable(sheet, i, "Top destinations by cost", "Destination", MonthReport.top(r.destinations, 10), s);
		i++;
		topTable(sheet, i, "Top users by cost", "User", MonthReport.top(r.users, 10), s);
		sheet.setColumnWidth(0, 40 * 256);
		sheet.setColumnWidth(1, 60 * 256);
		for (int c = 2; c < 6; c++) {
			// "Paid from credits" in bold: 17 characters and a margin
			sheet.setColumnWidth(c, 20 * 256);
		}
	}

	private static int topTable(Sheet sheet, int i, String title, String what,
			List<Map.Entry<String, MonthReport.Spend>> top, Styles s) {
		row(sheet, i++, title, s).getCell(0).setCellStyle(s.bold);
		Row h = sheet.createRow(i++);
		String[] hs = { what, "Cost", "Paid from credits", "Unfunded", "Calls", "Minutes" };
		for (int c = 0; c < hs.length; c++) {
			Cells.text(h, c, hs[c], s);
			h.getCell(c).setCellStyle(s.header);
		}
		for (Map.Entry<String, MonthReport.Spend> e : top) {
			Row row = sheet.createRow(i++);
			Cells.text(row, 0, e.getKey(), s);
			Cells.money(row, 1, e.getValue().cost(), s.money);
			Cells.money(row, 2, e.getValue().paid, s.money);
			Cells.money(row, 3, e.getValue().unfunded, s.money);
			Cells.number(row, 4, e.getValue().calls);
			Cells.number(row, 5, (e.getValue().seconds + 59) / 60);
		}
		return i;
	}

	private static void funds(XSSFSheet sheet, MonthReport r, List<ReportRepository.Movement> movements, Styles s) {
		header(sheet, new String[] { "Date", "Movement", "Amount", "Currency", "Reference", "Lot", "Lot purchased",
				"Lot expires" }, s);
		int i = 1;
		for (ReportRepository.Movement m : movements) {
			Row row = sheet.createRow(i++);
			Cells.date(row, 0, m.at(), s.dateTime);
			Cells.text(row, 1, m.type(), s);
			Cells.money(row, 2, m.amount(), s.money);
			Cells.text(row, 3, m.currency(), s);
			Cells.text(row, 4, m.reference(), s);
			if (m.lotId() != null) {
				Cells.number(row, 5, m.lotId());
			}
			Cells.date(row, 6, m.lotPurchasedAt(), s.dateTime);
			Cells.date(row, 7, m.lotExpiresAt(), s.dateTime);
		}
		sheet.createFreezePane(0, 1);
		sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, i - 1), 0, 7));
		int[] widths = { 20, 16, 12, 8, 30, 8, 20, 20 };
		for (int c = 0; c < widths.length; c++) {
			sheet.setColumnWidth(c, widths[c] * 256);
		}
	}

	private static void byDay(XSSFSheet sheet, MonthReport r, Styles s) {
		header(sheet, new String[] { "Day", "Calls", "Minutes", "Included minutes", "Paid from credits", "Unfunded" },
				s);
		int i = 1;
		for (Map.Entry<LocalDate, MonthReport.Day> e : r.days.entrySet()) {
			Row row = sheet.createRow(i++);
			row.createCell(0).setCellValue(e.getKey());
			row.getCell(0).setCellStyle(s.date);
			Cells.number(row, 1, e.getValue().calls);
			Cells.number(row, 2, (e.getValue().seconds + 59) / 60);
			Cells.number(row, 3, e.getValue().includedMinutes);
			Cells.money(row, 4, e.getValue().paid, s.money);
			Cells.money(row, 5, e.getValue().unfunded, s.money);
		}
		int last = i - 1;
		sheet.createFreezePane(0, 1);
		// printed (or exported to PDF) on one landscape page width, the chart beside the
		// table
		sheet.getPrintSetup().setLandscape(true);
		sheet.setFitToPage(true);
		sheet.getPrintSetup().setFitWidth((short) 1);
		sheet.getPrintSetup().setFitHeight((short) 0);
		sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
		for (int c = 0; c < 6; c++) {
			sheet.setColumnWidth(c, 20 * 256);
		}
		XSSFDrawing drawing = sheet.createDrawingPatriarch();
		XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 7, 1, 19, 22);
		XSSFChart chart = drawing.createChart(anchor);
		chart.setTitleText("Daily spend (" + r.currency + ")");
		chart.setTitleOverlay(false);
		chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
		XDDFCategoryAxis days = chart.createCategoryAxis(AxisPosition.BOTTOM);
		XDDFValueAxis amounts = chart.createValueAxis(AxisPosition.LEFT);
		amounts.setCrosses(org.apache.poi.xddf.usermodel.chart.AxisCrosses.AUTO_ZERO);
		amounts.setCrossBetween(org.apache.poi.xddf.usermodel.chart.AxisCrossBetween.BETWEEN);
		amounts.setNumberFormat("#,##0.00");
		var categories = XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, last, 0, 0));
		var paid = XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, last, 4, 4));
		var unfunded = XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, last, 5, 5));
		XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, days, amounts);
		data.setBarDirection(BarDirection.COL);
		var paidSeries = data.addSeries(categories, paid);
		paidSeries.setTitle("Paid from credits", null);
		paidSeries.setFillProperties(solid(org.apache.poi.xddf.usermodel.PresetColor.STEEL_BLUE));
		var unfundedSeries = data.addSeries(categories, unfunded);
		unfundedSeries.setTitle("Unfunded", null);
		unfundedSeries.setFillProperties(solid(org.apache.poi.xddf.usermodel.PresetColor.INDIAN_RED));
		data.setVaryColors(false);
		chart.plot(data);
	}

	private static org.apache.poi.xddf.usermodel.XDDFSolidFillProperties solid(
			org.apache.poi.xddf.usermodel.PresetColor color) {
		return new org.apache.poi.xddf.usermodel.XDDFSolidFillProperties(
				org.apache.poi.xddf.usermodel.XDDFColor.from(color));
	}

	private static void forecast(XSSFSheet sheet, MonthReport r, Styles s) {
		Forecast f = r.forecast;
		int i = 0;
		row(sheet, i++, "Forecast at the end of " + r.month, s).getCell(0).setCellStyle(s.bold);
		Cells.money(row(sheet, i++, "Closing balance", s), 1, r.totals.closing(), s.money);
		Cells.money(row(sheet, i++, "Average daily spend, last 30 days", s), 1, f.average30(), s.money);
		Cells.money(row(sheet, i++, "Average daily spend, last 90 days", s), 1, f.average90(), s.money);
		Row zero = row(sheet, i++, "Balance reaches zero at the 30-day rate on", s);
		if (f.zeroOn() != null) {
			zero.createCell(1).setCellValue(f.zeroOn());
			zero.getCell(1).setCellStyle(s.date);
		}
		else {
			Cells.text(zero, 1, "no spend in the last 30 days", s);
		}
		Cells.money(row(sheet, i++, "95th percentile of daily spend (90 days)", s), 1, f.p95Daily(), s.money);
		Cells.money(row(sheet, i++, "Median daily spend (90 days)", s), 1, f.medianDaily(), s.money);
		Cells.money(row(sheet, i++, "Recommended auto-recharge trigger", s), 1, f.recommendedTrigger(), s.money);
		Cells.money(row(sheet, i++, "Recommended recharge amount", s), 1, f.recommendedRecharge(), s.money);
		i++;
		Cells.text(row(sheet, i++, "How", s), 1,
				"trigger = 95th percentile of daily spend over 90 days x 7 days, rounded up; "
						+ "recharge = median daily spend x 30 days, rounded up to a multiple of 10",
				s);
		sheet.setColumnWidth(0, 45 * 256);
		sheet.setColumnWidth(1, 30 * 256);
	}

	private static String plain(BigDecimal v) {
		return v.stripTrailingZeros().scale() < 2 ? v.setScale(2).toPlainString()
				: v.stripTrailingZeros().toPlainString();
	}

}
