package io.creditshub.cli;

import io.creditshub.ledger.Reconciler;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
		description = "Check DOMAIN rule 9 for every organization: sum of ledger = balance = sum of remaining lots, "
				+ "and every lot's consumption matches the ledger. Exit 4 naming each organization that does not.")
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
						c.currency(), Amounts.format(c.ledger(), c.currency()), Amounts.format(c.balance(), c.currency()),
						Amounts.format(c.lots(), c.currency()));
				c.lotProblems().forEach(p -> parent.out.println("         " + p));
				if (!c.ok()) {
					bad++;
				}
			}
			parent.out.printf("%d organization(s) checked, %d mismatch(es)%n", checks.size(), bad);
			return bad == 0 ? Launcher.OK : Launcher.MISMATCH;
		}
	}

}
