package io.creditshub.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/** Builds the MIME message of a queued email: multipart/alternative, plain text first, then HTML. */
final class MimeMessages {

	private static final Session SESSION = Session.getInstance(new Properties());

	private MimeMessages() {
	}

	static MimeMessage build(String from, List<String> to, String subject, String text, String html, String messageId,
			String kind, Instant date) throws MessagingException {
		MimeMessage m = new FixedIdMimeMessage(SESSION, messageId);
		m.setFrom(new InternetAddress(from));
		for (String address : to) {
			m.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(address));
		}
		m.setSubject(subject, StandardCharsets.UTF_8.name());
		m.setSentDate(Date.from(date));
		m.setHeader("X-Credits-Kind", kind);
		MimeMultipart alternative = new MimeMultipart("alternative");
		MimeBodyPart plain = new MimeBodyPart();
		plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart rich = new MimeBodyPart();
		rich.setText(html, StandardCharsets.UTF_8.name(), "html");
		alternative.addBodyPart(plain);
		alternative.addBodyPart(rich);
		m.setContent(alternative);
		m.saveChanges();
		return m;
	}

	/**
	 * Keeps the outbox's Message-ID through {@code saveChanges()}: an email re-sent after a crash between the SMTP
	 * server's acceptance and the outbox update carries the same id, so mail systems can drop the copy.
	 */
	private static final class FixedIdMimeMessage extends MimeMessage {

		private final String messageId;

		FixedIdMimeMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", messageId);
		}

	}

}
