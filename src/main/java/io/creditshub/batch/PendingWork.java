package io.creditshub.batch;

import io.creditshub.notify.MailOutbox;
import io.creditshub.recharge.RechargeReport;
import io.creditshub.recharge.RechargeService;
import io.creditshub.suspension.CarrierPublisher;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * What the routes do continuously, done once: queued immediate recharges, the carrier
 * file, the email outbox. The commands that change money call it before they exit (run
 * --once, funds add, recharge run, expire run).
 */
@Component
public class PendingWork {

	private final RechargeService recharges;

	private final CarrierPublisher carrier;

	private final MailOutbox mail;

	PendingWork(RechargeService recharges, CarrierPublisher carrier, MailOutbox mail) {
		this.recharges = recharges;
		this.carrier = carrier;
		this.mail = mail;
	}

	public record Done(RechargeReport recharges, Path carrierFile, int emailsSent, long emailsPending) {
	}

	public Done run() {
		RechargeReport r = recharges.runQueued();
		Path file = carrier.publishPending();
		int sent = mail.sendDue();
		return new Done(r, file, sent, mail.pending());
	}

	/** Only the outboxes (carrier file, emails). */
	public Done flushOutboxes() {
		Path file = carrier.publishPending();
		int sent = mail.sendDue();
		return new Done(null, file, sent, mail.pending());
	}

}
