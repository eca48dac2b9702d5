package io.creditshub.cli;

import io.creditshub.corrections.CorrectionService;
import io.creditshub.batch.PendingWork;
import java.math.BigDecimal;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "adjust", mixinStandardHelpOptions = true,
		description = "A manual adjustment as an ADJUSTMENT entry: positive adds a lot expiring 12 months later, "
				+ "negative is taken from the lots as usage is (unfunded where nothing is left). Exactly once by its id: "
				+ "the same command again changes nothing. Exit 0; 2 invalid arguments; 3 unknown organization or call; "
				+ "5 already applied.")
class AdjustCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Parameters(index = "0", paramLabel = "ORG", description = "organization id")
	String orgId;

	@Parameters(index = "1", paramLabel = "AMOUNT",
			description = "signed amount in the organization's currency, e.g. -2.50")
	BigDecimal amount;

	@Option(names = "--reason", required = true, paramLabel = "TEXT",
			description = "why (mandatory, kept on the entry)")
	String reason;

	@Option(names = "--call", paramLabel = "USAGE-ID", description = "the call it is about")
	String usageId;

	@Option(names = "--id", paramLabel = "ID",
			description = "the adjustment's id (default: derived from organization, amount, reason and call)")
	String id;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			CorrectionService.AdjustResult r;
			try {
				r = ctx.getBean(CorrectionService.class)
					.adjust(orgId, amount, reason, usageId, id, "cli:" + System.getProperty("user.name", "operator"));
			}
			catch (java.util.NoSuchElementException e) {
				System.err.println(e.getMessage());
				return Launcher.NOT_FOUND;
			}
			catch (IllegalArgumentException e) {
				System.err.println(e.getMessage());
				return Launcher.USAGE;
			}
			if ("ALREADY_APPLIED".equals(r.status())) {
				System.err.println("adjustment " + r.correctionId() + " was already posted: nothing changed");
				return Launcher.CONFLICT;
			}
			ctx.getBean(PendingWork.class).flushOutboxes();
			if (r.lotId() != null) {
				parent.out.printf("adjustment %s: added lot %d to %s: %s %s; balance %s %s%n", r.correctionId(),
						r.lotId(), orgId, Amounts.format(amount, r.currency()), r.currency(),
						Amounts.format(r.balance(), r.currency()), r.currency());
			}
			else {
				parent.out.printf("adjustment %s: took %s %s from %s's lots%s; balance %s %s%n", r.correctionId(),
						Amounts.format(r.taken(), r.currency()), r.currency(), orgId, r.unfunded().signum() > 0
								? " (" + Amounts.format(r.unfunded(), r.currency()) + " unfunded)" : "",
						Amounts.format(r.balance(), r.currency()), r.currency());
			}
			return Launcher.OK;
		}
	}

}
