package io.creditshub.cli;

import io.creditshub.accounts.Organization;
import io.creditshub.audit.AuditReport;
import io.creditshub.audit.Auditor;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.intake.InboxDrainer;
import io.creditshub.intake.CallFigures;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.system.DataFolders;
import io.creditshub.system.Faults;
import io.creditshub.system.HubSchedules;
import io.creditshub.batch.PendingWork;
import io.creditshub.system.Samples;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
		description = "Run the hub: process everything waiting in the inbox (rates, accounts, funds, then CDRs), "
				+ "then watch the inbox with the Camel routes until stopped (Ctrl-C). With --once: exit after the first "
				+ "pass (exit 0; 1 if a file was refused; 6 if a posted file was flagged, e.g. a license file that makes "
				+ "funded calls unfunded); 7 if the audit found the database behind the data folder: nothing taken).")
class RunCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Option(names = "--once", description = "Process what is waiting, print a summary, and exit.")
	boolean once;

	@Option(names = "--with-samples",
			description = "First copy the bundled samples/ (rate table, accounts, funds, two Teams exports) into the inbox.")
	boolean withSamples;

	@Option(names = "--verbose", description = "With --once: show every log line on the terminal (Spring, Camel, "
			+ "Quartz...), not only warnings, errors and progress; they are always in <data folder>/logs/credits-hub.log.")
	boolean verbose;

	@Override
	public Integer call() throws Exception {
		if (!once) {
			EmbeddedDatabaseGate.awaitFree(parent.springArgs, Duration.ofMinutes(2), parent.out);
		}
		List<String> springArgs = new java.util.ArrayList<>(parent.springArgs);
		if (once && !verbose) {
			// a command prints its own output; the framework's start and stop lines go to
			// logs/credits-hub.log
			springArgs.add(0, "--credits.log.console=hub");
		}
		ConfigurableApplicationContext ctx = Launcher.start(springArgs, false, !once);
		try {
			DataFolders folders = ctx.getBean(DataFolders.class);
			Auditor auditor = ctx.getBean(Auditor.class);
			// issue 11: a database that went back to an older state must not take new
			// files (ids re-used, archived
			// files never fetched again): audit the books against archive/ and the outbox
			// before any intake
			AuditReport audit = auditor.quickAudit();
			if (once) {
				if (!audit.ok()) {
					AuditCommand.print(audit, folders, parent.out);
					return Launcher.AUDIT_FAILED;
				}
				if (withSamples) {
					Samples.copyInto(folders.inbox());
				}
				List<IntakeOutcome> outcomes = firstPass(ctx, folders);
				if (databaseProblem != null) {
					return Launcher.UNAVAILABLE;
				}
				return outcomes.stream().anyMatch(IntakeOutcome::failed) ? Launcher.FAILED
						: outcomes.stream().anyMatch(IntakeOutcome::flagged) ? Launcher.FLAGGED : Launcher.OK;
			}
			CountDownLatch closed = new CountDownLatch(1);
			ctx.addApplicationListener(e -> {
				if (e instanceof ContextClosedEvent) {
					closed.countDown();
				}
			});
			ctx.registerShutdownHook();
			Duration interval = ctx.getEnvironment()
				.getProperty("credits.audit.interval", Duration.class, Duration.ofMinutes(10));
			CamelContext camel = ctx.getBean(CamelContext.class);
			boolean intake = false;
			// the audit just made counts as the first: a failed one is told once, then
			// re-checked every 30 s quietly
			long nextAudit = System.nanoTime() + (audit.ok() ? interval : Duration.ofSeconds(30)).toNanos();
			List<String> told = List.of();
			if (!audit.ok()) {
				tellRefused(audit, folders);
				told = audit.problems();
			}
			do {
				AuditReport last = auditor.last();
				if (intake && last != null && !last.ok()) {
					// the after-file check found the database behind what was already
					// seen: stop taking files
					camel.getRouteController().stopAllRoutes();
					intake = false;
					parent.out.println("intake stopped: the audit failed (see 'audit'); health is DOWN");
					nextAudit = System.nanoTime(); // the whole audit now, then every 30 s
													// until it passes
				}
				if (System.nanoTime() - nextAudit >= 0) {
					last = auditor.quickAudit();
					nextAudit = System.nanoTime() + (last.ok() ? interval : Duration.ofSeconds(30)).toNanos();
					if (!last.ok() && !intake && !last.problems().equals(told)) {
						tellRefused(last, folders);
						told = last.problems();
					}
				}
				if (!intake && last != null && last.ok()) {
					if (withSamples) {
						Samples.copyInto(folders.inbox());
						withSamples = false;
					}
					firstPass(ctx, folders);
					camel.getRouteController().startAllRoutes();
					ctx.getBean(HubSchedules.class).start(); // the nightly batches
																// (Quartz)
					intake = true;
					told = List.of();
					parent.out.println("credits-hub is watching " + folders.inbox() + " (Ctrl-C stops it)");
				}
			}
			while (!closed.await(2, TimeUnit.SECONDS));
			return Launcher.OK;
		}
		finally {
			if (ctx.isActive()) {
				ctx.close();
			}
		}
	}

	private void tellRefused(AuditReport report, DataFolders folders) {
		AuditCommand.print(report, folders, parent.out);
		parent.out.println("credits-hub is NOT taking files until the audit passes (re-checked every 30 s); "
				+ "the admin API and health are up");
	}

	/**
	 * Drains the inbox once and sends what it queued; prints the summary. @return what
	 * became of each file
	 */
	private List<IntakeOutcome> firstPass(ConfigurableApplicationContext ctx, DataFolders folders) {
		List<IntakeOutcome> outcomes = ctx.getBean(InboxDrainer.class).drain();
		Faults faults = ctx.getBean(Faults.class);
		// immediate recharges queued by the drain, the carrier file, the emails (issue 4)
		PendingWork.Done pending = null;
		try {
			pending = ctx.getBean(PendingWork.class).run();
		}
		catch (RuntimeException e) {
			unavailable(faults, e);
		}
		try {
			printSummary(ctx, folders, outcomes, parent.out);
		}
		catch (RuntimeException e) {
			// the files' table is out; the balances need the database
			unavailable(faults, e);
		}
		if (pending != null) {
			printPending(pending, parent.out);
		}
		try {
			// issue 14: a big file leaves most of the embedded database's file free
			// (the log has it from the file's end)
			ctx.getBean(io.creditshub.audit.EmbeddedDatabaseSpace.class).hint().ifPresent(parent.out::println);
		}
		catch (RuntimeException e) {
			// only a hint
		}
		if (databaseProblem != null) {
			parent.out.printf(
					"%nThe database became unavailable: %s%nNothing partial was committed; the files that "
							+ "failed are still in the inbox and are taken again by the next run (docs/faults.md).%n",
					databaseProblem);
		}
		return outcomes;
	}

	/**
	 * Set when the database or the disk failed during the first pass (issue 17, item 2):
	 * exit code 8 with --once.
	 */
	private String databaseProblem;

	private void unavailable(Faults faults, RuntimeException e) {
		Faults.Cause cause = Faults.classify(e);
		if (cause != Faults.Cause.DATABASE && cause != Faults.Cause.DISK_FULL && !Faults.databaseFileError(e)) {
			throw e;
		}
		faults.databaseFailed("run", e);
		if (databaseProblem == null) {
			databaseProblem = faults.describeHere(e);
		}
	}

	static void printSummary(ConfigurableApplicationContext ctx, DataFolders folders, List<IntakeOutcome> outcomes,
			PrintStream out) {
		out.printf("%nProcessed %d file(s) from %s%n", outcomes.size(), folders.inbox());
		if (!outcomes.isEmpty()) {
			out.printf("  %-8s %-12s %-34s %-9s %8s %8s %8s%n", "KIND", "ORG", "FILE", "STATUS", "ROWS", "POSTED",
					"REJECTED");
		}
		for (IntakeOutcome o : outcomes) {
			out.printf("  %-8s %-12s %-34s %-9s %8d %8d %8d%n", o.kind().folder(), o.orgId(), o.fileName(), o.status(),
					o.rows(), o.posted(), o.rejected());
			if (o.status() != IntakeOutcome.Status.POSTED || o.rejected() > 0) {
				out.printf("      %s%n", o.status() == IntakeOutcome.Status.POSTED
						? o.rejected() + " row(s) rejected, see " + o.movedTo() + ".rejects.csv" : o.detail());
			}
			if (o.kind() == io.creditshub.intake.FileKind.LICENSES && o.status() == IntakeOutcome.Status.POSTED) {
				// DOMAIN rule 11: which time the export took, and from where
				out.printf("      %s%n", o.detail());
			}
			if (o.flagged()) {
				out.printf("      FLAGGED: %s%n", o.flag());
			}
		}
		OrganizationRepository organizations = ctx.getBean(OrganizationRepository.class);
		List<Organization> orgs = organizations.findAll();
		if (orgs.isEmpty()) {
			return;
		}
		// what this run's CDR files posted, from their outcomes: no query over the calls,
		// whose number only grows (a scan of every call ever posted took 10 s after a
		// 1,000,000-call file on H2, and longer with every month)
		Map<String, CallFigures> posted = new HashMap<>();
		for (IntakeOutcome o : outcomes) {
			if (o.calls() != null) {
				posted.merge(o.orgId(), o.calls(), CallFigures::plus);
			}
		}
		// DOMAIN rule 1: the balance available now, lots past their expiry left out
		// before the expiry batch runs
		io.creditshub.funds.LotRepository lots = ctx.getBean(io.creditshub.funds.LotRepository.class);
		java.time.Instant now = ctx.getBean(java.time.Clock.class).instant();
		out.printf(
				"%nOrganizations (calls and amounts: this run's CDR files; balance: now)%n"
						+ "  %-12s %-24s %5s %8s %10s %14s %14s %14s%n",
				"ORG", "NAME", "CUR", "CALLS", "CHARGEABLE", "FROM FUNDS", "UNFUNDED", "BALANCE");
		for (Organization o : orgs) {
			CallFigures f = posted.getOrDefault(o.orgId(), CallFigures.NONE);
			out.printf("  %-12s %-24s %5s %8d %10d %14s %14s %14s%n", o.orgId(), truncate(o.name(), 24), o.currency(),
					f.calls(), f.chargeable(), Amounts.format(f.fromFunds(), o.currency()),
					Amounts.format(f.unfunded(), o.currency()),
					Amounts.format(lots.available(o.orgId(), now), o.currency()));
		}
		out.println();
	}

	static void printPending(PendingWork.Done done, PrintStream out) {
		done.recharges()
			.lines()
			.forEach(l -> out.printf("  recharge %-12s %-9s %s%n", l.orgId(), l.outcome(), l.detail()));
		if (done.carrierFile() != null) {
			out.printf("  carrier file %s%n", done.carrierFile());
		}
		if (done.emailsSent() > 0 || done.emailsPending() > 0) {
			out.printf("  %d email(s) sent, %d waiting%n", done.emailsSent(), done.emailsPending());
		}
	}

	private static String truncate(String s, int n) {
		return s.length() <= n ? s : s.substring(0, n - 1) + "~";
	}

}
