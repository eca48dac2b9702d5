package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 5: exports re-saved by Excel (Windows-1252, UTF-16 "Unicode text") read
 * as they were written.
 */
class CsvEncodingTest {

	@TempDir
	Path dir;

	static final String TEXT = "User principal name,Display name,Object Id\r\n"
			+ "juergen@contoso.example,Jürgen Müller,u-1\r\n" + "zoe@contoso.example,Zoë Ñúñez – Café,u-2\r\n";

	List<String> read(Path file) throws Exception {
		List<String> names = new ArrayList<>();
		try (CsvInput csv = CsvInput.open(file, List.of("User principal name", "Display name", "Object Id"))) {
			for (CsvInput.Row row : csv) {
				names.add(row.line() + " " + row.get("Display name"));
			}
		}
		return names;
	}

	Path write(String name, byte[]... parts) throws Exception {
		Path p = dir.resolve(name);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (byte[] b : parts) {
			out.write(b);
		}
		return Files.write(p, out.toByteArray());
	}

	@Test
	void excelCsvCommaDelimitedIsWindows1252() throws Exception {
		Path file = write("win.csv", TEXT.getBytes(Charset.forName("windows-1252")));
		assertThat(TextEncoding.detect(file).label()).isEqualTo("Windows-1252");
		assertThat(read(file)).containsExactly("2 Jürgen Müller", "3 Zoë Ñúñez – Café");
	}

	@Test
	void utf8WithAndWithoutBomStaysUtf8() throws Exception {
		assertThat(read(write("plain.csv", TEXT.getBytes(StandardCharsets.UTF_8)))).containsExactly("2 Jürgen Müller",
				"3 Zoë Ñúñez – Café");
		Path bom = write("bom.csv", new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
				TEXT.getBytes(StandardCharsets.UTF_8));
		assertThat(TextEncoding.detect(bom).label()).isEqualTo("UTF-8");
		assertThat(read(bom)).containsExactly("2 Jürgen Müller", "3 Zoë Ñúñez – Café");
	}

	@Test
	void excelUnicodeTextIsUtf16WithABomAndTabs() throws Exception {
		String tabs = TEXT.replace(',', '\t');
		Path le = write("unicode.txt", new byte[] { (byte) 0xFF, (byte) 0xFE },
				tabs.getBytes(StandardCharsets.UTF_16LE));
		assertThat(TextEncoding.detect(le).label()).isEqualTo("UTF-16LE");
		assertThat(read(le)).containsExactly("2 Jürgen Müller", "3 Zoë Ñúñez – Café");
		Path be = write("unicode-be.csv", new byte[] { (byte) 0xFE, (byte) 0xFF },
				TEXT.getBytes(StandardCharsets.UTF_16BE));
		assertThat(read(be)).containsExactly("2 Jürgen Müller", "3 Zoë Ñúñez – Café");
	}

	@Test
	void textThatMixesEncodingsIsRefusedWithTheLineOfTheBadByte() throws Exception {
		// lines 1-3 UTF-8 (with a multi-byte character on line 2), line 4 a Windows-1252
		// 'ü'
		Path mixed = write("mixed.csv", TEXT.getBytes(StandardCharsets.UTF_8),
				"x@contoso.example,M".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xFC },
				"ller,u-3\r\n".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> read(mixed)).isInstanceOf(FileRejectedException.class)
			.hasMessage("not valid UTF-8 text (line 4 has a byte that is not UTF-8, while other lines are UTF-8): "
					+ "the file mixes encodings; save it again as UTF-8");
	}

	@Test
	void theBadBytesLineIsRightInABigFileReadEightBytesAtATime() throws Exception {
		// ASCII lines of odd lengths across several 64 KiB buffers, a multi-byte
		// character on line 2, a Windows-1252 byte on line 9,001
		StringBuilder ascii = new StringBuilder();
		for (int i = 4; i <= 9_000; i++) {
			ascii.append("u").append(i).append("@contoso.example,User ").append("x".repeat(i % 13)).append(",u\n");
		}
		Path big = write("big.csv", TEXT.getBytes(StandardCharsets.UTF_8),
				ascii.toString().getBytes(StandardCharsets.UTF_8),
				"x@contoso.example,M".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xFC },
				"ller,u-3\r\n".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> read(big)).isInstanceOf(FileRejectedException.class)
			.hasMessageStartingWith("not valid UTF-8 text (line 9001 has a byte");
	}

	@Test
	void lineFeedsCountsTheLineFeedsOfEightAsciiBytes() {
		java.util.Random random = new java.util.Random(14);
		for (int n = 0; n < 100_000; n++) {
			byte[] b = new byte[8];
			int expected = 0;
			for (int i = 0; i < 8; i++) {
				b[i] = random.nextInt(4) == 0 ? (byte) '\n' : (byte) random.nextInt(0x80);
				expected += b[i] == '\n' ? 1 : 0;
			}
			long w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
			assertThat(TextEncoding.lineFeeds(w)).as("bytes %s", java.util.Arrays.toString(b)).isEqualTo(expected);
		}
	}

}
