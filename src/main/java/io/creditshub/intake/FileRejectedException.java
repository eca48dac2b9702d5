package io.creditshub.intake;

/**
 * The whole file is refused (missing headers, not text, not UTF-8, unknown
 * organization...): it goes to {@code error/} with a {@code .reason.txt} naming this
 * reason, and nothing of it is posted.
 */
public class FileRejectedException extends RuntimeException {

	public FileRejectedException(String reason) {
		super(reason);
	}

	public FileRejectedException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
