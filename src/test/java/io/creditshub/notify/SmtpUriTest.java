package io.creditshub.notify;

import io.creditshub.config.LifecycleProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The camel-mail endpoint built from credits.mail.* (host, port, TLS, user). */
class SmtpUriTest {

	static LifecycleProperties.Mail mail(String security, String user, String password) {
		LifecycleProperties.Mail m = new LifecycleProperties.Mail();
		m.setHost("smtp.example.com");
		m.setPort(587);
		m.setSecurity(security);
		m.setUsername(user);
		m.setPassword(password);
		return m;
	}

	@Test
	void plainSmtpWithTimeouts() {
		assertThat(CamelSmtpMailSender.uri(mail("none", "", ""))).isEqualTo(
				"smtp://smtp.example.com:587?connectionTimeout=10000&mail.smtp.timeout=10000&mail.smtp.writetimeout=10000");
	}

	@Test
	void startTlsIsRequiredWhenConfigured() {
		assertThat(CamelSmtpMailSender.uri(mail("starttls", "hub@example.com", "p&ss+word")))
			.startsWith("smtp://smtp.example.com:587?")
			.contains("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true")
			.endsWith("&username=hub%40example.com&password=RAW(p&ss+word)");
	}

	@Test
	void sslUsesSmtps() {
		assertThat(CamelSmtpMailSender.uri(mail("ssl", "", ""))).startsWith("smtps://smtp.example.com:587?");
	}

	@Test
	void anUnknownSecurityIsRefused() {
		assertThatThrownBy(() -> CamelSmtpMailSender.uri(mail("tls1.3", "", "")))
			.isInstanceOf(IllegalStateException.class);
	}

}
