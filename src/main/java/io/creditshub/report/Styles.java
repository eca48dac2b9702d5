package io.creditshub.report;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * The few cell styles a workbook uses (a workbook has a limited number of styles: create
 * them once).
 */
final class Styles {

	final CellStyle header;

	final CellStyle dateTime;

	final CellStyle date;

	final CellStyle money;

	final CellStyle quoted;

	final CellStyle bold;

	Styles(Workbook wb, String currency) {
		Font boldFont = wb.createFont();
		boldFont.setBold(true);
		header = wb.createCellStyle();
		header.setFont(boldFont);
		bold = wb.createCellStyle();
		bold.setFont(boldFont);
		var format = wb.createDataFormat();
		dateTime = wb.createCellStyle();
		dateTime.setDataFormat(format.getFormat("yyyy-mm-dd hh:mm:ss"));
		date = wb.createCellStyle();
		date.setDataFormat(format.getFormat("yyyy-mm-dd"));
		money = wb.createCellStyle();
		money.setDataFormat(format.getFormat(currency == null ? "#,##0.00" : "#,##0.00 \"" + currency + "\""));
		quoted = wb.createCellStyle();
		quoted.setQuotePrefixed(true);
	}

}
