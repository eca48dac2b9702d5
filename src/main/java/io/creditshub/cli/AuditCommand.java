package io.creditshub.cli;

import io.creditshub.audit.AuditReport;
import io.creditshub.audit.Auditor;
import io.creditshub.system.DataFolders;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true,
		description = "Check the books against the data folder (issue 11): every file in archive/ is posted in the "
				+ "database with the same content, the journal's counts equal the rows, every email and carrier file in "
				+ "outbox/ has its row, and no id went backwards. Exit 7 when the database is behind (it went back to an "
				+ "older state): the hub then takes no files until the audit passes. Safe while the hub runs.")
class AuditCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@ArgGroup(exclusive = true)
	Action action;

	static class Action {

		@Option(names = "--redrive", description = "Move the archived files the database does not hold back into the "
				+ "inbox (oldest first) so that intake posts them again, then accept the database's ids.")
		boolean redrive;

		@Option(names = "--accept", paramLabel = "REASON", description = "Accept the database as it is now (e.g. a "
				+ "backup restored on purpose): the remembered ids are set to its own. Recorded in audit/history.log.")
		String accept;

	}

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			Auditor auditor = ctx.getBean(Auditor.class);
			DataFolders folders = ctx.getBean(DataFolders.class);
			if (action != null && action.redrive) {
				List<Path> moved = auditor.redriveMissing();
				moved.forEach(p -> parent.out.println("re-driven to " + p));
				parent.out.printf("%d file(s) back in the inbox: the next 'run' posts them%n", moved.size());
			}
			else if (action != null && action.accept != null) {
				auditor.accept(action.accept);
				parent.out.println("the database's current ids are now the reference (audit/history.log)");
			}
			AuditReport report = auditor.audit();
			print(report, folders, parent.out);
			return report.ok() ? Launcher.OK : Launcher.AUDIT_FAILED;
		}
	}

	static void print(AuditReport r, DataFolders folders, PrintStream out) {
		if (r.ok()) {
			out.printf("audit OK: %d archived file(s), %d outbox file(s) match the database; highest ids %s (%d ms)%n",
					r.archivedFiles(), r.outboxFiles(), r.ids(), r.millis());
			return;
		}
		out.printf("AUDIT FAILED: the database is behind the data folder %s%n", folders.home());
		r.problems().forEach(p -> out.println("  - " + p));
		if (!r.missing().isEmpty()) {
			out.println("  archived but not in the database:");
			r.missing()
				.forEach(m -> out.printf("    %-8s %-12s %s%n", m.kind().folder(), m.orgId(),
						folders.archive().relativize(m.path())));
		}
		if (r.problems().stream().anyMatch(p -> p.contains(", the database holds "))) {
			out.println(
					"  A file's postings are incomplete (a torn commit, see docs/embedded-database.md): restore a backup of");
			out.println(
					"  db/ from before that file (hub stopped), then 'audit --redrive' posts it and the files after it again.");
		}
		out.println("  The hub takes no files until this is resolved. Restore the newest backup of the database, or");
		out.println(
				"  'audit --redrive' to post the archived files again, or 'audit --accept REASON' (docs/embedded-database.md).");
	}

}
