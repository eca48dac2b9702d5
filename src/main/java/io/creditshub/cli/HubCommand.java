package io.creditshub.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;

/** The top-level command: only sub-commands do something. */
@Command(name = "credits-hub", mixinStandardHelpOptions = true, version = "credits-hub 0.1.0",
		description = "Prepaid communications credits: rates CDRs, charges funds lots, keeps the ledger.%n"
				+ "Spring properties pass as --key=value, e.g. --credits.home=/srv/hub --spring.profiles.active=postgres",
		subcommands = { RunCommand.class, BalanceCommand.class, LedgerCommand.class, ReconcileCommand.class,
				FilesCommand.class, ReportCommand.class, OrgsCommand.class, CallsCommand.class, RatesCommand.class,
				FundsCommand.class, RechargeCommand.class, ExpireCommand.class, GenerateCdrsCommand.class,
				CarriersCommand.class, AuditCommand.class, SoakCommand.class, CompactCommand.class, RerateCommand.class,
				AdjustCommand.class, LicensesCommand.class, CorrectionsCommand.class,
				picocli.CommandLine.HelpCommand.class })
public class HubCommand implements Runnable {

	final List<String> springArgs;

	final PrintStream out;

	HubCommand(List<String> springArgs, PrintStream out) {
		this.springArgs = springArgs;
		this.out = out;
	}

	@Override
	public void run() {
		new picocli.CommandLine(this).usage(out);
	}

}
