package io.creditshub.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.notify.MailOutbox;
import org.apache.camel.builder.AdviceWith;
import io.creditshub.support.HubIntegrationTest;
import io.creditshub.support.Smtp;
import io.creditshub.system.Samples;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.time.YearMonth;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The monthly reports emailed as attachments through the outbox to a real SMTP server
 * (GreenMail): once, even when the month is run twice; again only when asked (resend).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = "credits.reports.finance-email=controller@hub.example")
class ReportMailIT extends HubIntegrationTest {

	static final Smtp SMTP = new Smtp().start();

	static final YearMonth MARCH = YearMonth.of(2025, 3);

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("credits.mail.host", () -> "127.0.0.1");
		registry.add("credits.mail.port", SMTP::port);
	}

	@Autowired
	ReportService reports;

	@Autowired
	MailOutbox mail;

	@Autowired
	org.apache.camel.CamelContext camel;

	@BeforeAll
	void samples() {
		Samples.copyInto(folders.inbox());
		drain();
		mail.sendDue(); // the zero-balance email of the samples (fabrikam)
	}

	@AfterAll
	void stop() {
		SMTP.stop();
	}

	@Test
	@Order(1)
	void eachWorkbookIsEmailedOnceAsAnAttachment() throws Exception {
		ReportService.MonthlyRun first = reports.sendMonthly(MARCH, false);
		assertThat(first.workbooks()).hasSize(3);
		assertThat(first.emailsQueued()).isEqualTo(3);
		mail.sendDue();
		ReportService.MonthlyRun again = reports.sendMonthly(MARCH, false); // regenerated:
																			// files
																			// overwritten,
																			// no email
		assertThat(again.emailsQueued()).isZero();
		assertThat(again.emailsAlreadySent()).isEqualTo(3);
		mail.sendDue();

		List<MimeMessage> contoso = SMTP.receivedBy("ap@contoso.com");
		assertThat(contoso).hasSize(1);
		MimeMessage m = contoso.get(0);
		assertThat(m.getSubject()).isEqualTo("Communications credits usage for Contoso Ltd, 2025-03");
		BodyPart attachment = ((Multipart) m.getContent()).getBodyPart(1);
		assertThat(attachment.getFileName()).isEqualTo("contoso-usage-2025-03.xlsx");
		try (InputStream in = attachment.getInputStream(); XSSFWorkbook wb = new XSSFWorkbook(in)) {
			assertThat(wb.getSheetName(0)).isEqualTo("Summary");
			assertThat(wb.getSheet("Calls").getLastRowNum()).isEqualTo(11);
		}
		String text = (String) ((Multipart) ((Multipart) m.getContent()).getBodyPart(0).getContent()).getBodyPart(0)
			.getContent();
		assertThat(text).contains("Closing balance:", "104.65 USD");

		assertThat(SMTP.receivedBy("buchhaltung@fabrikam.de")).hasSize(1);
		List<MimeMessage> finance = SMTP.receivedBy("controller@hub.example");
		assertThat(finance).hasSize(1);
		assertThat(((Multipart) finance.get(0).getContent()).getBodyPart(1).getFileName())
			.isEqualTo("finance-2025-03.xlsx");
	}

	@Test
	@Order(2)
	void resendEmailsTheMonthAgain() throws Exception {
		ReportService.MonthlyRun resent = reports.sendMonthly(MARCH, true);
		assertThat(resent.emailsQueued()).isEqualTo(3);
		mail.sendDue();
		assertThat(SMTP.receivedBy("ap@contoso.com")).hasSize(2);
		assertThat(SMTP.receivedBy("controller@hub.example")).hasSize(2);
	}

	@Test
	@Order(3)
	void theMonthlyRouteEmailsLastMonthOnceEvenWhenItFiresTwice() throws Exception {
		AdviceWith.adviceWith(camel, "report-monthly", a -> a.replaceFromWith("direct:report-monthly"));
		camel.getRouteController().startRoute("report-monthly");
		YearMonth lastMonth = YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1);
		camel.createProducerTemplate().sendBody("direct:report-monthly", null);
		camel.createProducerTemplate().sendBody("direct:report-monthly", null); // fired
																				// twice
																				// (e.g.
																				// two
																				// instances)
		mail.sendDue();
		String subject = "Communications credits usage for Contoso Ltd, " + lastMonth;
		assertThat(SMTP.receivedBy("ap@contoso.com").stream().filter(m -> {
			try {
				return m.getSubject().equals(subject);
			}
			catch (jakarta.mail.MessagingException e) {
				throw new IllegalStateException(e);
			}
		})).hasSize(1);
		assertThat(reports.usageWorkbookPath("contoso", lastMonth)).exists();
		assertThat(count("SELECT COUNT(*) FROM batch_run WHERE batch = 'reports' AND last_success_at IS NOT NULL"))
			.isEqualTo(1);
	}

}
