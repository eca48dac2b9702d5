package io.creditshub.intake;

import io.creditshub.calls.CallRater;
import io.creditshub.calls.CallType;
import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.RateTable;
import io.creditshub.system.DataFolders;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Calls rejected for want of a rate are rated once a rate for them arrives (issue 17,
 * item 5; DOMAIN rule 7): after a rate file posts (and on {@code rates rerate}), every
 * CDR row rejected "no rate for ..." that the table now in force rates is copied from its
 * archived file into a new file in the organization's inbox folder,
 * {@code <name>.rerate-<file-id>.csv}, which the ordinary intake then posts (DOMAIN rule
 * 10 keeps it exactly once: the rows were never recorded). Rows still without a rate stay
 * where they are, for the next rate file.
 * <p>
 * The new file is complete in the inbox before its rows are marked re-driven: a crash in
 * between re-drives them again at the next rate file, and that copy is refused row by row
 * as already recorded; nothing is lost or charged twice.
 */
@Component
public class NoRateRedrive {

	private static final Logger log = LoggerFactory.getLogger(NoRateRedrive.class);

	/** The start of the reason {@link CallRater} gives; the reason is stored as given. */
	static final String NO_RATE = "no rate for ";

	private final JdbcClient jdbc;

	private final DataFolders folders;

	private final RateTableRepository rateTables;

	private final OrganizationRepository organizations;

	private final org.springframework.jdbc.core.JdbcTemplate batch;

	NoRateRedrive(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch, DataFolders folders,
			RateTableRepository rateTables, OrganizationRepository organizations) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.folders = folders;
		this.rateTables = rateTables;
		this.organizations = organizations;
	}

	/**
	 * One re-driven file: the rows of {@code fromFile} that now have a rate, waiting in
	 * the inbox as {@code file}.
	 */
	public record Redriven(String orgId, long fromFileId, String fromFile, int rows, int stillWithoutRate, Path file) {
	}

	@EventListener
	void afterFile(IntakeProcessed event) {
		IntakeOutcome outcome = event.outcome();
		if (outcome.kind() == FileKind.RATES && outcome.status() == IntakeOutcome.Status.POSTED) {
			try {
				redrive();
			}
			catch (RuntimeException e) {
				// the rate file is posted; the re-drive is done again at the next rate
				// file or by `rates rerate`
				log.warn(
						"rates {}: posted, but the calls rejected for want of a rate could not be re-driven: {} "
								+ "(run `credits-hub rates rerate` once this is fixed)",
						outcome.fileName(), io.creditshub.system.Faults.describe(e));
			}
		}
	}

	private record Candidate(long fileId, long line, String orgId, String fileName, String location) {
	}

	/**
	 * Re-drives every row rejected for want of a rate that the table in force now rates.
	 */
	public synchronized List<Redriven> redrive() {
		Optional<RateTable> current = rateTables.current();
		if (current.isEmpty()) {
			return List.of();
		}
		Map<Long, List<Candidate>> byFile = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT r.file_id, r.line_no, f.org_id, f.file_name, f.location
				FROM intake_reject r JOIN ingest_file f ON f.file_id = r.file_id
				WHERE f.kind = 'CDR' AND r.redriven_to IS NULL AND r.reason LIKE :reason
				ORDER BY r.file_id, r.line_no""")
			.param("reason", NO_RATE + "%")
			.query((rs, i) -> new Candidate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list()
			.forEach(c -> byFile.computeIfAbsent(c.fileId(), k -> new ArrayList<>()).add(c));
		List<Redriven> done = new ArrayList<>();
		for (List<Candidate> rows : byFile.values()) {
			redriveFile(rows, current.get()).ifPresent(done::add);
		}
		return done;
	}

	private Optional<Redriven> redriveFile(List<Candidate> rows, RateTable table) {
		Candidate first = rows.get(0);
		String what = "cdr " + first.orgId() + "/" + first.fileName();
		Path archived = first.location() == null ? null : Path.of(first.location());
		if (archived == null || !Files.isRegularFile(archived)) {
			log.warn("{}: {} row(s) rejected for want of a rate cannot be re-driven: the archived file is not at {}",
					what, rows.size(), first.location());
			return Optional.empty();
		}
		Optional<Organization> org = organizations.find(first.orgId());
		if (org.isEmpty()) {
			return Optional.empty();
		}
		Set<Long> lines = new TreeSet<>();
		rows.forEach(c -> lines.add(c.line()));
		Set<Long> rated = new TreeSet<>();
		Path work = folders.work().resolve(UUID.randomUUID() + ".rerate.csv");
		try {
			Files.createDirectories(work.getParent());
			try (CsvInput csv = CsvInput.open(archived, List.of());
					BufferedWriter out = Files.newBufferedWriter(work, StandardCharsets.UTF_8);
					CSVPrinter printer = new CSVPrinter(out,
							CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get())) {
				printer.printRecord(csv.headerNames());
				for (CsvInput.Row row : csv) {
					if (lines.contains(row.line()) && ratesNow(row, table, org.get().currency())) {
						printer.printRecord(row.values());
						rated.add(row.line());
					}
				}
			}
			if (rated.isEmpty()) {
				Files.delete(work);
				return Optional.empty();
			}
			String name = redrivenName(first.fileName(), first.fileId());
			Path target = IntakeService.freeName(Path.of(name),
					folders.inbox(FileKind.CDR.folder()).resolve(first.orgId()));
			IntakeService.move(work, target);
			// one batch, not a statement per row
			String to = target.getFileName().toString();
			batch.batchUpdate("UPDATE intake_reject SET redriven_to = ? WHERE file_id = ? AND line_no = ?",
					rated.stream().map(line -> new Object[] { to, first.fileId(), line }).toList());
			Redriven r = new Redriven(first.orgId(), first.fileId(), first.fileName(), rated.size(),
					lines.size() - rated.size(), target);
			log.info(
					"{}: {} row(s) rejected for want of a rate now have one (rate table version {}): re-driven as "
							+ "inbox/cdr/{}/{}{}",
					what, r.rows(), table.versionId(), first.orgId(), target.getFileName(),
					r.stillWithoutRate() > 0 ? "; " + r.stillWithoutRate() + " still without a rate" : "");
			return Optional.of(r);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot re-drive the rows of " + archived, e);
		}
		finally {
			try {
				Files.deleteIfExists(work);
			}
			catch (IOException ignored) {
				// a leftover in work/ is removed by the drain after an hour
			}
		}
	}

	/**
	 * Whether the table now rates the row (its other checks passed when it was rejected:
	 * only the rate was missing).
	 */
	private static boolean ratesNow(CsvInput.Row row, RateTable table, String currency) {
		try {
			CallType type = CallType.parse(row.get(CdrFileLoader.CALL_TYPE));
			Instant start = Times.parse(row.get(CdrFileLoader.START));
			CallRater.rate(type, row.optional(CdrFileLoader.DESTINATION_NUMBER), start, 0, table, currency);
			return true;
		}
		catch (IllegalArgumentException e) {
			return false;
		}
	}

	/**
	 * {@code PSTN.calls.csv} of file 12 -> {@code PSTN.calls.rerate-12.csv}; an earlier
	 * re-drive's suffix is dropped.
	 */
	static String redrivenName(String fileName, long fileId) {
		int dot = fileName.lastIndexOf('.');
		String base = dot > 0 ? fileName.substring(0, dot) : fileName;
		base = base.replaceFirst("\\.rerate-\\d+$", "");
		return base + ".rerate-" + fileId + ".csv";
	}

}
