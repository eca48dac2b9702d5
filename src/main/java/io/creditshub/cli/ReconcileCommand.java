package io.creditshub.cli;

import io.creditshub.audit.AuditReport;
import io.creditshub.audit.Auditor;
import io.creditshub.ledger.Reconciler;
import io.creditshub.system.DataFolders;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
		description = "Check DOMAIN rule 9 for every organization: sum of ledger = balance = sum of remaining lots, "
				+ "and every lot's consumption matches the ledger. Exit 4 naming each organization that does not. Then the audit "
				+ "of the books against the data folder (exit 7 when the database is behind it).")
class ReconcileCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			List<Reconciler.OrgCheck> checks = ctx.getBean(Reconciler.class).check();
			int bad = 0;
			for (Reconciler.OrgCheck c : checks) {
				parent.out.printf("%-8s %s %s ledger=%s balance=%s lots=%s%n", c.ok() ? "OK" : "MISMATCH", c.orgId(),
						c.currency(), Amounts.format(c.ledger(), c.currency()),
						Amounts.format(c.balance(), c.currency()), Amounts.format(c.lots(), c.currency()));
				c.lotProblems().forEach(p -> parent.out.println("         " + p));
				if (!c.ok()) {
					bad++;
				}
			}
			parent.out.printf("%d organization(s) checked, %d mismatch(es)%n", checks.size(), bad);
			// a database that went back to an older state agrees with itself: the audit
			// compares it with the data folder
			AuditReport audit = ctx.getBean(Auditor.class).audit();
			AuditCommand.print(audit, ctx.getBean(DataFolders.class), parent.out);
			return bad > 0 ? Launcher.MISMATCH : audit.ok() ? Launcher.OK : Launcher.AUDIT_FAILED;
		}
	}

}
