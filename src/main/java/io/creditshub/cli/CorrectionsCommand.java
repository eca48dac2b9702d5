package io.creditshub.cli;

import io.creditshub.corrections.CorrectionService;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "corrections", mixinStandardHelpOptions = true,
		description = "List the correction runs (re-ratings, adjustments, re-dated license exports), newest first.")
class CorrectionsCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Option(names = "--limit", defaultValue = "50", description = "how many (default 50)")
	int limit;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			List<CorrectionService.RunView> runs = ctx.getBean(CorrectionService.class).recent(limit);
			parent.out.printf("%-20s %-7s %-10s %6s  %-45s %s%n", "POSTED", "KIND", "SCOPE", "CALLS", "ID", "WHAT");
			for (CorrectionService.RunView r : runs) {
				parent.out.printf("%-20s %-7s %-10s %6d  %-45s %s%n",
						r.postedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.kind(), r.scope(), r.calls(),
						r.correctionId(), r.reason() == null ? "" : r.reason());
			}
			return Launcher.OK;
		}
	}

}
