package io.creditshub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.notify.EmailKind;
import io.creditshub.notify.EmlFileMailSender;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's outbox check (issue 11) must recognize every email file the hub writes: the
 * kinds with two words (zero-balance, recharge-succeeded…) were skipped, so a lost email
 * row of those kinds went unnoticed.
 */
class AuditorEmailFileTest {

	@TempDir
	Path mail;

	@Test
	void everyKindOfEmailFileIsRecognizedWithItsId() throws Exception {
		EmlFileMailSender sender = new EmlFileMailSender(mail);
		long id = 1;
		for (EmailKind kind : EmailKind.values()) {
			MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
			m.setHeader("X-Credits-Kind", kind.name());
			m.setSubject(kind.name().toLowerCase(Locale.ROOT));
			m.setText("test");
			sender.send(id++, m);
		}
		try (Stream<Path> files = Files.list(mail)) {
			assertThat(files.map(f -> Auditor.emailId(f.getFileName().toString()))).containsExactlyInAnyOrder(
					Stream.iterate(1L, i -> i + 1).limit(EmailKind.values().length).toArray(Long[]::new));
		}
		assertThat(Auditor.emailId("00000003-zero-balance.eml")).isEqualTo(3L);
		assertThat(Auditor.emailId(".00000003-zero-balance.eml.tmp")).isNull();
		assertThat(Auditor.emailId("notes.txt")).isNull();
	}

}
