package io.creditshub.cli;

import io.creditshub.expiry.ExpiryReport;
import io.creditshub.expiry.ExpiryService;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.batch.PendingWork;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "expire", mixinStandardHelpOptions = true, description = "Funds expiry.",
		subcommands = { ExpireCommand.Run.class })
class ExpireCommand implements Runnable {

	@ParentCommand
	HubCommand parent;

	@Override
	public void run() {
		new picocli.CommandLine(this).usage(parent.out);
	}

	@Command(name = "run", mixinStandardHelpOptions = true,
			description = "Run the nightly expiry batch for a business date (default: yesterday in "
					+ "credits.schedule.time-zone): forfeit what remains in lots expired by the end of that date, and "
					+ "queue the 30- and 2-day warnings. Re-running a date does nothing more. Exit 0.")
	static class Run implements Callable<Integer> {

		@ParentCommand
		ExpireCommand expire;

		@Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the business date to run for")
		LocalDate date;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext ctx = Launcher.start(expire.parent.springArgs, true)) {
				LocalDate d = date != null ? date : ctx.getBean(BusinessCalendar.class).lastNight();
				ExpiryReport report = ctx.getBean(ExpiryService.class).run(d);
				PendingWork.Done done = ctx.getBean(PendingWork.class).flushOutboxes();
				var out = expire.parent.out;
				out.printf("Expiry run for %s%n", d);
				for (ExpiryReport.Line l : report.lines()) {
					out.printf("  %-12s lot %-6d %-12s %12s %s  %s%n", l.orgId(), l.lotId(), l.action(),
							Amounts.format(l.amount(), l.currency()), l.currency(), l.reference());
				}
				out.printf("%s; %d email(s) sent, %d waiting%n", report, done.emailsSent(), done.emailsPending());
				return Launcher.OK;
			}
		}

	}

}
