package io.creditshub.intake;

/** Counts of one loaded file, and a one-line summary for the log. */
record LoadResult(int rows, int posted, int rejected, String summary) {
}
