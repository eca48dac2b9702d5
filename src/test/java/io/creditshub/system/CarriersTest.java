package io.creditshub.system;

import io.creditshub.config.CarrierProperties;
import io.creditshub.config.CreditsProperties;
import io.creditshub.carrier.Carriers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Carrier configuration: remote paths, endpoint URIs, and what is refused on start. */
class CarriersTest {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} -> {1}: {2}")
	@CsvSource({ //
			"cdr, archive/2025-03-03/cdr/acme/x.csv, ../archive/2025-03-03/cdr/acme/x.csv", //
			"in/cdr, archive/a.csv, ../../archive/a.csv", //
			"./cdr/, error/cdr/acme/x.csv, ../error/cdr/acme/x.csv", //
			"/data/cdr, /data/archive/a.csv, /data/archive/a.csv", //
			"cdr, archive/../archive/a.csv, ../archive/a.csv" })
	void theMoveTargetIsRelativeToThePolledFolderOrAbsolute(String polled, String target, String expected) {
		assertThat(Carriers.moveTarget(polled, target)).isEqualTo(expected);
	}

	@Test
	void pathsAreJoinedAndNormalized() {
		assertThat(Carriers.join("archive/", "/2025-03-03/cdr/acme/x.csv"))
			.isEqualTo("archive/2025-03-03/cdr/acme/x.csv");
		assertThat(Carriers.join("/data/error", "cdr", "", "x.csv")).isEqualTo("/data/error/cdr/x.csv");
		assertThat(Carriers.producerPath("/data/outbound/s.csv")).isEqualTo("data/outbound/s.csv");
		assertThat(Carriers.producerPath("outbound/./s.csv")).isEqualTo("outbound/s.csv");
		assertThatThrownBy(() -> Carriers.moveTarget("cdr", "../../etc/passwd"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Nested
	class Uris {

		@Test
		void aConsumerChecksTheHostKeyLocksTheFileAndMovesItByTheIntakesHeader() throws IOException {
			CarrierProperties c = carrier();
			String uri = carriers(c).consumerUri(c, Carriers.Feed.CDR);
			assertThat(uri).startsWith("sftp://sftp.acme.example:2222/cdr?username=credits-hub&")
				.contains("strictHostKeyChecking=yes", "knownHostsFile=" + dir.resolve("known_hosts"),
						"useUserKnownHostsFile=false", "move=${header.creditsRemoteMoveTo}", "readLock=changed",
						"readLockCheckInterval=30000", "readLockMinAge=30000",
						"localWorkDirectory=" + dir.resolve("home"), "inProgressRepository=#sftpLock-acme",
						"idempotent=false", "recursive=true", "throwExceptionOnConnectFailed=true",
						"pollStrategy=#sftpPollStrategy-acme", "backoffErrorThreshold=3", "backoffMultiplier=5",
						"delay=60000", "maxMessagesPerPoll=20", "greedy=true")
				.doesNotContain("password", "delete=");
		}

		@Test
		void deleteModeAndDoneFiles() throws IOException {
			CarrierProperties c = carrier();
			c.setArchiveMode(CarrierProperties.ArchiveMode.DELETE);
			c.setCompletion(CarrierProperties.Completion.DONE_FILE);
			String uri = carriers(c).consumerUri(c, Carriers.Feed.LICENSES);
			assertThat(uri).startsWith("sftp://sftp.acme.example:2222/licenses?")
				.contains("delete=true", "doneFileName=${file:name}.done", "readLock=none")
				.doesNotContain("move=");
		}

		@Test
		void nestedFoldersAndExtraOptions() throws IOException {
			CarrierProperties c = carrier();
			for (String f : List.of("cdr", "archive", "error", "outbound", "licenses")) {
				set(c, f, "data/" + f);
			}
			c.getOptions().put("serverHostKeys", "ssh-ed25519");
			Carriers carriers = carriers(c);
			assertThat(carriers.consumerUri(c, Carriers.Feed.CDR)).startsWith("sftp://sftp.acme.example:2222/data/cdr?")
				.contains("serverHostKeys=ssh-ed25519");
			assertThat(carriers.producerUri(c)).contains("tempFileName=.${file:onlyname}.part", "fileExist=Override");
		}

	}

	@Nested
	class RefusedOnStart {

		@Test
		void noCredentials() throws IOException {
			CarrierProperties c = carrier();
			c.setPassword(null);
			assertThatThrownBy(() -> carriers(c)).hasMessageContaining("private-key-file (preferred) or password");
		}

		@Test
		void noKnownHostsWhileStrict() throws IOException {
			CarrierProperties c = carrier();
			c.setKnownHostsFile(null);
			assertThatThrownBy(() -> carriers(c)).hasMessageContaining("known-hosts-file is required");
			c.setKnownHostsFile(dir.resolve("missing"));
			assertThatThrownBy(() -> carriers(c)).hasMessageContaining("is not readable");
		}

		@Test
		void absoluteFolders() throws IOException {
			// Camel's SFTP consumer would poll /upload/cdr as upload/cdr below the login
			// directory: refused, with what to write instead
			for (String f : List.of("cdr", "archive", "error", "outbound", "licenses")) {
				CarrierProperties c = carrier();
				set(c, f, "/upload/" + f);
				assertThatThrownBy(() -> carriers(c))
					.hasMessageContaining("remote folder /upload/" + f + " is absolute")
					.hasMessageContaining("relative to the carrier's login directory");
			}
		}

		@Test
		void theSameNameTwice() throws IOException {
			CarrierProperties c = carrier();
			CreditsProperties p = new CreditsProperties();
			p.setHome(dir);
			p.setCarriers(List.of(c, c));
			assertThatThrownBy(() -> new Carriers(p, new DataFolders(p))).hasMessageContaining("used twice");
		}

		@Test
		void aReadLockTimeoutShorterThanTwoChecks() throws IOException {
			CarrierProperties c = carrier();
			c.setReadLockTimeout(java.time.Duration.ofSeconds(6));
			assertThatThrownBy(() -> carriers(c)).hasMessageContaining("read-lock-timeout");
		}

	}

	@Test
	void thePasswordComesFromASecretFile() throws IOException {
		CarrierProperties c = carrier();
		c.setPassword(null);
		c.setPasswordFile(Files.writeString(dir.resolve("secret"), "  s3cret \n"));
		assertThat(carriers(c).password(c)).contains("s3cret");
	}

	private CarrierProperties carrier() throws IOException {
		CarrierProperties c = new CarrierProperties();
		c.setName("acme");
		c.setHost("sftp.acme.example");
		c.setPort(2222);
		c.setUser("credits-hub");
		c.setPassword("pw");
		Path knownHosts = dir.resolve("known_hosts");
		if (!Files.exists(knownHosts)) {
			Files.writeString(knownHosts, "[sftp.acme.example]:2222 ssh-ed25519 AAAA\n");
		}
		c.setKnownHostsFile(knownHosts);
		return c;
	}

	private Carriers carriers(CarrierProperties c) {
		CreditsProperties p = new CreditsProperties();
		p.setHome(dir.resolve("home"));
		p.setCarriers(List.of(c));
		return new Carriers(p, new DataFolders(p));
	}

	private static void set(CarrierProperties c, String folder, String value) {
		switch (folder) {
			case "cdr" -> c.setCdrFolder(value);
			case "archive" -> c.setArchiveFolder(value);
			case "error" -> c.setErrorFolder(value);
			case "outbound" -> c.setOutboundFolder(value);
			default -> c.setLicensesFolder(value);
		}
	}

}
