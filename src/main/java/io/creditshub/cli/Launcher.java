package io.creditshub.cli;

import io.creditshub.CreditsHubApplication;
import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedRuntimeException;
import picocli.CommandLine;

/**
 * Entry point of the jar: picocli parses the command; Spring starts only for commands
 * that need it. Arguments of the form {@code --some.property=value} (e.g.
 * {@code --credits.home=/srv/hub}, {@code --spring.profiles.active=postgres}) go to
 * Spring, everything else to picocli.
 */
public final class Launcher {

	/** Exit codes scripts can rely on. */
	public static final int OK = 0, FAILED = 1, USAGE = 2, NOT_FOUND = 3, MISMATCH = 4;

	/** The thing to add exists already (funds add with a reference that was added). */
	public static final int CONFLICT = 5;

	/**
	 * run --once: every file posted, but one needs a look (issue 12: a license file that
	 * turns funded calls unfunded, a CDR file with too many calls unfunded for lack of
	 * licenses). A refused file (1) takes precedence.
	 */
	public static final int FLAGGED = 6;

	/**
	 * The audit found the database behind the data folder (issue 11): intake refused, see
	 * {@code audit}.
	 */
	public static final int AUDIT_FAILED = 7;

	/**
	 * {@code run --once}: the database became unavailable or the disk filled up while it
	 * ran (issue 17, item 2). Nothing partial is committed; the files that failed are
	 * still in the inbox; run again once it is fixed (a supervisor can retry on this
	 * code).
	 */
	public static final int UNAVAILABLE = 8;

	private static final Pattern SPRING_ARG = Pattern.compile("--[a-zA-Z][\\w-]*(\\.[\\w\\[\\]-]+)+=.*");

	private Launcher() {
	}

	public static int execute(String[] args, PrintStream out, PrintStream err) {
		List<String> springArgs = new ArrayList<>();
		List<String> cliArgs = new ArrayList<>();
		for (String a : args) {
			(SPRING_ARG.matcher(a).matches() ? springArgs : cliArgs).add(a);
		}
		HubCommand root = new HubCommand(springArgs, out);
		CommandLine cmd = new CommandLine(root);
		cmd.setOut(new PrintWriter(out, true));
		cmd.setErr(new PrintWriter(err, true));
		cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
			// a context that failed to start (a carrier's or another setting refused, the
			// database unreachable) shows its cause, not Spring's wrapping of it
			Throwable shown = ex instanceof NestedRuntimeException n ? n.getMostSpecificCause() : ex;
			err.println("error: " + shown.getMessage());
			return FAILED;
		});
		int code = cmd.execute(cliArgs.toArray(String[]::new));
		out.flush();
		return code;
	}

	/**
	 * Starts the Spring context. Camel routes never start by themselves: {@code run}
	 * starts them after the inbox drain; other commands leave them stopped.
	 */
	static ConfigurableApplicationContext start(List<String> springArgs, boolean quiet) {
		return start(springArgs, quiet, false);
	}

	/**
	 * The organization, or empty after telling stderr it is unknown (the command then
	 * exits {@link #NOT_FOUND}).
	 */
	static Optional<Organization> organization(ConfigurableApplicationContext ctx, String orgId) {
		Optional<Organization> org = ctx.getBean(OrganizationRepository.class).find(orgId);
		if (org.isEmpty()) {
			System.err.println("unknown organization: " + orgId);
		}
		return org;
	}

	/**
	 * @param web whether to serve the admin API, health and metrics (the long-running
	 * {@code run})
	 */
	static ConfigurableApplicationContext start(List<String> springArgs, boolean quiet, boolean web) {
		SpringApplication app = new SpringApplication(CreditsHubApplication.class);
		app.setWebApplicationType(web ? WebApplicationType.SERVLET : WebApplicationType.NONE);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("camel.main.auto-startup", "false");
		defaults.put("spring.main.banner-mode", "off");
		if (quiet) {
			defaults.put("logging.level.root", "WARN");
			defaults.put("logging.level.org.apache.camel", "WARN");
		}
		app.setDefaultProperties(defaults);
		List<String> args = new ArrayList<>(springArgs);
		if (quiet) {
			args.add("--logging.level.root=WARN");
			args.add("--logging.level.io.creditshub=WARN");
		}
		return app.run(args.toArray(String[]::new));
	}

}
