package io.creditshub.cli;

import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.creditshub.rating.RateSegment;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "rates", mixinStandardHelpOptions = true, description = "Rate tables.",
		subcommands = { RatesCommand.Lookup.class, RatesCommand.Accept.class, RatesCommand.Rerate.class })
class RatesCommand implements Runnable {

	@ParentCommand
	HubCommand parent;

	@Override
	public void run() {
		new picocli.CommandLine(this).usage(parent.out);
	}

	@Command(name = "accept", mixinStandardHelpOptions = true,
			description = "Confirm a rate file held in error/ because it would replace most of the table in force "
					+ "(see `files`): it goes back to the inbox and loads as a replacement at the next run or poll.")
	static class Accept implements Callable<Integer> {

		@ParentCommand
		RatesCommand rates;

		@Parameters(paramLabel = "FILE-ID", description = "the held rate file's id (files command)")
		long fileId;

		@Override
		public Integer call() {
			HubCommand parent = rates.parent;
			try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
				java.nio.file.Path at = ctx.getBean(io.creditshub.intake.IntakeService.class).acceptRates(fileId);
				parent.out.println("rate file " + fileId + " confirmed; waiting at " + at);
				return Launcher.OK;
			}
			catch (IllegalArgumentException | IllegalStateException e) {
				System.err.println(e.getMessage());
				return Launcher.NOT_FOUND;
			}
		}

	}

	@Command(name = "rerate", mixinStandardHelpOptions = true,
			description = "Re-drive the CDR rows rejected for want of a rate that the table in force now rates: they are "
					+ "copied from their archived files into the inbox and post at the next run or poll (also done by "
					+ "itself after every rate file).")
	static class Rerate implements Callable<Integer> {

		@ParentCommand
		RatesCommand rates;

		@Override
		public Integer call() {
			HubCommand parent = rates.parent;
			try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
				var done = ctx.getBean(io.creditshub.intake.NoRateRedrive.class).redrive();
				if (done.isEmpty()) {
					parent.out.println("no rejected call has a rate now");
				}
				for (var r : done) {
					parent.out.println(r.orgId() + "/" + r.fromFile() + " (file " + r.fromFileId() + "): " + r.rows()
							+ " call(s) re-driven as " + r.file()
							+ (r.stillWithoutRate() > 0 ? ", " + r.stillWithoutRate() + " still without a rate" : ""));
				}
				return Launcher.OK;
			}
		}

	}

	@Command(name = "lookup", mixinStandardHelpOptions = true,
			description = "The rate that applies to a number (longest prefix) in a currency at a time; exit 3 if none.")
	static class Lookup implements Callable<Integer> {

		@ParentCommand
		RatesCommand rates;

		@Parameters(paramLabel = "NUMBER", description = "E.164 number, e.g. +447700900123 (masked digits allowed)")
		String number;

		@Option(names = "--currency", required = true)
		String currency;

		@Option(names = "--at", description = "call start (ISO-8601), default now")
		Instant at;

		@Option(names = "--type", description = "landline, mobile or toll-free (default: any)")
		String type;

		@Option(names = "--json")
		boolean json;

		@Override
		public Integer call() {
			HubCommand parent = rates.parent;
			try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
				var table = ctx.getBean(RateTableRepository.class).current();
				if (table.isEmpty()) {
					System.err.println("no rate table loaded yet");
					return Launcher.NOT_FOUND;
				}
				Instant when = at == null ? Instant.now() : at;
				Optional<Rate> rate = table.get()
					.lookup(number, type == null ? null : NumberType.parse(type), currency.toUpperCase(Locale.ROOT),
							when);
				if (rate.isEmpty()) {
					System.err.println("no rate for " + number + " in " + currency + " at " + when);
					return Launcher.NOT_FOUND;
				}
				Rate r = rate.get();
				if (json) {
					Json.print(parent.out, r);
					return Launcher.OK;
				}
				parent.out.printf("version %d rate %d: +%s %s (%s) %s, connection fee %s, from %s%s%s%n",
						table.get().versionId(), r.id(), r.prefix(), r.destination(), r.numberType().label(),
						r.currency(), r.connectionFee().stripTrailingZeros().toPlainString(), r.effectiveFrom(),
						r.effectiveTo() == null ? "" : " to " + r.effectiveTo(), r.zoneA() ? ", Zone A" : "");
				for (RateSegment s : r.segments()) {
					parent.out.printf("  from second %d: %s/min, increments %d/%d%n", s.startSecond(),
							s.ratePerMinute().stripTrailingZeros().toPlainString(), s.firstIncrement(),
							s.nextIncrement());
				}
				return Launcher.OK;
			}
		}

	}

}
