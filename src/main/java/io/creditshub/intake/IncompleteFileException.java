package io.creditshub.intake;

/**
 * A file that is most likely still being written (issue 17, item 10): empty, or its last
 * row has no line end, and it changed recently. Nothing is done with it; it is taken
 * again at a later poll. Not an error.
 */
public class IncompleteFileException extends RuntimeException {

	public IncompleteFileException(String message) {
		super(message, null, false, false);
	}

}
