package io.creditshub.cli;

import io.creditshub.intake.IntakeJournal;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "files", mixinStandardHelpOptions = true,
		description = "List the most recent intake files with their status and counts.")
class FilesCommand implements Callable<Integer> {

	@ParentCommand
	HubCommand parent;

	@Option(names = "--limit", defaultValue = "50", description = "how many (default ${DEFAULT-VALUE})")
	int limit;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			parent.out.printf("%6s %-8s %-12s %-34s %-9s %8s %8s %8s  %s%n", "ID", "KIND", "ORG", "FILE", "STATUS", "ROWS",
					"POSTED", "REJECTED", "PROCESSED");
			ctx.getBean(IntakeJournal.class).recent(limit).forEach(r -> parent.out.printf(
					"%6d %-8s %-12s %-34s %-9s %8d %8d %8d  %s%n", r.fileId(), r.kind().toLowerCase(), r.orgId(),
					r.fileName(), r.status(), r.rows(), r.posted(), r.rejected(), r.processedAt()));
			return Launcher.OK;
		}
	}

}
