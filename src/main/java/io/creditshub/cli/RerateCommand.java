package io.creditshub.cli;

import io.creditshub.corrections.CorrectedCall;
import io.creditshub.corrections.CorrectionService;
import io.creditshub.intake.Times;
import io.creditshub.batch.PendingWork;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "rerate", mixinStandardHelpOptions = true,
		description = "Rate a period's posted calls again (a corrected rate table) and post the differences as "
				+ "ADJUSTMENT entries: refunds back to the lots that paid each call, extra charges taken like usage. "
				+ "Writes the calls affected (old/new cost) and per-organization totals as CSV and Excel; --dry-run "
				+ "stops there. A run is exactly once by its id: running it again posts nothing more. "
				+ "Exit 0; 2 invalid arguments; 3 unknown organization or rate version.")
class RerateCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Scope scope;

	static class Scope {

		@Option(names = "--org", paramLabel = "ORG", description = "one organization")
		String orgId;

		@Option(names = "--all", description = "every organization")
		boolean all;

	}

	@Option(names = "--from", required = true, paramLabel = "TIME",
			description = "calls that started at or after this time (ISO-8601, e.g. 2026-02-01T00:00:00Z)")
	String from;

	@Option(names = "--to", required = true, paramLabel = "TIME", description = "calls that started before this time")
	String to;

	@Option(names = "--rates", paramLabel = "VERSION",
			description = "rate table version to rate with (default: the newest), at the rate in force at each call's start")
	Long rates;

	@Option(names = "--id", paramLabel = "ID",
			description = "the correction's id (default: rerate-<org|all>-<from>-<to>-v<version>)")
	String id;

	@Option(names = "--dry-run", description = "compute and write the CSV and workbook, post nothing")
	boolean dryRun;

	@Override
	public Integer call() {
		java.time.Instant start, end;
		try {
			start = Times.parse(from);
			end = Times.parse(to);
		}
		catch (IllegalArgumentException e) {
			System.err.println(e.getMessage());
			return Launcher.USAGE;
		}
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			CorrectionService corrections = ctx.getBean(CorrectionService.class);
			CorrectionService.Result r;
			try {
				r = corrections.rerate(new CorrectionService.RerateRequest(scope.all ? null : scope.orgId, start, end,
						rates, id, dryRun, "cli:" + System.getProperty("user.name", "operator")));
			}
			catch (java.util.NoSuchElementException e) {
				System.err.println(e.getMessage());
				return Launcher.NOT_FOUND;
			}
			catch (IllegalArgumentException e) {
				System.err.println(e.getMessage());
				return Launcher.USAGE;
			}
			print(parent, r);
			if ("POSTED".equals(r.status())) {
				ctx.getBean(PendingWork.class).flushOutboxes();
			}
			return Launcher.OK;
		}
	}

	static void print(HubCommand parent, CorrectionService.Result r) {
		if ("ALREADY_APPLIED".equals(r.status())) {
			parent.out.printf("correction %s was already posted at %s: nothing posted now%n", r.correctionId(),
					r.postedAt());
			return;
		}
		parent.out.printf("correction %s (%s), rate table version %d: %d call(s) %s%n", r.correctionId(),
				r.status().equals("DRY_RUN") ? "dry run, nothing posted" : "posted", r.rateVersion(), r.calls().size(),
				r.status().equals("DRY_RUN") ? "would change" : "changed");
		for (CorrectedCall c : r.calls()) {
			parent.out.printf("  %s %s %s v%s->v%s due %s -> %s (%s)%s%n", c.orgId(), c.usageId(), c.startedAt(),
					c.oldVersionId(), c.newVersionId(), Amounts.format(c.oldDue(), c.currency()),
					Amounts.format(c.newDue(), c.currency()), Amounts.format(c.difference(), c.currency()),
					c.moves().isEmpty() ? ""
							: " lots " + c.moves()
								.stream()
								.map(m -> m.lotId() + ":" + Amounts.format(m.amount(), c.currency())
										+ (m.forfeited() ? " forfeited" : ""))
								.collect(java.util.stream.Collectors.joining(" ")));
		}
		r.totals()
			.values()
			.forEach(t -> parent.out.printf(
					"  total %s: %d call(s), difference %s, refunded %s (forfeited %s), charged %s, unfunded %s, balance %s %s%n",
					t.orgId(), t.calls(), Amounts.format(t.difference(), t.currency()),
					Amounts.format(t.refunded(), t.currency()), Amounts.format(t.forfeited(), t.currency()),
					Amounts.format(t.charged(), t.currency()), Amounts.format(t.unfundedChange(), t.currency()),
					Amounts.format(t.balanceChange(), t.currency()), t.currency()));
		r.skipped().forEach(s -> parent.out.println("  not re-rated: " + s));
		parent.out.println("csv: " + r.csv());
		parent.out.println("workbook: " + r.workbook());
	}

}
