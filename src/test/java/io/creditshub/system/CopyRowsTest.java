package io.creditshub.system;

import io.creditshub.persistence.CopyRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The COPY encodings, read back the way PostgreSQL reads them (its documented text and
 * binary formats).
 */
class CopyRowsTest {

	private static String text(CopyRows rows) {
		return new String(rows.buffer(), 0, rows.size(), StandardCharsets.UTF_8);
	}

	@Test
	void textFormatEscapesSeparatorsAndWritesNullsNumbersAndTimes() {
		CopyRows rows = new CopyRows(CopyRows.Format.TEXT, 16);
		rows.text("a\tb\\c\nd\re")
			.text(null)
			.text("García ☎ 𝄞")
			.int4(7)
			.int8(-9L)
			.int8((Long) null)
			.decimal(new BigDecimal("0.123000000"))
			.instant(Instant.parse("2025-03-01T00:00:01.2700000Z"));
		rows.endRow();
		rows.text("x").endRow();
		assertThat(text(rows)).isEqualTo("a\\tb\\\\c\\nd\\re\t\\N\tGarcía ☎ 𝄞\t7\t-9\t\\N\t0.123000000\t"
				+ "2025-03-01 00:00:01.270000+00\nx\n");
	}

	@Test
	void timesAreRoundedHalfUpToMicrosecondsLikeTheJdbcDriver() {
		CopyRows rows = new CopyRows(CopyRows.Format.TEXT, 16);
		rows.instant(Instant.parse("2025-12-31T23:59:59.9999995Z"))
			.instant(Instant.parse("2025-03-01T10:00:00.0000004Z"))
			.instant(Instant.parse("2025-03-01T10:00:00Z"));
		rows.endRow();
		assertThat(text(rows)).isEqualTo("2026-01-01 00:00:00+00\t2025-03-01 10:00:00+00\t2025-03-01 10:00:00+00\n");
	}

	@Test
	void aNulCharacterIsRefusedWithAReason() {
		assertThatThrownBy(() -> new CopyRows(CopyRows.Format.BINARY, 16).text("a\0b")).hasMessageContaining("NUL");
		assertThatThrownBy(() -> new CopyRows(CopyRows.Format.TEXT, 16).text("a\0b")).hasMessageContaining("NUL");
	}

	@Test
	void binaryFormatHasTheSignatureFieldCountsLengthsAndTrailer() {
		CopyRows rows = new CopyRows(CopyRows.Format.BINARY, 8);
		rows.header();
		rows.text("ab").text(null).int4(5).int8(6L).instant(Instant.parse("2000-01-01T00:00:01Z"));
		rows.endRow();
		rows.trailer();
		ByteBuffer b = ByteBuffer.wrap(rows.buffer(), 0, rows.size());
		byte[] signature = new byte[11];
		b.get(signature);
		assertThat(signature).containsExactly('P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xFF, '\r', '\n', 0);
		assertThat(b.getInt()).isZero();
		assertThat(b.getInt()).isZero();
		assertThat(b.getShort()).isEqualTo((short) 5);
		assertThat(b.getInt()).isEqualTo(2);
		assertThat(new String(new byte[] { b.get(), b.get() }, StandardCharsets.UTF_8)).isEqualTo("ab");
		assertThat(b.getInt()).isEqualTo(-1);
		assertThat(b.getInt()).isEqualTo(4);
		assertThat(b.getInt()).isEqualTo(5);
		assertThat(b.getInt()).isEqualTo(8);
		assertThat(b.getLong()).isEqualTo(6L);
		assertThat(b.getInt()).isEqualTo(8);
		assertThat(b.getLong()).isEqualTo(1_000_000L); // microseconds since 2000-01-01
		assertThat(b.getShort()).isEqualTo((short) -1);
		assertThat(b.remaining()).isZero();
	}

	@Test
	void binaryNumericsOfKnownValues() {
		assertThat(numericWords(new BigDecimal("0.123000000"))).containsExactly(1, -1, 0, 9, 1230);
		assertThat(numericWords(new BigDecimal("12345.678"))).containsExactly(3, 1, 0, 3, 1, 2345, 6780);
		assertThat(numericWords(new BigDecimal("-10000"))).containsExactly(1, 1, 0x4000, 0, 1);
		assertThat(numericWords(new BigDecimal("0E-9"))).containsExactly(0, 0, 0, 9);
		assertThat(numericWords(new BigDecimal("0.00001"))).containsExactly(1, -2, 0, 5, 1000);
	}

	@Property(tries = 2000)
	void binaryNumericsReadBackToTheSameValue(@ForAll long unscaled, @ForAll @IntRange(min = 0, max = 12) int scale,
			@ForAll @IntRange(min = 0, max = 3) int extraDigits) {
		BigDecimal v = new BigDecimal(BigInteger.valueOf(unscaled).multiply(BigInteger.TEN.pow(extraDigits)), scale);
		assertThat(readNumeric(numericWords(v))).isEqualTo(v);
	}

	/**
	 * The numeric value's words (ndigits, weight, sign, dscale, digits...), as COPY
	 * BINARY carries them.
	 */
	private static int[] numericWords(BigDecimal v) {
		CopyRows rows = new CopyRows(CopyRows.Format.BINARY, 8);
		rows.decimal(v);
		rows.endRow();
		ByteBuffer b = ByteBuffer.wrap(rows.buffer(), 0, rows.size());
		assertThat(b.getShort()).isEqualTo((short) 1);
		int length = b.getInt();
		assertThat(length).isEqualTo(b.remaining());
		int[] words = new int[length / 2];
		for (int i = 0; i < words.length; i++) {
			words[i] = b.getShort();
		}
		return words;
	}

	/**
	 * PostgreSQL's numeric_recv, in short: Σ digit × 10000^(weight - i), with the sign
	 * and display scale.
	 */
	private static BigDecimal readNumeric(int[] w) {
		int ndigits = w[0], weight = w[1], sign = w[2], dscale = w[3];
		assertThat(sign).isIn(0, 0x4000);
		BigDecimal value = BigDecimal.ZERO;
		for (int i = 0; i < ndigits; i++) {
			int digit = w[4 + i];
			assertThat(digit).isBetween(0, 9999);
			value = value.add(BigDecimal.valueOf(digit).scaleByPowerOfTen(4 * (weight - i)));
		}
		if (ndigits > 0) {
			assertThat(w[4]).isNotZero(); // no leading zero digit
			assertThat(w[3 + ndigits]).isNotZero(); // no trailing zero digit
		}
		value = value.setScale(dscale);
		return sign == 0x4000 ? value.negate() : value;
	}

}
