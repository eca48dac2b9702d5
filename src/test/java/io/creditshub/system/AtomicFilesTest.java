package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@TempDir
	Path dir;

	@Test
	void writesAndReplacesWithoutLeavingTheTemporaryFile() throws IOException {
		Path target = dir.resolve("a/b/file.csv");
		AtomicFiles.writeString(target, "one\n");
		AtomicFiles.writeString(target, "two\n");
		assertThat(target).hasContent("two");
		try (var files = Files.list(target.getParent())) {
			assertThat(files).containsExactly(target);
		}
	}

	@Test
	void aFailedWriteLeavesTheOldContent() throws IOException {
		Path target = AtomicFiles.writeString(dir.resolve("file.csv"), "old\n");
		assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
			out.write("half".getBytes());
			throw new IOException("disk full");
		})).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write");
		assertThat(target).hasContent("old");
		try (var files = Files.list(dir)) {
			assertThat(files).containsExactly(target);
		}
	}

}
