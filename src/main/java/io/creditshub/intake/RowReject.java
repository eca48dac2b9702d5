package io.creditshub.intake;

/** A row that was not posted, and why. Listed in {@code <file>.rejects.csv}. */
public record RowReject(long line, String key, String reason) {
}
