package io.creditshub.notify;

import io.creditshub.config.LifecycleProperties;
import io.creditshub.system.DataFolders;
import io.creditshub.notify.EmlFileMailSender;
import io.creditshub.notify.MailSender;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the funds lifecycle that touches Camel: how emails leave the hub. */
@Configuration(proxyBeanMethods = false)
public class LifecycleConfiguration {

	/**
	 * SMTP through camel-mail when credits.mail.host is set; otherwise .eml files in
	 * outbox/mail/.
	 */
	@Bean
	MailSender mailSender(LifecycleProperties properties, DataFolders folders, ProducerTemplate producer) {
		LifecycleProperties.Mail mail = properties.getMail();
		if (mail.getHost() == null || mail.getHost().isBlank()) {
			return new EmlFileMailSender(folders.outbox().resolve("mail"));
		}
		return new CamelSmtpMailSender(producer, mail);
	}

}
