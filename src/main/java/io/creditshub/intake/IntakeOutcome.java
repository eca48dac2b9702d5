package io.creditshub.intake;

import java.nio.file.Path;

/**
 * What became of one intake file. {@code calls}: what a posted CDR file recorded and
 * charged (null otherwise).
 */
public record IntakeOutcome(FileKind kind, String orgId, String fileName, Status status, int rows, int posted,
		int rejected, String detail, Path movedTo, double seconds, String flag, CallFigures calls) {

	public IntakeOutcome(FileKind kind, String orgId, String fileName, Status status, int rows, int posted,
			int rejected, String detail, Path movedTo, double seconds) {
		this(kind, orgId, fileName, status, rows, posted, rejected, detail, movedTo, seconds, null, null);
	}

	/**
	 * A posted file that needs a look (issue 12: licenses that unfund calls, too many
	 * unlicensed calls).
	 */
	public boolean flagged() {
		return flag != null;
	}

	public enum Status {

		/**
		 * Postings committed, file archived (rejected rows, if any, listed beside it).
		 */
		POSTED,
		/** The same content was posted before: archived, nothing posted again. */
		DUPLICATE,
		/** Refused whole: moved to error/ with a reason file. */
		ERROR,
		/**
		 * An unexpected failure (database down...): nothing committed, the file stays in
		 * the inbox for a retry.
		 */
		FAILED

	}

	public boolean failed() {
		return status == Status.ERROR || status == Status.FAILED;
	}

}
