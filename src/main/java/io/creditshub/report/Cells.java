package io.creditshub.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;

/**
 * Writes cells. Text from input is always a string cell, never a formula; text that a
 * spreadsheet could take for a formula or DDE link (leading =, +, -, @, tab or carriage
 * return) also gets the quote-prefix style, so that editing the cell cannot turn it into
 * one either. No cell ever holds a formula built from input.
 */
final class Cells {

	private Cells() {
	}

	static boolean risky(String s) {
		if (s == null || s.isEmpty()) {
			return false;
		}
		char c = s.charAt(0);
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
	}

	static void text(Row row, int col, String value, Styles styles) {
		if (value == null) {
			return;
		}
		Cell cell = row.createCell(col);
		cell.setCellValue(value);
		if (risky(value)) {
			cell.setCellStyle(styles.quoted);
		}
	}

	static void number(Row row, int col, long value) {
		row.createCell(col).setCellValue(value);
	}

	static void money(Row row, int col, BigDecimal value, CellStyle style) {
		if (value == null) {
			return;
		}
		Cell cell = row.createCell(col);
		cell.setCellValue(value.doubleValue()); // a display value: the exact amounts live
												// in the ledger
		cell.setCellStyle(style);
	}

	static void date(Row row, int col, Instant value, CellStyle style) {
		if (value == null) {
			return;
		}
		Cell cell = row.createCell(col);
		cell.setCellValue(LocalDateTime.ofInstant(value, ZoneOffset.UTC));
		cell.setCellStyle(style);
	}

}
