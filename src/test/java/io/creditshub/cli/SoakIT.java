package io.creditshub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.creditshub.support.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the short version of the embedded database's soak (docs/embedded-database.md
 * has the long one).
 */
class SoakIT {

	@TempDir
	Path home;

	@Test
	void everyCloseAndKillKeepsWhatWasPosted() {
		assumeFalse(TestDatabase.postgres(), "the embedded database's soak");
		CliRunner.Result r = CliRunner.run(new String[0], "soak", "--cycles", "12", "--kill-trials", "2",
				"--child-every", "4", "--rows", "300", "--home", home.toString());
		assertThat(r.code()).as(r.out()).isZero();
		assertThat(r.out()).contains("0 failure(s)", "KILL", "HOT", "CONTEXT", "CHILD_SIGTERM");
	}

}
