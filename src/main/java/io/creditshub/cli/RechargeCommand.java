package io.creditshub.cli;

import io.creditshub.accounts.Organization;
import io.creditshub.recharge.Attempt;
import io.creditshub.recharge.RechargeReport;
import io.creditshub.recharge.RechargeService;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.batch.PendingWork;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "recharge", mixinStandardHelpOptions = true,
		description = "Auto-recharge: change an account's settings, show them, or run the nightly batch.",
		subcommands = { RechargeCommand.Set.class, RechargeCommand.Show.class, RechargeCommand.Run.class })
class RechargeCommand implements Runnable {

	@ParentCommand
	HubCommand parent;

	@Override
	public void run() {
		new picocli.CommandLine(this).usage(parent.out);
	}

	@Command(name = "set", mixinStandardHelpOptions = true,
			description = "Change an organization's auto-recharge settings (options left out keep their value). "
					+ "Lifts a pause after failures. An accounts file loaded later sets them again. "
					+ "Exit 0; 2 invalid settings; 3 unknown organization.")
	static class Set implements Callable<Integer> {

		@ParentCommand
		RechargeCommand recharge;

		@Parameters(paramLabel = "ORG", description = "organization id")
		String orgId;

		@Option(names = "--enable", negatable = true, description = "turn auto-recharge on (--no-enable: off)")
		Boolean enable;

		@Option(names = "--trigger", paramLabel = "AMOUNT", description = "recharge when the balance is below this")
		BigDecimal trigger;

		@Option(names = "--amount", paramLabel = "AMOUNT", description = "amount charged and added per recharge")
		BigDecimal amount;

		@Option(names = "--payment-method", paramLabel = "REF",
				description = "payment method reference, e.g. card:visa-4242-2027-08 (\"\" removes it)")
		String paymentMethod;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext ctx = Launcher.start(recharge.parent.springArgs, true)) {
				Organization o = ctx.getBean(RechargeService.class)
					.configure(orgId, enable, trigger, amount, paymentMethod);
				recharge.parent.out.println(settings(o));
				return Launcher.OK;
			}
			catch (NoSuchElementException e) {
				System.err.println(e.getMessage());
				return Launcher.NOT_FOUND;
			}
			catch (IllegalArgumentException e) {
				System.err.println("invalid settings: " + e.getMessage());
				return Launcher.USAGE;
			}
		}

	}

	@Command(name = "show", mixinStandardHelpOptions = true,
			description = "Show an organization's auto-recharge settings and its latest attempts. Exit 3 if unknown.")
	static class Show implements Callable<Integer> {

		@ParentCommand
		RechargeCommand recharge;

		@Parameters(paramLabel = "ORG", description = "organization id")
		String orgId;

		@Option(names = "--limit", defaultValue = "20", description = "attempts shown (default ${DEFAULT-VALUE})")
		int limit;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext ctx = Launcher.start(recharge.parent.springArgs, true)) {
				Organization o = Launcher.organization(ctx, orgId).orElse(null);
				if (o == null) {
					return Launcher.NOT_FOUND;
				}
				var out = recharge.parent.out;
				out.println(settings(o));
				out.printf("  %6s %-10s %-10s %-9s %12s  %-22s %s%n", "ID", "DATE", "KIND", "STATUS", "AMOUNT",
						"OUTCOME", "IDEMPOTENCY KEY");
				for (Attempt a : ctx.getBean(RechargeService.class).history(orgId, limit)) {
					out.printf("  %6d %-10s %-10s %-9s %12s  %-22s %s%n", a.attemptId(), a.businessDate(),
							a.kind().toLowerCase(), a.status(), Amounts.format(a.amount(), a.currency()),
							a.outcomeCode() == null ? "" : a.outcomeCode(), a.idempotencyKey());
				}
				return Launcher.OK;
			}
		}

	}

	@Command(name = "run", mixinStandardHelpOptions = true,
			description = "Run the nightly auto-recharge batch for a business date (default: yesterday in "
					+ "credits.schedule.time-zone, as the 02:00 schedule does). Re-running a date charges nobody twice. "
					+ "Declines are reported and emailed, not errors. Exit 0; 1 if an account could not be processed.")
	static class Run implements Callable<Integer> {

		@ParentCommand
		RechargeCommand recharge;

		@Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the business date to run for")
		LocalDate date;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext ctx = Launcher.start(recharge.parent.springArgs, true)) {
				LocalDate d = date != null ? date : ctx.getBean(BusinessCalendar.class).lastNight();
				RechargeReport report = ctx.getBean(RechargeService.class).runNightly(d);
				PendingWork.Done done = ctx.getBean(PendingWork.class).flushOutboxes();
				var out = recharge.parent.out;
				out.printf("Recharge run for %s (gateway: %s)%n", d, ctx.getBean(RechargeService.class).gatewayName());
				for (RechargeReport.Line l : report.lines()) {
					out.printf("  %-12s %-9s %12s %-3s  %s%n", l.orgId(), l.outcome(),
							l.amount() == null ? ""
									: Amounts.format(l.amount(), l.currency() == null ? "USD" : l.currency()),
							l.currency() == null ? "" : l.currency(), l.detail());
				}
				out.printf("%d succeeded, %d failed, %d skipped, %d error(s); %d email(s) sent, %d waiting%n",
						report.count("SUCCEEDED"), report.count("FAILED"), report.count("SKIPPED"),
						report.count("ERROR"), done.emailsSent(), done.emailsPending());
				return report.count("ERROR") > 0 ? Launcher.FAILED : Launcher.OK;
			}
		}

	}

	static String settings(Organization o) {
		return String.format("%s auto-recharge %s, trigger %s, amount %s, payment method %s; balance %s %s", o.orgId(),
				o.autoRecharge() ? "on" : "off", Amounts.format(o.triggerAmount(), o.currency()),
				Amounts.format(o.rechargeAmount(), o.currency()),
				o.paymentMethod() == null ? "(none)" : o.paymentMethod(), Amounts.format(o.balance(), o.currency()),
				o.currency());
	}

}
