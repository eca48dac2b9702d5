package io.creditshub.cli;

import io.creditshub.report.ReportService;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
		description = "Write the monthly Excel usage workbook of one organization (--org) or of every organization plus "
				+ "the consolidated finance workbook (--all), to outbox/reports/. Exit 3 if the organization is unknown.")
class ReportCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Target target;

	static class Target {

		@Option(names = "--org", paramLabel = "ORG", description = "one organization")
		String orgId;

		@Option(names = "--all", description = "every organization and the consolidated finance workbook")
		boolean all;

	}

	@Option(names = "--month", required = true, paramLabel = "yyyy-mm", description = "the month, e.g. 2025-03")
	String month;

	@Option(names = "--email", description = "with --all: also email the workbooks (finance addresses; once per month)")
	boolean email;

	@Option(names = "--resend", description = "with --email: email them again even if this month's were sent")
	boolean resend;

	@Override
	public Integer call() {
		YearMonth ym;
		try {
			ym = YearMonth.parse(month);
		}
		catch (DateTimeParseException e) {
			System.err.println("--month must be yyyy-mm, e.g. 2025-03: " + month);
			return Launcher.USAGE;
		}
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			ReportService reports = ctx.getBean(ReportService.class);
			List<Path> written;
			if (target.all && email) {
				ReportService.MonthlyRun run = reports.sendMonthly(ym, resend);
				int sent = ctx.getBean(io.creditshub.notify.MailOutbox.class).sendDue();
				run.workbooks().forEach(p -> parent.out.println(p));
				parent.out.println(run + "; " + sent + " email(s) sent now");
				return Launcher.OK;
			}
			else if (email) {
				System.err.println("--email goes with --all (the monthly run)");
				return Launcher.USAGE;
			}
			else if (target.all) {
				written = reports.all(ym);
			}
			else {
				if (Launcher.organization(ctx, target.orgId).isEmpty()) {
					return Launcher.NOT_FOUND;
				}
				written = List.of(reports.usageWorkbook(target.orgId, ym));
			}
			written.forEach(p -> parent.out.println(p));
			return Launcher.OK;
		}
	}

}
