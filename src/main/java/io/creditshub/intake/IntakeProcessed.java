package io.creditshub.intake;

/**
 * Published after a file's outcome is final (committed and moved, or refused), whatever
 * brought the file.
 */
public record IntakeProcessed(IntakeOutcome outcome) {
}
