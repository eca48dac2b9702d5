package io.creditshub.intake;

import java.io.File;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The bean the intake routes call (routes/intake-*.camel.yaml): one method per kind of file. It hands the
 * file to {@link IntakeService} and puts the outcome in the body, and the organization in the
 * {@code creditsOrgId} header.
 */
@Component("fileIntake")
public class FileIntakeRoutes {

	private final IntakeService intake;

	public FileIntakeRoutes(IntakeService intake) {
		this.intake = intake;
	}

	public IntakeOutcome rates(File file, Message message) {
		return run(file, FileKind.RATES, message);
	}

	public IntakeOutcome accounts(File file, Message message) {
		return run(file, FileKind.ACCOUNTS, message);
	}

	public IntakeOutcome licenses(File file, Message message) {
		return run(file, FileKind.LICENSES, message);
	}

	public IntakeOutcome funds(File file, Message message) {
		return run(file, FileKind.FUNDS, message);
	}

	public IntakeOutcome cdr(File file, Message message) {
		return run(file, FileKind.CDR, message);
	}

	private IntakeOutcome run(File file, FileKind kind, Message message) {
		IntakeOutcome outcome = intake.process(file.toPath(), kind);
		message.setHeader("creditsOrgId", outcome.orgId());
		message.setHeader("creditsStatus", outcome.status().name());
		return outcome;
	}

}
