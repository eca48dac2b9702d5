package io.creditshub.notify;

import java.util.List;

/**
 * An email ready to queue: rendered text and HTML bodies. {@code dedupKey} names what it reports (organization,
 * kind, lot / attempt / event), so that the same email is queued, and sent, once.
 */
public record Email(String dedupKey, String orgId, EmailKind kind, List<String> recipients, String subject,
		String text, String html) {
}
