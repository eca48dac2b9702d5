package io.creditshub.intake;

import io.creditshub.system.DataFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Processes everything waiting in the inbox once, in dependency order: rate tables, accounts, funds, then
 * CDRs (each kind by file name). Used by {@code run --once} and before the routes start in {@code run}.
 */
@Service
public class InboxDrainer {

	private final DataFolders folders;

	private final IntakeService intake;

	public InboxDrainer(DataFolders folders, IntakeService intake) {
		this.folders = folders;
		this.intake = intake;
	}

	public List<IntakeOutcome> drain() {
		List<IntakeOutcome> outcomes = new ArrayList<>();
		for (FileKind kind : FileKind.values()) {
			for (Path file : waiting(kind)) {
				outcomes.add(intake.process(file, kind));
			}
		}
		return outcomes;
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
		return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part")
				&& !name.endsWith(".filepart");
	}

}
