package io.creditshub.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one audit found. {@link #ok()} when the database holds everything the data folder
 * says was posted.
 *
 * @param problems one sentence each, naming what is missing
 * @param missing the archived files whose content the database does not hold (to
 * re-drive)
 * @param archivedFiles archived input files checked
 * @param outboxFiles emails and carrier files checked
 * @param ids the database's highest ids at the time
 */
public record AuditReport(Instant at, List<String> problems, List<Auditor.MissingFile> missing, int archivedFiles,
		int outboxFiles, Map<String, Long> ids, long millis) {

	public boolean ok() {
		return problems.isEmpty();
	}

	/** One line for a log or a health detail. */
	public String headline() {
		if (ok()) {
			return "OK: " + archivedFiles + " archived file(s) and " + outboxFiles
					+ " outbox file(s) match the database";
		}
		return problems.size() + " problem(s): " + String.join(" | ", problems);
	}

}
