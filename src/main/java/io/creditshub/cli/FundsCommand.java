package io.creditshub.cli;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import io.creditshub.intake.Times;
import io.creditshub.ledger.EntryType;
import io.creditshub.money.Money;
import io.creditshub.batch.PendingWork;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "funds", mixinStandardHelpOptions = true, description = "Manage an organization's funds.",
		subcommands = { FundsCommand.Add.class })
class FundsCommand implements Runnable {

	@ParentCommand
	HubCommand parent;

	@Override
	public void run() {
		new picocli.CommandLine(this).usage(parent.out);
	}

	@Command(name = "add", mixinStandardHelpOptions = true,
			description = "Add funds by hand (a manual top-up): a new lot expiring 12 months later and a PURCHASE entry; "
					+ "lifts a zero-balance suspension. Exit 0; 2 invalid amount; 3 unknown organization; "
					+ "5 the reference was already added.")
	static class Add implements Callable<Integer> {

		@ParentCommand
		FundsCommand funds;

		@Parameters(index = "0", paramLabel = "ORG", description = "organization id")
		String orgId;

		@Parameters(index = "1", paramLabel = "AMOUNT",
				description = "amount in the organization's currency, e.g. 50.00")
		BigDecimal amount;

		@Option(names = "--reference", paramLabel = "REF",
				description = "order reference, unique per organization (default: manual-<time>); repeating one is refused")
		String reference;

		@Option(names = "--at", paramLabel = "TIME", description = "purchase time, ISO-8601 (default: now)")
		String at;

		@Override
		public Integer call() {
			HubCommand parent = funds.parent;
			try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
				OrganizationRepository organizations = ctx.getBean(OrganizationRepository.class);
				Organization org = Launcher.organization(ctx, orgId).orElse(null);
				if (org == null) {
					return Launcher.NOT_FOUND;
				}
				if (amount.signum() <= 0
						|| amount.stripTrailingZeros().scale() > Money.minorUnitDigits(org.currency())) {
					System.err.println("amount must be positive with at most " + Money.minorUnitDigits(org.currency())
							+ " decimals for " + org.currency() + ": " + amount.toPlainString());
					return Launcher.USAGE;
				}
				Instant now = ctx.getBean(Clock.class).instant();
				Instant purchasedAt;
				try {
					purchasedAt = at == null ? now : Times.parse(at);
				}
				catch (IllegalArgumentException e) {
					System.err.println(e.getMessage());
					return Launcher.USAGE;
				}
				String ref = reference != null ? reference : "manual-"
						+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
				LotRepository lots = ctx.getBean(LotRepository.class);
				Long lotId = ctx.getBean(TransactionTemplate.class).execute(status -> {
					organizations.lock(orgId);
					if (lots.referenceExists(orgId, ref)) {
						return null;
					}
					return ctx.getBean(FundsService.class)
						.addLot(orgId, EntryType.PURCHASE, amount, org.currency(), purchasedAt, ref, null, null);
				});
				if (lotId == null) {
					System.err.println("reference " + ref + " was already added to " + orgId + ": nothing added");
					return Launcher.CONFLICT;
				}
				ctx.getBean(PendingWork.class).flushOutboxes();
				parent.out.printf("added lot %d to %s: %s %s, reference %s, expires %s; balance %s %s%n", lotId, orgId,
						Amounts.format(amount, org.currency()), org.currency(), ref,
						Lot.expiryOf(purchasedAt).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
						Amounts.format(organizations.balance(orgId), org.currency()), org.currency());
				return Launcher.OK;
			}
		}

	}

}
