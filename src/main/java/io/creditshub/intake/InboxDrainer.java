package io.creditshub.intake;

import io.creditshub.system.DataFolders;
import io.creditshub.system.FileLockRepository;
import io.creditshub.system.Faults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Processes everything waiting in the inbox once, in dependency order: rate tables, accounts, funds, then
 * CDRs (each kind by file name). Used by {@code run --once} and before the routes start in {@code run}.
 */
@Service
public class InboxDrainer {

	private static final Logger log = LoggerFactory.getLogger(InboxDrainer.class);

	private final DataFolders folders;

	private final IntakeService intake;

	private final FileLockRepository locks;

	private final Faults faults;

	public InboxDrainer(DataFolders folders, IntakeService intake, FileLockRepository locks, Faults faults) {
		this.folders = folders;
		this.intake = intake;
		this.locks = locks;
		this.faults = faults;
	}

	public List<IntakeOutcome> drain() {
		removeStaleWorkFiles();
		List<IntakeOutcome> outcomes = new ArrayList<>();
		for (FileKind kind : FileKind.values()) {
			for (Path file : waiting(kind)) {
				// the routes' in-progress lock: another hub instance working on the same inbox skips this file, and
				// this one skips a file another instance is working on (issue 17, item 7)
				String key = file.toAbsolutePath().normalize().toString();
				if (!locks.add(key)) {
					log.info("{} {}: skipped, another hub instance is working on it (or the database is unavailable)",
							kind.folder(), file.getFileName());
					continue;
				}
				try {
					if (!Files.exists(file)) {
						log.info("{} {}: already taken by another hub instance", kind.folder(), file.getFileName());
						continue;
					}
					outcomes.add(intake.process(file, kind));
				}
				catch (RuntimeException e) {
					// nothing was committed (one transaction per file): leave the file for the next run. One line,
					// naming the file and the root cause (Faults); a file another instance took is not an error.
					Faults.Cause cause = faults.failed(kind.folder(), file.toString(), e);
					if (cause != Faults.Cause.TAKEN && cause != Faults.Cause.INCOMPLETE) {
						outcomes.add(new IntakeOutcome(kind, "", file.getFileName().toString(),
								IntakeOutcome.Status.FAILED, 0, 0, 0, faults.describeHere(e), file, 0));
					}
				}
				finally {
					locks.remove(key);
				}
			}
		}
		return outcomes;
	}

	/**
	 * Rejects files an interrupted intake left in work/ (killed before its commit: nothing of it was posted, the file
	 * is still in the inbox and is done again). Only files untouched for an hour, so that another hub instance's file in
	 * progress is never taken from it.
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

	/** Files of a kind waiting in the inbox, skipping hidden and partial uploads (.tmp, .part, .filepart). */
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
		// .camellock: the read-lock marker of a route taking the file (a hub instance running beside this drain)
		return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part")
				&& !name.endsWith(".filepart") && !name.endsWith(".camellock");
	}

}
