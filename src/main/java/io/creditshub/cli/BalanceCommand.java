package io.creditshub.cli;

import io.creditshub.accounts.Organization;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "balance", mixinStandardHelpOptions = true,
		description = "Print an organization's balance and its lots with money left (exit 3 if the organization is unknown).")
class BalanceCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Parameters(paramLabel = "ORG", description = "organization id")
	String orgId;

	@picocli.CommandLine.Option(names = "--json", description = "JSON: balance, currency, suspended and the open lots")
	boolean json;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			Optional<Organization> org = Launcher.organization(ctx, orgId);
			if (org.isEmpty()) {
				return Launcher.NOT_FOUND;
			}
			Organization o = org.get();
			// DOMAIN rule 1: a lot past its expiry is not money, even before the expiry
			// batch posts its forfeit
			LotRepository lots = ctx.getBean(LotRepository.class);
			java.time.Instant now = ctx.getBean(java.time.Clock.class).instant();
			java.math.BigDecimal available = lots.available(orgId, now);
			java.math.BigDecimal awaitingForfeit = o.balance().subtract(available);
			if (json) {
				Json.print(parent.out,
						java.util.Map.of("orgId", o.orgId(), "currency", o.currency(), "balance", available,
								"expiredAwaitingForfeit", awaitingForfeit, "bookedBalance", o.balance(), "suspended",
								o.suspended(), "lots", lots.openLots(orgId, now)));
				return Launcher.OK;
			}
			parent.out.printf("%s %s %s%s%s%n", o.orgId(), o.currency(), Amounts.format(available, o.currency()),
					o.suspended() ? " (suspended)" : "",
					awaitingForfeit.signum() > 0 ? " (" + Amounts.format(awaitingForfeit, o.currency())
							+ " in expired lots, forfeit not posted yet: run expire)" : "");
			for (Lot lot : lots.openLots(orgId, now)) {
				parent.out.printf("  lot %d  %s of %s left, bought %s, expires %s, ref %s%n", lot.lotId(),
						Amounts.format(lot.remaining(), lot.currency()), Amounts.format(lot.amount(), lot.currency()),
						lot.purchasedAt(), lot.expiresAt(), lot.reference());
			}
			return Launcher.OK;
		}
	}

}
