package io.creditshub.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN}, encoded into one growing byte
 * buffer, in the binary format (the server stores values without parsing text: timestamps
 * and numerics cost it least; what the hub uses) or the text format (tab-separated,
 * {@code \N} for null, backslash escapes; readable, for tests and diagnostics). Pure
 * Java: {@link BulkWriter} hands the bytes to the driver. Each value must be written with
 * the method of its column's type (int4 for integer, int8 for bigint, decimal for
 * numeric, instant for timestamp with time zone, text for varchar/char).
 */
public final class CopyRows {

	/** The COPY format; {@link #copyOption()} names it in the COPY statement. */
	public enum Format {

		TEXT, BINARY

	}

	private static final byte[] BINARY_SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 };

	/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in microseconds since 1970. */
	private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

	private final Format format;

	private byte[] buf;

	private int len;

	private boolean rowStarted;

	/** binary: where the current row's field count goes, and the count so far */
	private int rowStart;

	private int fields;

	public CopyRows(Format format, int initialCapacity) {
		this.format = format;
		this.buf = new byte[Math.max(64, initialCapacity)];
	}

	/** The WITH clause of the COPY statement for this format ("" for text). */
	public String copyOption() {
		return format == Format.BINARY ? " WITH (FORMAT binary)" : "";
	}

	/**
	 * Writes what must precede the first row of a COPY stream (binary: the signature and
	 * header).
	 */
	public void header() {
		if (format == Format.BINARY) {
			ensure(19);
			System.arraycopy(BINARY_SIGNATURE, 0, buf, len, BINARY_SIGNATURE.length);
			len += BINARY_SIGNATURE.length;
			int32(0); // flags
			int32(0); // header extension length
		}
	}

	/** Writes what must follow the last row of a COPY stream (binary: the trailer). */
	public void trailer() {
		if (format == Format.BINARY) {
			int16(-1);
		}
	}

	public int size() {
		return len;
	}

	public byte[] buffer() {
		return buf;
	}

	public void clear() {
		len = 0;
		rowStarted = false;
	}

	private void separator() {
		if (!rowStarted) {
			rowStarted = true;
			if (format == Format.BINARY) {
				rowStart = len;
				fields = 0;
				int16(0); // the field count, set by endRow()
			}
		}
		else if (format == Format.TEXT) {
			put((byte) '\t');
		}
		fields++;
	}

	public CopyRows nul() {
		separator();
		if (format == Format.BINARY) {
			int32(-1);
		}
		else {
			put((byte) '\\');
			put((byte) 'N');
		}
		return this;
	}

	/**
	 * binary: reserves a 4-byte length, returns where it is (fill with
	 * {@link #endValue}).
	 */
	private int startValue() {
		int at = len;
		int32(0);
		return at;
	}

	private void endValue(int at) {
		int n = len - at - 4;
		buf[at] = (byte) (n >>> 24);
		buf[at + 1] = (byte) (n >>> 16);
		buf[at + 2] = (byte) (n >>> 8);
		buf[at + 3] = (byte) n;
	}

	/** A text value, escaped; null writes \N. */
	public CopyRows text(String s) {
		if (s == null) {
			return nul();
		}
		separator();
		boolean binary = format == Format.BINARY;
		int at = binary ? startValue() : 0;
		ensure(s.length() * 3 + 2);
		for (int i = 0, n = s.length(); i < n; i++) {
			char c = s.charAt(i);
			if (c < 0x80 && (binary || c > '\r' && c != '\\')) {
				if (c == 0) {
					throw new IllegalArgumentException("a NUL character cannot be stored in PostgreSQL text");
				}
				buf[len++] = (byte) c;
			}
			else if (c < 0x80) {
				switch (c) {
					case '\\' -> {
						buf[len++] = '\\';
						buf[len++] = '\\';
					}
					case '\t' -> {
						buf[len++] = '\\';
						buf[len++] = 't';
					}
					case '\n' -> {
						buf[len++] = '\\';
						buf[len++] = 'n';
					}
					case '\r' -> {
						buf[len++] = '\\';
						buf[len++] = 'r';
					}
					case 0 -> throw new IllegalArgumentException("a NUL character cannot be stored in PostgreSQL text");
					default -> buf[len++] = (byte) c;
				}
			}
			else if (c < 0x800) {
				buf[len++] = (byte) (0xC0 | (c >> 6));
				buf[len++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
				int cp = Character.toCodePoint(c, s.charAt(++i));
				buf[len++] = (byte) (0xF0 | (cp >> 18));
				buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
				buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
				buf[len++] = (byte) (0x80 | (cp & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				buf[len++] = '?'; // a lone surrogate has no UTF-8 form (String.getBytes
									// writes '?' too)
			}
			else {
				buf[len++] = (byte) (0xE0 | (c >> 12));
				buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				buf[len++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		if (binary) {
			endValue(at);
		}
		return this;
	}

	/** An integer column. */
	public CopyRows int4(int v) {
		separator();
		if (format == Format.BINARY) {
			int32(4);
			int32(v);
		}
		else {
			ascii(Integer.toString(v));
		}
		return this;
	}

	public CopyRows int4(Integer v) {
		return v == null ? nul() : int4(v.intValue());
	}

	/** A bigint column. */
	public CopyRows int8(long v) {
		separator();
		if (format == Format.BINARY) {
			int32(8);
			int64(v);
		}
		else {
			ascii(Long.toString(v));
		}
		return this;
	}

	public CopyRows int8(Long v) {
		return v == null ? nul() : int8(v.longValue());
	}

	/** A uuid column (issue 14: the compact call key). */
	public CopyRows uuid(java.util.UUID v) {
		if (v == null) {
			return nul();
		}
		separator();
		if (format == Format.BINARY) {
			int32(16);
			int64(v.getMostSignificantBits());
			int64(v.getLeastSignificantBits());
		}
		else {
			ascii(v.toString());
		}
		return this;
	}

	/** A numeric column. */
	public CopyRows decimal(BigDecimal v) {
		if (v == null) {
			return nul();
		}
		separator();
		if (format == Format.TEXT) {
			ascii(v.toPlainString());
			return this;
		}
		// numeric's binary form: ndigits, weight, sign, dscale, then base-10000 digits,
		// most significant first
		int at = startValue();
		int dscale = Math.max(0, v.scale());
		String plain = v.abs().setScale(dscale).toPlainString();
		int dot = plain.indexOf('.');
		String intPart = dot < 0 ? plain : plain.substring(0, dot);
		String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
		if (intPart.equals("0")) {
			intPart = "";
		}
		int intGroups = (intPart.length() + 3) / 4;
		int fracGroups = (fracPart.length() + 3) / 4;
		short[] groups = new short[intGroups + fracGroups];
		int pad = intGroups * 4 - intPart.length();
		for (int g = 0; g < intGroups; g++) {
			int d = 0;
			for (int k = 0; k < 4; k++) {
				int idx = g * 4 + k - pad;
				d = d * 10 + (idx < 0 ? 0 : intPart.charAt(idx) - '0');
			}
			groups[g] = (short) d;
		}
		for (int g = 0; g < fracGroups; g++) {
			int d = 0;
			for (int k = 0; k < 4; k++) {
				int idx = g * 4 + k;
				d = d * 10 + (idx < fracPart.length() ? fracPart.charAt(idx) - '0' : 0);
			}
			groups[intGroups + g] = (short) d;
		}
		int first = 0, last = groups.length;
		while (first < last && groups[first] == 0) {
			first++;
		}
		while (last > first && groups[last - 1] == 0) {
			last--;
		}
		int weight = first == last ? 0 : intGroups - 1 - first;
		int16(last - first);
		int16(weight);
		int16(v.signum() < 0 ? 0x4000 : 0);
		int16(dscale);
		for (int g = first; g < last; g++) {
			int16(groups[g]);
		}
		endValue(at);
		return this;
	}

	/**
	 * An instant as ISO-8601 UTC with microseconds at most (PostgreSQL's precision), e.g.
	 * 2025-03-01 00:00:01.270000+00.
	 */
	public CopyRows instant(Instant t) {
		if (t == null) {
			return nul();
		}
		separator();
		// to microseconds, half up: what the JDBC driver sends for a bound OffsetDateTime
		t = t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
		if (format == Format.BINARY) {
			int32(8);
			int64(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000 - PG_EPOCH_MICROS);
			return this;
		}
		LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
		ensure(40);
		int year = d.getYear();
		if (year < 1000 || year > 9999) {
			ascii(t.toString()); // outside the 4-digit years: let PostgreSQL read the ISO
									// form
			return this;
		}
		digits(year, 4);
		buf[len++] = '-';
		digits(d.getMonthValue(), 2);
		buf[len++] = '-';
		digits(d.getDayOfMonth(), 2);
		buf[len++] = ' ';
		digits(d.getHour(), 2);
		buf[len++] = ':';
		digits(d.getMinute(), 2);
		buf[len++] = ':';
		digits(d.getSecond(), 2);
		int micros = t.getNano() / 1000;
		if (micros != 0) {
			buf[len++] = '.';
			digits(micros, 6);
		}
		buf[len++] = '+';
		buf[len++] = '0';
		buf[len++] = '0';
		return this;
	}

	public void endRow() {
		if (format == Format.BINARY) {
			buf[rowStart] = (byte) (fields >>> 8);
			buf[rowStart + 1] = (byte) fields;
		}
		else {
			put((byte) '\n');
		}
		rowStarted = false;
	}

	private void int16(int v) {
		ensure(2);
		buf[len++] = (byte) (v >>> 8);
		buf[len++] = (byte) v;
	}

	private void int32(int v) {
		ensure(4);
		buf[len++] = (byte) (v >>> 24);
		buf[len++] = (byte) (v >>> 16);
		buf[len++] = (byte) (v >>> 8);
		buf[len++] = (byte) v;
	}

	private void int64(long v) {
		int32((int) (v >>> 32));
		int32((int) v);
	}

	private void digits(int v, int width) {
		for (int i = width - 1; i >= 0; i--) {
			buf[len + i] = (byte) ('0' + v % 10);
			v /= 10;
		}
		len += width;
	}

	private void ascii(String s) {
		ensure(s.length());
		for (int i = 0; i < s.length(); i++) {
			buf[len++] = (byte) s.charAt(i);
		}
	}

	private void put(byte b) {
		ensure(1);
		buf[len++] = b;
	}

	private void ensure(int more) {
		if (len + more > buf.length) {
			buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
		}
	}

}
