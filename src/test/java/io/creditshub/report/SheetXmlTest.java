package io.creditshub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The rows SheetXml writes, read back with POI: text (inline and shared), numbers,
 * amounts, dates, gaps.
 */
class SheetXmlTest {

	static final List<String> TEXT = List.of("a<b>&\"c'", " leading", "trailing ", "tab\there", "two\nlines",
			"cr\rhere", "control\u0001char", "Ångström", "emoji \uD83D\uDE00", "lone \uD800 surrogate",
			"=HYPERLINK(\"x\")", "\u00A0nbsp", "", "repeated", "repeated");

	/**
	 * What POI reads back: the characters XML cannot hold become '?', as SXSSF writes
	 * them.
	 */
	static String expected(String s) {
		return s.replace('\u0001', '?').replace('\uD800', '?');
	}

	@Test
	void amountsKeepTheirExactDigitsWithoutTrailingZeros() {
		assertThat(SheetXml.plain(new BigDecimal("0.240000000"))).isEqualTo("0.24");
		assertThat(SheetXml.plain(new BigDecimal("0.000000000"))).isEqualTo("0");
		assertThat(SheetXml.plain(new BigDecimal("-0.070000000"))).isEqualTo("-0.07");
		assertThat(SheetXml.plain(new BigDecimal("100"))).isEqualTo("100");
		assertThat(SheetXml.plain(new BigDecimal("1E+3"))).isEqualTo("1000");
		assertThat(SheetXml.plain(new BigDecimal("10.500"))).isEqualTo("10.5");
		assertThat(SheetXml.plain(new BigDecimal("12345678901234567890.123456789")))
			.isEqualTo("12345678901234567890.123456789");
	}

	@Test
	void textNumbersAmountsAndDatesReadBackWithPoi() throws Exception {
		for (int limit : new int[] { 0, 3, 20_000 }) {
			int saved = SheetXml.SharedStrings.limit;
			SheetXml.SharedStrings.limit = limit; // none shared, some shared, every plain
													// one shared
			try (XSSFWorkbook wb = roundTrip()) {
				XSSFSheet sheet = wb.getSheetAt(0);
				for (int i = 0; i < TEXT.size(); i++) {
					Row row = sheet.getRow(i);
					assertThat(row.getRowNum()).isEqualTo(i);
					assertThat(row.getCell(0).getStringCellValue()).as("inline " + i).isEqualTo(expected(TEXT.get(i)));
					assertThat(row.getCell(1).getStringCellValue()).as("shared " + i + ", limit " + limit)
						.isEqualTo(expected(TEXT.get(i)));
					assertThat(row.getCell(1).getCellStyle().getQuotePrefixed()).isEqualTo(Cells.risky(TEXT.get(i)));
					assertThat(row.getCell(2)).as("a gap: nothing in column C").isNull();
					assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(i);
					assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(new BigDecimal("-0.07").doubleValue());
					assertThat(row.getCell(5).getLocalDateTimeCellValue()).isEqualTo("2025-03-03T08:14:37.220");
					assertThat(row.getCell(6).getCellType()).isEqualTo(CellType.STRING);
					assertThat(row.getCell(6).getStringCellValue()).isEqualTo("last");
					assertThat(row.getLastCellNum()).isEqualTo((short) 7);
				}
			}
			finally {
				SheetXml.SharedStrings.limit = saved;
			}
		}
	}

	/**
	 * A workbook of one sheet whose rows SheetXml wrote, put together as UsageWorkbook
	 * does.
	 */
	static XSSFWorkbook roundTrip() throws Exception {
		ByteArrayOutputStream rows = new ByteArrayOutputStream();
		SheetXml xml = new SheetXml(rows);
		SheetXml.SharedStrings shared = new SheetXml.SharedStrings();
		try (XSSFWorkbook probe = new XSSFWorkbook()) {
			Styles styles = new Styles(probe, "USD");
			int quoted = styles.quoted.getIndex();
			for (int i = 0; i < TEXT.size(); i++) {
				String s = TEXT.get(i);
				int style = Cells.risky(s) ? quoted : 0;
				xml.startRow(i + 1);
				xml.text(0, s, style);
				xml.shared(1, s, style, shared);
				xml.number(3, i, 0);
				xml.decimal(4, new BigDecimal("-0.070000000"), styles.money.getIndex());
				xml.date(5, Instant.parse("2025-03-03T08:14:37.220Z"), styles.dateTime.getIndex());
				xml.text(6, "last", 0);
				xml.endRow();
			}
			xml.flush();
			// every cell with its reference: POI's streaming reader (XSSFSheetXMLHandler)
			// needs it
			String written = rows.toString(StandardCharsets.UTF_8);
			assertThat(written.split("<c ", -1).length).isEqualTo(written.split("<c r=\"", -1).length);
			for (int i = 0; i < shared.strings().size(); i++) {
				assertThat(probe.getSharedStringSource()
					.addSharedStringItem(new XSSFRichTextString(shared.strings().get(i)))).isEqualTo(i);
			}
			probe.createSheet("S");
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			probe.write(bytes);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()));
					ZipOutputStream zip = new ZipOutputStream(out)) {
				for (ZipEntry e; (e = in.getNextEntry()) != null;) {
					zip.putNextEntry(new ZipEntry(e.getName()));
					byte[] part = in.readAllBytes();
					if (e.getName().equals("xl/worksheets/sheet1.xml")) {
						String sheet = new String(part, StandardCharsets.UTF_8);
						assertThat(sheet).contains("<sheetData/>");
						int at = sheet.indexOf("<sheetData/>");
						zip.write(sheet.substring(0, at).getBytes(StandardCharsets.UTF_8));
						zip.write("<sheetData>".getBytes(StandardCharsets.UTF_8));
						rows.writeTo(zip);
						zip.write(("</sheetData>" + sheet.substring(at + "<sheetData/>".length()))
							.getBytes(StandardCharsets.UTF_8));
					}
					else {
						zip.write(part);
					}
					zip.closeEntry();
				}
			}
			return new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()));
		}
	}

}
