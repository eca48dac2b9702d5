package io.creditshub.cli;

import io.creditshub.api.ApiQueries;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "calls", mixinStandardHelpOptions = true,
		description = "List an organization's calls with how each was paid (exit 3 if the organization is unknown).")
class CallsCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Parameters(paramLabel = "ORG")
	String orgId;

	@Option(names = "--user", description = "UPN or Entra object id")
	String user;

	@Option(names = "--from", description = "start time from (ISO-8601, e.g. 2025-03-01T00:00:00Z)")
	Instant from;

	@Option(names = "--to", description = "start time before (ISO-8601)")
	Instant to;

	@Option(names = "--paid-by", description = "pool, credits, unfunded or not-chargeable")
	String paidBy;

	@Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})")
	int limit;

	@Option(names = "--json", description = "JSON instead of a table")
	boolean json;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			if (Launcher.organization(ctx, orgId).isEmpty()) {
				return Launcher.NOT_FOUND;
			}
			ApiQueries.Page<ApiQueries.CallItem> page;
			try {
				page = ctx.getBean(ApiQueries.class).calls(orgId, user, from, to, paidBy, 0, Math.max(1, limit));
			}
			catch (IllegalArgumentException e) {
				System.err.println(e.getMessage());
				return Launcher.USAGE;
			}
			if (json) {
				Json.print(parent.out, page);
				return Launcher.OK;
			}
			parent.out.printf("%-20s %-28s %-18s %-16s %6s %9s %-22s %9s %9s %s%n", "START", "USER", "TYPE", "NUMBER",
					"SEC", "PRICE", "PAID BY", "CREDITS", "UNFUNDED", "REASON");
			for (ApiQueries.CallItem c : page.items()) {
				parent.out.printf("%-20s %-28s %-18s %-16s %6d %9s %-22s %9s %9s %s%n", c.startedAt(),
						c.user() == null ? "" : c.user(), c.callType(), c.destinationNumber(), c.durationSeconds(),
						Amounts.format(c.listPrice(), c.currency()),
						c.paidBy() + (c.pool() == null ? "" : " " + c.poolMinutes() + "m"),
						Amounts.format(c.paidFromCredits(), c.currency()), Amounts.format(c.unfunded(), c.currency()),
						c.unfundedReason() == null ? "" : c.unfundedReason());
			}
			parent.out.printf("%d of %d call(s)%n", page.items().size(), page.total());
			return Launcher.OK;
		}
	}

}
