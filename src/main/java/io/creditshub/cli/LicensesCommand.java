package io.creditshub.cli;

import io.creditshub.corrections.CorrectedCall;
import io.creditshub.corrections.LicenseRedateService;
import io.creditshub.intake.Times;
import io.creditshub.batch.PendingWork;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "licenses", mixinStandardHelpOptions = true, description = "License exports.",
		subcommands = { LicensesCommand.Redate.class })
class LicensesCommand implements Runnable {

	@ParentCommand
	HubCommand parent;

	@Override
	public void run() {
		new picocli.CommandLine(this).usage(parent.out);
	}

	@Command(name = "redate", mixinStandardHelpOptions = true,
			description = "Give a license export (its intake file id, see 'files') another time (DOMAIN rule 11): the calls "
					+ "between the old and the new time have their funding decided again, posted as ADJUSTMENT entries "
					+ "(included minutes and credits taken or given back). Exactly once by its id. Exit 0; 2 invalid "
					+ "(not a license export, or the new time passes another export); 3 unknown file.")
	static class Redate implements Callable<Integer> {

		@ParentCommand
		LicensesCommand licenses;

		@Parameters(index = "0", paramLabel = "FILE-ID", description = "the license export's intake file id")
		long fileId;

		@Option(names = "--at", required = true, paramLabel = "TIME", description = "its right time, ISO-8601")
		String at;

		@Option(names = "--id", paramLabel = "ID", description = "the correction's id (default: redate-<file>-<time>)")
		String id;

		@Option(names = "--dry-run", description = "compute and write the CSV and workbook, change nothing")
		boolean dryRun;

		@Override
		public Integer call() {
			HubCommand parent = licenses.parent;
			Instant time;
			try {
				time = Times.parse(at);
			}
			catch (IllegalArgumentException e) {
				System.err.println(e.getMessage());
				return Launcher.USAGE;
			}
			try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
				LicenseRedateService.Result r;
				try {
					r = ctx.getBean(LicenseRedateService.class)
						.redate(fileId, time, id, dryRun, "cli:" + System.getProperty("user.name", "operator"));
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
					parent.out.printf("correction %s was already posted: nothing changed now%n", r.correctionId());
					return Launcher.OK;
				}
				ctx.getBean(PendingWork.class).flushOutboxes();
				parent.out.printf("correction %s (%s): license export %d of %s re-dated %s -> %s, %d call(s) %s%n",
						r.correctionId(), r.status().equals("DRY_RUN") ? "dry run, nothing changed" : "posted",
						r.fileId(), r.orgId(), r.oldAt(), r.newAt(), r.calls().size(),
						r.status().equals("DRY_RUN") ? "would be funded differently" : "funded differently");
				for (CorrectedCall c : r.calls()) {
					parent.out.printf("  %s %s due %s -> %s%s%s%s%n", c.usageId(), c.startedAt(),
							Amounts.format(c.oldDue(), c.currency()), Amounts.format(c.newDue(), c.currency()),
							c.refusalChanged()
									? (c.newRefusal() == null ? ", credits may pay" : ", unfunded: " + c.newRefusal())
									: "",
							c.moves().isEmpty() ? ""
									: ", lots " + c.moves()
										.stream()
										.map(m -> m.lotId() + ":" + Amounts.format(m.amount(), c.currency())
												+ (m.forfeited() ? " forfeited" : ""))
										.collect(Collectors.joining(" ")),
							c.pools().isEmpty() ? "" : ", minutes "
									+ c.pools().stream().map(Object::toString).collect(Collectors.joining(" ")));
				}
				r.totals()
					.values()
					.forEach(t -> parent.out.printf(
							"  total %s: %d call(s), refunded %s (forfeited %s), charged %s, unfunded %s, balance %s %s%n",
							t.orgId(), t.calls(), Amounts.format(t.refunded(), t.currency()),
							Amounts.format(t.forfeited(), t.currency()), Amounts.format(t.charged(), t.currency()),
							Amounts.format(t.unfundedChange(), t.currency()),
							Amounts.format(t.balanceChange(), t.currency()), t.currency()));
				parent.out.println("csv: " + r.csv());
				parent.out.println("workbook: " + r.workbook());
				return Launcher.OK;
			}
		}

	}

}
