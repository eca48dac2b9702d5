package io.creditshub.intake;

/**
 * Counts of one loaded file, and a one-line summary for the log. {@code flag}: what about
 * a posted file needs a look (null when nothing does), shown by files, the run summary
 * and health. {@code calls}: a CDR file's figures (null for other kinds).
 */
record LoadResult(int rows, int posted, int rejected, String summary, String flag, CallFigures calls) {

	LoadResult(int rows, int posted, int rejected, String summary) {
		this(rows, posted, rejected, summary, null, null);
	}

	LoadResult(int rows, int posted, int rejected, String summary, String flag) {
		this(rows, posted, rejected, summary, flag, null);
	}

}
