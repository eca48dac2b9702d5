package io.creditshub.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;

/**
 * Writes the rows of a worksheet's {@code <sheetData>} as SpreadsheetML, straight to a
 * stream: what SXSSF writes for the same cells (inline strings, the same style indices,
 * real dates and numbers), without a cell object per value and without SXSSF's temporary
 * file. Text is escaped as SXSSF escapes it (characters XML cannot hold become
 * {@code ?}); an amount is written with its exact decimal digits.
 */
final class SheetXml {

	private static final byte[][] COLUMNS = new byte[64][];

	static {
		for (int i = 0; i < COLUMNS.length; i++) {
			COLUMNS[i] = ascii(CellReference.convertNumToColString(i));
		}
	}

	private final OutputStream out;

	private final byte[] buf = new byte[1 << 16];

	private int pos;

	/** The current row number (1-based), as ASCII digits. */
	private final byte[] rowDigits = new byte[12];

	private int rowDigitsLength;

	SheetXml(OutputStream out) {
		this.out = out;
	}

	private static byte[] ascii(String s) {
		return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

	private static final byte[] ROW_START = ascii("<row r=\""), ROW_END = ascii("</row>\n"),
			CELL_START = ascii("<c r=\""), STYLE = ascii(" s=\""), INLINE = ascii(" t=\"inlineStr\"><is><t"),
			PRESERVE = ascii(" xml:space=\"preserve\""), INLINE_END = ascii("</t></is></c>"), VALUE = ascii("><v>"),
			VALUE_END = ascii("</v></c>"), SHARED = ascii(" t=\"s\"><v>");

	/** Starts row {@code number} (1-based, as Excel numbers rows). */
	void startRow(int number) throws IOException {
		String digits = Integer.toString(number);
		rowDigitsLength = digits.length();
		for (int i = 0; i < rowDigitsLength; i++) {
			rowDigits[i] = (byte) digits.charAt(i);
		}
		put(ROW_START);
		put(rowDigits, rowDigitsLength);
		put((byte) '"');
		put((byte) '>');
	}

	void endRow() throws IOException {
		put(ROW_END);
	}

	/**
	 * Every cell with its reference, as Excel writes them: {@code r} is optional in
	 * SpreadsheetML, but readers built on POI's streaming API (XSSFSheetXMLHandler) get
	 * no column for a cell without one.
	 */
	private void cellStart(int col, int style) throws IOException {
		put(CELL_START);
		put(COLUMNS[col]);
		put(rowDigits, rowDigitsLength);
		put((byte) '"');
		if (style > 0) {
			put(STYLE);
			putAscii(Integer.toString(style));
			put((byte) '"');
		}
	}

	/**
	 * A string cell through the workbook's shared strings (Excel's own way: the cell
	 * holds the string's number), for values that repeat (a user, a destination, how a
	 * call was paid); inline when {@code shared} takes no more.
	 */
	void shared(int col, String value, int style, SharedStrings shared) throws IOException {
		if (value == null) {
			return;
		}
		int index = shared.indexOf(value);
		if (index < 0) {
			text(col, value, style);
			return;
		}
		cellStart(col, style);
		put(SHARED);
		putAscii(Integer.toString(index));
		put(VALUE_END);
	}

	/**
	 * The shared strings of the Calls sheets, numbered in order of first use: at most
	 * {@link #limit} (memory stays bounded; later new values are written inline), and
	 * only text that needs no escaping beyond XML's own.
	 */
	static final class SharedStrings {

		static int limit = 20_000;

		private final java.util.Map<String, Integer> index = new java.util.HashMap<>();

		private final java.util.List<String> strings = new java.util.ArrayList<>();

		int indexOf(String value) {
			Integer i = index.get(value);
			if (i != null) {
				return i;
			}
			if (strings.size() >= limit || !plain(value)) {
				return -1;
			}
			index.put(value, strings.size());
			strings.add(value);
			return strings.size() - 1;
		}

		/** The strings by number. */
		java.util.List<String> strings() {
			return strings;
		}

		private static boolean plain(String value) {
			if (value.isEmpty() || Character.isWhitespace(value.charAt(0))
					|| Character.isWhitespace(value.charAt(value.length() - 1))) {
				return false;
			}
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c < ' ' || Character.isSurrogate(c) || c >= 0xFFFE) {
					return false;
				}
			}
			return true;
		}

	}

	/** A string cell (nothing for null); {@code style} 0 for none. */
	void text(int col, String value, int style) throws IOException {
		if (value == null) {
			return;
		}
		cellStart(col, style);
		put(INLINE);
		if (!value.isEmpty() && (Character.isWhitespace(value.charAt(0))
				|| Character.isWhitespace(value.charAt(value.length() - 1)))) {
			put(PRESERVE);
		}
		put((byte) '>');
		escaped(value);
		put(INLINE_END);
	}

	void number(int col, long value, int style) throws IOException {
		cellStart(col, style);
		put(VALUE);
		putAscii(Long.toString(value));
		put(VALUE_END);
	}

	/** An amount, with its exact decimal digits (nothing for null). */
	void decimal(int col, BigDecimal value, int style) throws IOException {
		if (value == null) {
			return;
		}
		cellStart(col, style);
		put(VALUE);
		putAscii(plain(value));
		put(VALUE_END);
	}

	/**
	 * A date and time cell: Excel's serial day number of the UTC time, as POI computes it
	 * (nothing for null).
	 */
	void date(int col, Instant value, int style) throws IOException {
		if (value == null) {
			return;
		}
		cellStart(col, style);
		put(VALUE);
		putAscii(Double.toString(DateUtil.getExcelDate(LocalDateTime.ofInstant(value, ZoneOffset.UTC))));
		put(VALUE_END);
	}

	/**
	 * The decimal digits of an amount without trailing zeros: {@code 0.240000000} is
	 * {@code 0.24}, zero {@code 0}.
	 */
	static String plain(BigDecimal value) {
		String s = value.toPlainString();
		if (s.indexOf('.') < 0) {
			return s;
		}
		int end = s.length();
		while (s.charAt(end - 1) == '0') {
			end--;
		}
		if (s.charAt(end - 1) == '.') {
			end--;
		}
		String t = s.substring(0, end);
		return t.equals("-0") ? "0" : t;
	}

	private void putAscii(String s) throws IOException {
		int n = s.length();
		if (buf.length - pos < n) {
			drain();
		}
		for (int i = 0; i < n; i++) {
			buf[pos++] = (byte) s.charAt(i);
		}
	}

	/**
	 * Writes text as XML character data in UTF-8, escaped as SXSSF's SheetDataWriter
	 * escapes it.
	 */
	private void escaped(String s) throws IOException {
		int n = s.length();
		for (int i = 0; i < n; i++) {
			if (buf.length - pos < 8) {
				drain();
			}
			char c = s.charAt(i);
			if (c < 0x80) {
				switch (c) {
					case '<' -> put(LT);
					case '>' -> put(GT);
					case '&' -> put(AMP);
					case '"' -> put(QUOT);
					case '\n' -> put(LF);
					case '\r' -> put(CR);
					case '\t' -> put(TAB);
					default -> buf[pos++] = c < ' ' ? (byte) '?' : (byte) c;
				}
			}
			else if (c < 0x800) {
				if (c == 0xA0) {
					put(NBSP);
				}
				else {
					buf[pos++] = (byte) (0xC0 | (c >> 6));
					buf[pos++] = (byte) (0x80 | (c & 0x3F));
				}
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
				int cp = Character.toCodePoint(c, s.charAt(++i));
				buf[pos++] = (byte) (0xF0 | (cp >> 18));
				buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
				buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
				buf[pos++] = (byte) (0x80 | (cp & 0x3F));
			}
			else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
				buf[pos++] = '?'; // not a character XML can hold
			}
			else {
				buf[pos++] = (byte) (0xE0 | (c >> 12));
				buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				buf[pos++] = (byte) (0x80 | (c & 0x3F));
			}
		}
	}

	private static final byte[] LT = ascii("&lt;"), GT = ascii("&gt;"), AMP = ascii("&amp;"), QUOT = ascii("&quot;"),
			LF = ascii("&#xa;"), CR = ascii("&#xd;"), TAB = ascii("&#x9;"), NBSP = ascii("&#xa0;");

	/** Raw bytes (XML markup). */
	void raw(byte[] bytes) throws IOException {
		put(bytes);
	}

	private void put(byte b) throws IOException {
		if (pos == buf.length) {
			drain();
		}
		buf[pos++] = b;
	}

	private void put(byte[] bytes) throws IOException {
		put(bytes, bytes.length);
	}

	private void put(byte[] bytes, int length) throws IOException {
		if (buf.length - pos < length) {
			drain();
			if (length > buf.length) {
				out.write(bytes, 0, length);
				return;
			}
		}
		System.arraycopy(bytes, 0, buf, pos, length);
		pos += length;
	}

	private void drain() throws IOException {
		out.write(buf, 0, pos);
		pos = 0;
	}

	/** Writes what is buffered to the stream (does not flush or close the stream). */
	void flush() throws IOException {
		drain();
	}

}
