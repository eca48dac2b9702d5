package io.creditshub.notify;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Without SMTP (the embedded default): each email is written as a real RFC 822 message,
 * {@code <email id>-<kind>.eml} in outbox/mail/, readable by any mail client. Written to
 * a temporary name, then moved: a file is complete or absent, and an email already
 * written is not written again.
 */
public class EmlFileMailSender implements MailSender {

	private final Path folder;

	public EmlFileMailSender(Path folder) {
		this.folder = folder;
	}

	@Override
	public void send(long emailId, MimeMessage message) throws Exception {
		Files.createDirectories(folder);
		String kind = message.getHeader("X-Credits-Kind", null);
		Path target = folder.resolve(String.format("%08d-%s.eml", emailId,
				kind == null ? "email" : kind.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
		if (Files.exists(target)) {
			return; // written before a crash that kept the outbox row pending: never
					// twice
		}
		message.saveChanges();
		io.creditshub.system.AtomicFiles.write(target, out -> {
			try {
				message.writeTo(out);
			}
			catch (jakarta.mail.MessagingException e) {
				throw new java.io.IOException(e);
			}
		});
	}

	@Override
	public String describe() {
		return ".eml files in " + folder;
	}

}
