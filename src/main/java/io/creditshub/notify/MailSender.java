package io.creditshub.notify;

import jakarta.mail.internet.MimeMessage;

/**
 * Delivers one email. Two implementations: SMTP through camel-mail
 * ({@code system/CamelSmtpMailSender}) when {@code credits.mail.host} is set, otherwise
 * {@link EmlFileMailSender} (an .eml file in outbox/mail/).
 */
public interface MailSender {

	/**
	 * @throws Exception when the email was not delivered (it is retried later)
	 */
	void send(long emailId, MimeMessage message) throws Exception;

	/** Where the emails go, for the log. */
	String describe();

}
