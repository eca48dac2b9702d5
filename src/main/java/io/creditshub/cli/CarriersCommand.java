package io.creditshub.cli;

import io.creditshub.carrier.CarrierCheck;
import io.creditshub.config.CarrierProperties;
import io.creditshub.carrier.Carriers;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "carriers", mixinStandardHelpOptions = true,
		description = "List the configured carrier SFTP connections (credits.carriers). With --check: connect to each "
				+ "as the pollers do (host key, login), show the host key and the files waiting; exit 1 if one is DOWN.")
class CarriersCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Option(names = "--check", description = "Connect to every enabled carrier now.")
	boolean check;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			Carriers carriers = ctx.getBean(Carriers.class);
			if (carriers.all().isEmpty()) {
				parent.out.println("No carrier configured (credits.carriers): only the local inbox is read.");
				return Launcher.OK;
			}
			parent.out.printf("%-16s %-8s %-36s %-9s %-6s %s%n", "CARRIER", "ENABLED", "ADDRESS", "AUTH", "ARCHIVE",
					"HOST KEY CHECK");
			for (CarrierProperties c : carriers.all()) {
				parent.out.printf("%-16s %-8s %-36s %-9s %-6s %s%n", c.getName(), c.isEnabled() ? "yes" : "no",
						c.getUser() + "@" + c.getHost() + ":" + c.getPort(),
						c.getPrivateKeyFile() != null ? "key" : "password", c.getArchiveMode().name().toLowerCase(),
						c.isStrictHostKeyChecking() ? "strict, " + c.getKnownHostsFile() : "OFF (any key accepted)");
				parent.out.printf("%-16s drop %s%s, archive %s, error %s, outbound %s, poll every %s%n", "",
						c.getCdrFolder(), carriers.feeds(c).size() > 1 ? " and " + c.getLicensesFolder() : "",
						c.getArchiveFolder(), c.getErrorFolder(),
						carriers.hasOutbound(c) ? c.getOutboundFolder() : "(none)", c.getPollDelay());
			}
			if (!check) {
				return Launcher.OK;
			}
			boolean allUp = true;
			parent.out.printf("%n%-16s %-5s %s%n", "CARRIER", "STATE", "DETAIL");
			CarrierCheck checker = ctx.getBean(CarrierCheck.class);
			for (CarrierProperties c : carriers.enabled()) {
				CarrierCheck.Result r = checker.check(c);
				allUp &= r.ok();
				parent.out.printf("%-16s %-5s %s%n", c.getName(), r.ok() ? "UP" : "DOWN",
						r.ok() ? "host key " + r.hostKeyFingerprint() + "; files waiting: " + r.waiting() : r.detail());
			}
			return allUp ? Launcher.OK : Launcher.FAILED;
		}
	}

}
