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

	@Option(names = "--json", description = "JSON instead of a table")
	boolean json;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext ctx = Launcher.start(parent.springArgs, true)) {
			if (json) {
				Json.print(parent.out, ctx.getBean(IntakeJournal.class).recent(limit));
				return Launcher.OK;
			}
			parent.out.printf("%6s %-8s %-12s %-34s %-9s %8s %8s %8s  %s%n", "ID", "KIND", "ORG", "FILE", "STATUS",
					"ROWS", "POSTED", "REJECTED", "PROCESSED");
			ctx.getBean(IntakeJournal.class)
				.recent(limit)
				.forEach(r -> parent.out.printf("%6d %-8s %-12s %-34s %-9s %8d %8d %8d  %s%s%s%s%n", r.fileId(),
						r.kind().toLowerCase(), r.orgId(), r.fileName(), r.status(), r.rows(), r.posted(), r.rejected(),
						r.processedAt(),
						// DOMAIN rule 11: a license file's time and where it came from;
						// what needs a look (issue 12)
						r.licenseTime() == null ? ""
								: String.format("%n%6s licenses in force from %s", "", r.licenseTime()),
						r.flag() == null ? "" : String.format("%n%6s FLAGGED: %s", "", r.flag()),
						unknownProducts(r.detail())));
			return Launcher.OK;
		}
	}

	/** A license file's unknown products (issue 12), as a line under the file, or "". */
	static String unknownProducts(String detail) {
		if (detail == null || !detail.contains("unknown products ignored: ")) {
			return "";
		}
		String list = detail.substring(detail.indexOf("unknown products ignored: ") + 26);
		int end = list.indexOf(';');
		return String.format("%n%6s unknown products (not in the license catalog): %s", "",
				end >= 0 ? list.substring(0, end) : list);
	}

}
