package io.creditshub.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a reader (a carrier, a mail relay, finance, the audit) never sees
 * half of it: the content goes to a hidden temporary sibling ({@code .<name>.tmp}, which
 * the hub's own consumers never take), which is then renamed over the target in one step
 * where the file system can. The one implementation of "write atomically" in the hub.
 */
public final class AtomicFiles {

	/** What writes the content. */
	@FunctionalInterface
	public interface Body {

		void write(OutputStream out) throws IOException;

	}

	private AtomicFiles() {
	}

	/** Writes (or replaces) the target with what the body writes. */
	public static Path write(Path target, Body body) {
		try {
			Files.createDirectories(target.toAbsolutePath().getParent());
			Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
			try {
				try (OutputStream out = Files.newOutputStream(tmp)) {
					body.write(out);
				}
				try {
					return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException e) {
					return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(tmp); // a failed write leaves nothing behind
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + target, e);
		}
	}

	/** Writes (or replaces) the target with the text, in UTF-8. */
	public static Path writeString(Path target, String content) {
		return write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
	}

}
