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

/**
 * Builds the MIME message of a queued email: multipart/alternative, plain text first,
 * then HTML.
 */
final class MimeMessages {

	private static final Session SESSION = Session.getInstance(new Properties());

	private MimeMessages() {
	}

	static MimeMessage build(String from, List<String> to, String subject, String text, String html, String messageId,
			String kind, Instant date) throws MessagingException {
		return build(from, to, subject, text, html, messageId, kind, date, null, null);
	}

	/**
	 * With an attachment: multipart/mixed of the alternative bodies and the file (read
	 * now; a missing file fails the send, which is retried).
	 */
	static MimeMessage build(String from, List<String> to, String subject, String text, String html, String messageId,
			String kind, Instant date, String attachmentPath, String attachmentName) throws MessagingException {
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
		if (attachmentPath == null) {
			m.setContent(alternative);
		}
		else {
			java.nio.file.Path file = java.nio.file.Path.of(attachmentPath);
			if (!java.nio.file.Files.isReadable(file)) {
				throw new MessagingException("attachment " + file + " is missing");
			}
			MimeMultipart mixed = new MimeMultipart("mixed");
			MimeBodyPart bodies = new MimeBodyPart();
			bodies.setContent(alternative);
			mixed.addBodyPart(bodies);
			MimeBodyPart attached = new MimeBodyPart();
			try {
				attached.attachFile(file.toFile(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
						null);
			}
			catch (java.io.IOException e) {
				throw new MessagingException("cannot read attachment " + file, e);
			}
			attached.setFileName(attachmentName);
			mixed.addBodyPart(attached);
			m.setContent(mixed);
		}
		m.saveChanges();
		return m;
	}

	/**
	 * Keeps the outbox's Message-ID through {@code saveChanges()}: an email re-sent after
	 * a crash between the SMTP server's acceptance and the outbox update carries the same
	 * id, so mail systems can drop the copy.
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
