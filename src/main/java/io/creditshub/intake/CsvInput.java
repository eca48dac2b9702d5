package io.creditshub.intake;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Opens an intake CSV file the way FORMATS.md says every input is read: by header name
 * (case and surrounding blanks ignored), UTF-8 with or without a BOM (and, as Excel saves
 * them, Windows-1252 or UTF-16 with a BOM, tab-separated for Excel's "Unicode text":
 * {@link TextEncoding}), CRLF or LF, RFC 4180 quoting, unknown extra columns ignored.
 * Structural problems raise {@link FileRejectedException} with a reason a carrier can act
 * on; row problems are left to the caller, which gets each row with its physical start
 * line.
 */
public final class CsvInput implements Closeable, Iterable<CsvInput.Row> {

	private static final int SNIFF_BYTES = 64 * 1024;

	private static final int MAX_HEADER_ECHO = 200;

	private final Path file;

	private final CSVParser parser;

	private final Map<String, Integer> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	private final int columnCount;

	/**
	 * Column positions by the very name a loader asks for (its constant: an identity map,
	 * no string comparison), so the per-row lookup is one probe instead of a
	 * case-insensitive tree search; -1 when the header lacks the column.
	 */
	private final Map<String, Integer> positions = new java.util.IdentityHashMap<>();

	private CsvInput(Path file, CSVParser parser) {
		this.file = file;
		this.parser = parser;
		List<String> names = parser.getHeaderNames();
		this.columnCount = names.size();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i) == null ? "" : names.get(i).strip();
			if (!name.isEmpty()) {
				columns.putIfAbsent(name, i);
			}
		}
	}

	/**
	 * Opens {@code file} and checks that the header names every required column.
	 * @throws FileRejectedException when the file is empty, binary, not UTF-8, its header
	 * repeats a name or lacks a required column
	 */
	public static CsvInput open(Path file, List<String> requiredColumns) {
		sniff(file);
		TextEncoding.Detected encoding = TextEncoding.detect(file);
		InputStream in = null;
		try {
			in = Files.newInputStream(file);
			in.skipNBytes(encoding.bomBytes());
			var decoder = encoding.charset()
				.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
			// Excel's "Unicode text" separates by tabs: a header line with tabs and no
			// comma
			reader.mark(1 << 15);
			char[] head = new char[1 << 15];
			int got = Math.max(0, reader.read(head, 0, head.length));
			reader.reset();
			String firstLine = new String(head, 0, got).lines().findFirst().orElse("");
			char delimiter = firstLine.indexOf('\t') >= 0 && firstLine.indexOf(',') < 0 ? '\t' : ',';
			CSVFormat format = CSVFormat.RFC4180.builder()
				.setDelimiter(delimiter)
				.setHeader()
				.setSkipHeaderRecord(true)
				.setIgnoreHeaderCase(true)
				.setTrim(true)
				.setIgnoreEmptyLines(false)
				.setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
				.setAllowMissingColumnNames(true)
				.get();
			CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
			CsvInput input = new CsvInput(file, parser);
			input.checkRequired(requiredColumns);
			return input;
		}
		catch (FileRejectedException e) {
			closeQuietly(in);
			throw e;
		}
		catch (IllegalArgumentException e) {
			closeQuietly(in);
			throw new FileRejectedException("bad header line: " + e.getMessage(), e);
		}
		catch (IOException | UncheckedIOException e) {
			closeQuietly(in);
			throw rejectionFor(e, 1);
		}
	}

	private static void sniff(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] head = in.readNBytes(SNIFF_BYTES);
			if (head.length == 0) {
				throw new FileRejectedException("empty file (0 bytes): expected a CSV header line");
			}
			for (byte b : head) {
				if (b == 0 && !TextEncoding.utf16(head)) {
					throw new FileRejectedException(
							"binary content (NUL bytes): not a text CSV file; expected UTF-8 text with a header line");
				}
			}
			String text = new String(head, StandardCharsets.ISO_8859_1).replace("\u00EF\u00BB\u00BF", "");
			if (text.isBlank() && head.length < SNIFF_BYTES && !TextEncoding.utf16(head)) {
				throw new FileRejectedException("empty file (only blanks): expected a CSV header line");
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + file, e);
		}
	}

	private void checkRequired(List<String> required) {
		List<String> missing = new ArrayList<>();
		for (String name : required) {
			if (!columns.containsKey(name)) {
				missing.add(name);
			}
		}
		if (!missing.isEmpty()) {
			String seen = String.join(",", parser.getHeaderNames());
			if (seen.length() > MAX_HEADER_ECHO) {
				seen = seen.substring(0, MAX_HEADER_ECHO) + "... (" + seen.length() + " characters)";
			}
			throw new FileRejectedException(
					"missing required column(s): " + String.join(", ", missing) + "; the header line reads: " + seen);
		}
	}

	static FileRejectedException rejectionFor(Exception e, long line) {
		Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
		if (cause instanceof CharacterCodingException) {
			return new FileRejectedException("not valid UTF-8 text (near line " + line
					+ "); the file must be saved as UTF-8 (e.g. a Latin-1/Windows-1252 export is refused)", e);
		}
		return new FileRejectedException("unreadable CSV near line " + line + ": " + cause.getMessage(), e);
	}

	/** The header's names as written, in order. */
	public List<String> headerNames() {
		return parser.getHeaderNames();
	}

	/** Whether the header has this column (by name, case-insensitive). */
	public boolean hasColumn(String name) {
		return columns.containsKey(name);
	}

	public Path file() {
		return file;
	}

	@Override
	public Iterator<Row> iterator() {
		Iterator<CSVRecord> records = parser.iterator();
		return new Iterator<>() {
			private long previousEnd = parser.getCurrentLineNumber();

			private Row next;

			@Override
			public boolean hasNext() {
				while (next == null) {
					CSVRecord record;
					try {
						if (!records.hasNext()) {
							return false;
						}
						record = records.next();
					}
					catch (UncheckedIOException | IllegalStateException e) {
						throw rejectionFor(e, previousEnd + 1);
					}
					long start = previousEnd + 1;
					previousEnd = parser.getCurrentLineNumber();
					if (record.size() == 1 && record.get(0).isEmpty()) {
						continue; // blank line
					}
					next = new Row(record, start);
				}
				return true;
			}

			@Override
			public Row next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Row row = next;
				next = null;
				return row;
			}
		};
	}

	@Override
	public void close() throws IOException {
		parser.close();
	}

	private static void closeQuietly(InputStream in) {
		if (in != null) {
			try {
				in.close();
			}
			catch (IOException ignored) {
				// already failing
			}
		}
	}

	/** One data row and the physical line it starts on. */
	public final class Row {

		private final CSVRecord record;

		private final long line;

		Row(CSVRecord record, long line) {
			this.record = record;
			this.line = line;
		}

		public long line() {
			return line;
		}

		/** The row's fields as read, in order. */
		public List<String> values() {
			return record.toList();
		}

		/** Whether the row has as many fields as the header. */
		public boolean consistent() {
			return record.size() == columnCount;
		}

		public int size() {
			return record.size();
		}

		public int expectedSize() {
			return columnCount;
		}

		/**
		 * The trimmed value of a column, "" when the column is absent or the row too
		 * short.
		 */
		public String get(String column) {
			int i = positions.computeIfAbsent(column, c -> columns.getOrDefault(c, -1));
			if (i < 0 || i >= record.size()) {
				return "";
			}
			String v = record.get(i);
			return v == null ? "" : v;
		}

		/** The trimmed value or null when blank. */
		public String optional(String column) {
			String v = get(column);
			return v.isEmpty() ? null : v;
		}

		@Override
		public String toString() {
			return "line " + line + ": " + record.toList().toString().toLowerCase(Locale.ROOT);
		}

	}

}
