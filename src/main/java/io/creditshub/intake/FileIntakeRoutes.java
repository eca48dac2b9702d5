package io.creditshub.intake;

import java.io.File;
import java.util.Locale;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The bean of the one intake route per kind (routes/intake-kinds.camel.yaml,
 * {@code direct:intake-<kind>}), whatever source route fed it (an inbox folder, a
 * carrier's SFTP server) or {@code run --once}: it hands the file to
 * {@link IntakeService}, puts the outcome in the body, the organization and status in the
 * {@code creditsOrgId} and {@code creditsStatus} headers, and in {@link #MOVE_TO} where
 * the file consumer moves the input after the exchange completed (archive/ or error/; for
 * a carrier's file {@link CarrierIntakeRoutes} says where on the server).
 */
@Component("fileIntake")
public class FileIntakeRoutes {

	/**
	 * Header: the kind of file (rates, accounts, licenses, funds, cdr), set by the kind's
	 * route.
	 */
	public static final String KIND = "creditsKind";

	/**
	 * Header: where the inbox folder's consumer moves the file once the exchange
	 * completed ({@code move} option).
	 */
	public static final String MOVE_TO = "creditsMoveTo";

	private final IntakeService intake;

	private final CarrierIntakeRoutes carriers;

	public FileIntakeRoutes(IntakeService intake, CarrierIntakeRoutes carriers) {
		this.intake = intake;
		this.carriers = carriers;
	}

	public IntakeOutcome process(File file, Message message) {
		FileKind kind = FileKind.valueOf(message.getHeader(KIND, String.class).toUpperCase(Locale.ROOT));
		if (message.getHeader(CarrierIntakeRoutes.CARRIER) != null) {
			return carriers.run(file, kind, message);
		}
		IntakeOutcome outcome = intake.take(file.toPath(), kind);
		message.setHeader("creditsOrgId", outcome.orgId());
		message.setHeader("creditsStatus", outcome.status().name());
		message.setHeader(MOVE_TO, outcome.movedTo().toString());
		return outcome;
	}

}
