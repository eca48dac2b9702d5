package io.creditshub.cli;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "orgs", mixinStandardHelpOptions = true, description = "List the organizations with their balance.")
class OrgsCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Option(names = "--json", description = "JSON instead of a table")
	boolean json;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			List<Organization> orgs = ctx.getBean(OrganizationRepository.class).findAll();
			if (json) {
				Json.print(parent.out, orgs);
				return Launcher.OK;
			}
			parent.out.printf("%-12s %-28s %-4s %-3s %14s %-9s %s%n", "ORG", "NAME", "CUR", "CC", "BALANCE", "STATE",
					"AUTO-RECHARGE");
			// DOMAIN rule 1: the balance available now, lots past their expiry left out
			// before the expiry batch runs
			io.creditshub.funds.LotRepository lots = ctx.getBean(io.creditshub.funds.LotRepository.class);
			java.time.Instant now = ctx.getBean(java.time.Clock.class).instant();
			for (Organization o : orgs) {
				parent.out.printf("%-12s %-28s %-4s %-3s %14s %-9s %s%n", o.orgId(), o.name(), o.currency(),
						o.country(), Amounts.format(lots.available(o.orgId(), now), o.currency()),
						o.suspended() ? "suspended" : "active",
						o.autoRecharge() ? "below " + Amounts.format(o.triggerAmount(), o.currency()) + " add "
								+ Amounts.format(o.rechargeAmount(), o.currency()) : "off");
			}
			return Launcher.OK;
		}
	}

}
