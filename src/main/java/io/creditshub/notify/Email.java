package io.creditshub.notify;

import java.nio.file.Path;
import java.util.List;

/**
 * An email ready to queue: rendered text and HTML bodies, and optionally a file attached
 * when it is sent (a report workbook). {@code dedupKey} names what it reports
 * (organization, kind, lot / attempt / event / month), so that the same email is queued,
 * and sent, once.
 */
public record Email(String dedupKey, String orgId, EmailKind kind, List<String> recipients, String subject, String text,
		String html, Path attachment) {

	public Email(String dedupKey, String orgId, EmailKind kind, List<String> recipients, String subject, String text,
			String html) {
		this(dedupKey, orgId, kind, recipients, subject, text, html, null);
	}

	/** The same email with a file attached. */
	public Email withAttachment(Path file) {
		return new Email(dedupKey, orgId, kind, recipients, subject, text, html, file);
	}

}
