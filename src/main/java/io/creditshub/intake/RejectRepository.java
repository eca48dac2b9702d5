package io.creditshub.intake;

import io.creditshub.intake.Rows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rejected rows in the database (table intake_reject, issue 17 item 3): stored in the
 * file's own transaction, read back to regenerate a {@code .rejects.csv} that a crash
 * between the commit and the archive move lost.
 */
@Repository
class RejectRepository {

	private static final int BATCH = 1000;

	private final JdbcTemplate jdbc;

	private final JdbcClient client;

	RejectRepository(JdbcTemplate jdbc, JdbcClient client) {
		this.jdbc = jdbc;
		this.client = client;
	}

	/**
	 * Stores the rejects listed in a finished rejects CSV (Line, key, Reason), streaming
	 * it back in.
	 */
	void store(long fileId, Path csv) {
		if (csv == null || !Files.exists(csv)) {
			return;
		}
		try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			List<Object[]> batch = new ArrayList<>(BATCH);
			boolean header = true;
			for (CSVRecord r : CSVFormat.RFC4180.parse(in)) {
				if (header) {
					header = false;
					continue;
				}
				batch.add(new Object[] { fileId, Long.parseLong(r.get(0)), storable(r.get(1), 300),
						storable(r.get(2), 2000) });
				if (batch.size() == BATCH) {
					insert(batch);
				}
			}
			insert(batch);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read back rejects " + csv, e);
		}
	}

	private void insert(List<Object[]> batch) {
		if (!batch.isEmpty()) {
			jdbc.batchUpdate("INSERT INTO intake_reject (file_id, line_no, row_key, reason) VALUES (?, ?, ?, ?)",
					batch);
			batch.clear();
		}
	}

	long count(long fileId) {
		return client.sql("SELECT COUNT(*) FROM intake_reject WHERE file_id = :id")
			.param("id", fileId)
			.query(Long.class)
			.single();
	}

	/**
	 * Writes the rejects of a posted file as a rejects CSV (the same columns as at
	 * intake).
	 */
	void writeCsv(long fileId, String keyColumn, Path target) {
		try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
				CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
			printer.printRecord("Line", keyColumn, "Reason");
			client.sql("SELECT line_no, row_key, reason FROM intake_reject WHERE file_id = :id ORDER BY line_no")
				.param("id", fileId)
				.query(rs -> {
					try {
						printer.printRecord(rs.getLong(1), rs.getString(2) == null ? "" : rs.getString(2),
								rs.getString(3));
					}
					catch (IOException e) {
						throw new UncheckedIOException(e);
					}
				});
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write rejects " + target, e);
		}
	}

	/**
	 * PostgreSQL text cannot hold a NUL character; a control character is shown escaped.
	 */
	static String storable(String s, int max) {
		if (s == null) {
			return null;
		}
		String v = Rows.printable(s);
		return v.length() <= max ? v : v.substring(0, max - 3) + "...";
	}

}
