package io.creditshub.notify;

import io.creditshub.config.LifecycleProperties;
import io.creditshub.notify.MailSender;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Sends the outbox's emails over SMTP through camel-mail (the MimeMessage is the body:
 * camel-mail sends it as it is, so the .eml files and the SMTP emails are the same
 * message).
 */
class CamelSmtpMailSender implements MailSender {

	private final ProducerTemplate producer;

	private final String uri;

	private final String display;

	CamelSmtpMailSender(ProducerTemplate producer, LifecycleProperties.Mail mail) {
		this.producer = producer;
		this.uri = uri(mail);
		this.display = ("ssl".equals(mail.getSecurity()) ? "smtps://" : "smtp://") + mail.getHost() + ":"
				+ mail.getPort();
	}

	static String uri(LifecycleProperties.Mail mail) {
		String security = mail.getSecurity().toLowerCase(java.util.Locale.ROOT);
		StringBuilder uri = new StringBuilder(security.equals("ssl") ? "smtps://" : "smtp://").append(mail.getHost())
			.append(':')
			.append(mail.getPort())
			.append("?connectionTimeout=")
			.append(mail.getConnectionTimeout().toMillis())
			.append("&mail.smtp.timeout=")
			.append(mail.getConnectionTimeout().toMillis())
			.append("&mail.smtp.writetimeout=")
			.append(mail.getConnectionTimeout().toMillis());
		if (security.equals("starttls")) {
			uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
		}
		else if (!security.equals("none") && !security.equals("ssl")) {
			throw new IllegalStateException("credits.mail.security must be none, starttls or ssl, not " + security);
		}
		if (!mail.getUsername().isBlank()) {
			uri.append("&username=").append(URLEncoder.encode(mail.getUsername(), StandardCharsets.UTF_8));
			uri.append("&password=RAW(").append(mail.getPassword()).append(')');
		}
		return uri.toString();
	}

	@Override
	public void send(long emailId, MimeMessage message) throws Exception {
		Exchange result = producer.send(uri, e -> e.getIn().setBody(message));
		if (result.getException() != null) {
			throw result.getException();
		}
	}

	@Override
	public String describe() {
		return display;
	}

}
