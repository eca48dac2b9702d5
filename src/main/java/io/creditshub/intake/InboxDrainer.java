package io.creditshub.intake;

import io.creditshub.config.CreditsProperties;
import io.creditshub.system.DataFolders;
import io.creditshub.system.Faults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes everything waiting in the inbox once, in dependency order (rate tables, accounts,
 * licenses, funds, then CDRs; each kind oldest name first), through the same Camel
 * endpoints and routes the running hub uses: each kind's inbox endpoint
 * ({@code credits.intake.<kind>-uri}: read lock, exclusions, the cluster-wide in-progress
 * lock, the move to archive/ or error/ after the exchange completed) is polled with a
 * consumer template, and each file goes through the kind's route
 * {@code direct:intake-<kind>} (routes/intake-kind.camel.yaml). Used by
 * {@code run --once} and before the routes start in {@code run}. A file that fails stays
 * in the inbox and is not offered again in this pass.
 */
@Service
public class InboxDrainer {

	private static final Logger log = LoggerFactory.getLogger(InboxDrainer.class);

	private final DataFolders folders;

	private final Faults faults;

	private final ConsumerTemplate consumer;

	private final ProducerTemplate producer;

	private final IntakeLanes lanes;

	private final CreditsProperties properties;

	private final CamelContext camel;

	public InboxDrainer(DataFolders folders, Faults faults, ConsumerTemplate consumer, ProducerTemplate producer,
			IntakeLanes lanes, CreditsProperties properties, CamelContext camel) {
		this.camel = camel;
		this.folders = folders;
		this.faults = faults;
		this.consumer = consumer;
		this.producer = producer;
		this.lanes = lanes;
		this.properties = properties;
	}

	public List<IntakeOutcome> drain() {
		removeStaleWorkFiles();
		List<IntakeOutcome> outcomes = new ArrayList<>();
		// this hub's own inbox routes, if running, pause meanwhile (their files in
		// progress finish first): the drain
		// keeps the dependency order and returns when what waited is done
		List<String> paused = pauseInboxRoutes();
		lanes.beginPass();
		try {
			for (FileKind kind : FileKind.values()) {
				String uri = uri(kind);
				KindRoutes.start(camel, kind);
				for (Exchange exchange;;) {
					exchange = consumer.receiveNoWait(uri);
					if (exchange == null) {
						// nothing taken: either nothing is left, or the next file's read
						// lock was not had (still being
						// written, or another hub instance has it): that one is left for
						// later, the rest is taken now
						Path skipped = nextUntried(kind);
						if (skipped == null) {
							break;
						}
						log.info("{} {}: not taken now (still being written, or another hub instance has it)",
								kind.folder(), folders.inbox(kind.folder()).relativize(skipped));
						lanes.tried(skipped.toString());
						continue;
					}
					String path = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
					lanes.tried(Path.of(path).toAbsolutePath().toString());
					try {
						producer.send("direct:intake-" + kind.folder(), exchange);
					}
					finally {
						// completes the file consumer's unit of work: the move to
						// archive/ or error/, or, failed, the
						// release of the file's lock (it stays in the inbox)
						consumer.doneUoW(exchange);
					}
					Exception e = exchange.getException();
					if (e == null) {
						outcomes.add(exchange.getMessage().getBody(IntakeOutcome.class));
						continue;
					}
					// nothing was committed (one transaction per file): left for the next
					// run. One line, naming the file
					// and the root cause (Faults); a file another instance took is not an
					// error.
					Faults.Cause cause = faults.failed(kind.folder(), path, e);
					if (cause != Faults.Cause.TAKEN && cause != Faults.Cause.INCOMPLETE) {
						outcomes.add(new IntakeOutcome(kind, "", Path.of(path).getFileName().toString(),
								IntakeOutcome.Status.FAILED, 0, 0, 0, faults.describeHere(e), Path.of(path), 0));
					}
				}
			}
		}
		finally {
			lanes.endPass();
			resume(paused);
		}
		return outcomes;
	}

	private List<String> pauseInboxRoutes() {
		List<String> paused = new ArrayList<>();
		for (FileKind kind : FileKind.values()) {
			String route = "intake-" + kind.folder() + "-folder";
			ServiceStatus status = camel.getRouteController().getRouteStatus(route);
			if (status != null && status.isStarted()) {
				try {
					camel.getRouteController().suspendRoute(route);
					paused.add(route);
				}
				catch (Exception e) {
					throw new IllegalStateException("cannot pause route " + route, e);
				}
			}
		}
		return paused;
	}

	private void resume(List<String> routes) {
		for (String route : routes) {
			try {
				camel.getRouteController().resumeRoute(route);
			}
			catch (Exception e) {
				log.error("route {} could not be resumed after the drain: {}", route, e.toString());
			}
		}
	}

	/**
	 * The first file of a kind, in the endpoints' order (sortBy=file:name: the path below
	 * the folder), not tried yet.
	 */
	private Path nextUntried(FileKind kind) {
		Path root = folders.inbox(kind.folder()).toAbsolutePath();
		return waiting(kind).stream()
			.map(Path::toAbsolutePath)
			.filter(p -> !lanes.wasTried(p.toString()))
			.min(java.util.Comparator.comparing(p -> root.relativize(p).toString().replace('\\', '/')))
			.orElse(null);
	}

	private String uri(FileKind kind) {
		CreditsProperties.Intake intake = properties.getIntake();
		return switch (kind) {
			case RATES -> intake.getRatesUri();
			case ACCOUNTS -> intake.getAccountsUri();
			case LICENSES -> intake.getLicensesUri();
			case FUNDS -> intake.getFundsUri();
			case CDR -> intake.getCdrUri();
		};
	}

	/**
	 * Rejects files an interrupted intake left in work/ (killed before its commit:
	 * nothing of it was posted, the file is still in the inbox and is done again). Only
	 * files untouched for an hour, so that another hub instance's file in progress is
	 * never taken from it.
	 */
	private void removeStaleWorkFiles() {
		Path work = folders.work();
		if (!Files.isDirectory(work)) {
			return;
		}
		long cutoff = System.currentTimeMillis() - 3_600_000;
		try (Stream<Path> files = Files.list(work)) {
			for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".rejects.csv")).toList()) {
				if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
					Files.deleteIfExists(p);
					log.info("work/{}: left by an interrupted intake, removed", p.getFileName());
				}
			}
		}
		catch (IOException e) {
			log.warn("cannot clean {}: {}", work, e.toString());
		}
	}

	/**
	 * Files of a kind waiting in the inbox, skipping hidden and partial uploads (.tmp,
	 * .part, .filepart).
	 */
	public List<Path> waiting(FileKind kind) {
		Path root = folders.inbox(kind.folder());
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile).filter(InboxDrainer::complete).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot list " + root, e);
		}
	}

	static boolean complete(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		// .camellock: the read-lock marker of a route taking the file (a hub instance
		// running beside this drain)
		return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part") && !name.endsWith(".filepart")
				&& !name.endsWith(".camellock");
	}

}
