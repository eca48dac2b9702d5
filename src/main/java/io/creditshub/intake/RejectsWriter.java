package io.creditshub.intake;

import io.creditshub.intake.Rows;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Streams row rejects to a work file (so a file with a million bad rows does not fill the
 * heap); the intake moves it beside the archived file once the postings are committed.
 */
final class RejectsWriter implements Closeable {

	private final Path path;

	private final String keyColumn;

	private CSVPrinter printer;

	private int count;

	/**
	 * Rejects are written sorted by line, in chunks of this many (a whole file's, unless
	 * it has more).
	 */
	private static final int CHUNK = 50_000;

	private final java.util.List<RowReject> pending = new java.util.ArrayList<>();

	RejectsWriter(Path path, String keyColumn) {
		this.path = path;
		this.keyColumn = keyColumn;
	}

	private int warnings;

	/**
	 * A row that was posted but deserves a look (issue 12: an unknown license product):
	 * listed in the same file, the reason starting with "warning: ", not counted as a
	 * reject.
	 */
	void warn(RowReject warning) {
		pending.add(new RowReject(warning.line(), warning.key(), "warning: " + warning.reason()));
		warnings++;
		if (pending.size() >= CHUNK) {
			flushPending();
		}
	}

	void add(RowReject reject) {
		pending.add(reject);
		count++;
		if (pending.size() >= CHUNK) {
			flushPending();
		}
	}

	private void flushPending() {
		pending.sort(java.util.Comparator.comparingLong(RowReject::line));
		for (RowReject r : pending) {
			write(r);
		}
		pending.clear();
	}

	private boolean opened;

	private void write(RowReject reject) {
		try {
			if (printer == null) {
				if (opened) {
					throw new IllegalStateException("rejects of " + path + " already finished");
				}
				opened = true;
				BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
				printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
				printer.printRecord("Line", keyColumn, "Reason");
			}
			printer.printRecord(reject.line(), reject.key() == null ? "" : Rows.echo(reject.key()), reject.reason());
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write rejects to " + path, e);
		}
	}

	/**
	 * Forgets every reject and warning so far (the file is read again from its start:
	 * CdrFileLoader).
	 */
	void reset() {
		pending.clear();
		closePrinter();
		opened = false;
		count = 0;
		warnings = 0;
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot start the rejects of " + path + " again", e);
		}
	}

	int count() {
		return count;
	}

	/** The rejects file, or null when there was none. */
	Path path() {
		return count == 0 && warnings == 0 ? null : path;
	}

	/**
	 * Writes what is pending and closes the file: called inside the file's transaction,
	 * before the rejects are stored in the database (issue 17, item 3), so that the CSV
	 * is complete before the commit.
	 */
	void finish() {
		close();
	}

	@Override
	public void close() {
		flushPending();
		closePrinter();
	}

	private void closePrinter() {
		if (printer != null) {
			try {
				printer.close();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			printer = null;
		}
	}

}
