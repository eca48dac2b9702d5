package io.creditshub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.intake.FileKind;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.intake.IntakeProcessed;
import io.creditshub.config.CreditsProperties;
import io.creditshub.system.DataFolders;
import java.nio.file.Path;
import java.time.Clock;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An audit that cannot run (here: a database without the hub's tables; in real life a
 * full disk or an unreadable file) is a failed audit, not an exception: thrown from the
 * running hub's main loop it stopped the whole hub, and thrown from the after-file check
 * it failed the intake of a file that was already committed and archived.
 */
class AuditorFailureTest {

	@TempDir
	Path home;

	@Test
	void anAuditThatCannotRunFailsInsteadOfThrowing() {
		JdbcDataSource ds = new JdbcDataSource();
		ds.setURL("jdbc:h2:mem:auditor-failure;DB_CLOSE_DELAY=-1");
		CreditsProperties properties = new CreditsProperties();
		properties.setHome(home);
		Auditor auditor = new Auditor(JdbcClient.create(ds), new DataFolders(properties), Clock.systemUTC());

		AuditReport report = auditor.audit();
		assertThat(report.ok()).isFalse();
		assertThat(report.problems()).singleElement().asString().startsWith("the audit could not run:");
		assertThat(auditor.last()).isSameAs(report);

		assertThatThrownBy(auditor::redriveMissing).hasMessageContaining("nothing re-driven, nothing accepted");
		assertThat(auditor.folder().resolve("high-water.properties")).doesNotExist();

		auditor.afterFile(new IntakeProcessed(new IntakeOutcome(FileKind.CDR, "contoso", "PSTN.calls.csv",
				IntakeOutcome.Status.POSTED, 1, 1, 0, "", null, 0.1)));
		assertThat(auditor.last().ok()).isFalse();
		assertThat(auditor.last().problems()).singleElement()
			.asString()
			.startsWith("the audit after PSTN.calls.csv could not run:");
	}

	/**
	 * The running hub re-audits a failed database every 30 s: the same failure is logged
	 * once, not at every check.
	 */
	@Test
	void theSameFailureIsLoggedOnce() {
		JdbcDataSource ds = new JdbcDataSource();
		ds.setURL("jdbc:h2:mem:auditor-failure-log;DB_CLOSE_DELAY=-1");
		CreditsProperties properties = new CreditsProperties();
		properties.setHome(home);
		Auditor auditor = new Auditor(JdbcClient.create(ds), new DataFolders(properties), Clock.systemUTC());
		Logger logger = (Logger) LoggerFactory.getLogger(Auditor.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			auditor.audit();
			auditor.audit();
			auditor.audit();
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list.stream().filter(e -> e.getLevel() == Level.ERROR)).hasSize(1);
	}

}
