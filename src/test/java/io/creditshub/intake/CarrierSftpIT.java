package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.creditshub.support.EmbeddedSftpServer;
import io.creditshub.cli.Launcher;
import io.creditshub.support.HubIntegrationTest;
import io.creditshub.support.TestDatabase;
import io.creditshub.carrier.CarrierConnectionState;
import io.creditshub.carrier.CarrierConnectionState.Problem;
import io.creditshub.carrier.CarrierConnectionState.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 6: CDR and license files fetched from a carrier's SFTP server (a real one, Apache
 * MINA SSHD, embedded), through the live Camel routes of routes/intake-*-sftp.camel.yaml:
 * posted and archived on the server, taken only once complete, posted once when uploaded
 * twice, nothing lost when the server goes down mid-transfer, a wrong host key refused,
 * and the suspension file delivered under a temporary name.
 *
 * <p>
 * Three carriers are configured: {@code acme-telecom} (key-based login, the right
 * known_hosts), and two that must never connect: {@code changed-key} (known_hosts lists
 * another key for the server) and {@code unknown-host} (known_hosts does not list the
 * server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CarrierSftpIT extends HubIntegrationTest {

	static final EmbeddedSftpServer SERVER = new EmbeddedSftpServer();

	static final String CARRIER = "acme-telecom";

	static Path carrierHome;

	static Path malloryHome;

	static Path quickHome;

	/** The first two carriers as command-line arguments (the carriers command). */
	static final List<String> CARRIER_ARGS = new ArrayList<>();

	@Autowired
	CamelContext camel;

	@Autowired
	CarrierConnectionState connections;

	final ListAppender<ILoggingEvent> stateLog = new ListAppender<>();

	final String today = LocalDate.now(ZoneOffset.UTC).toString();

	@DynamicPropertySource
	static void carriers(DynamicPropertyRegistry registry) {
		Path key = SERVER.userWithKey("carrier");
		malloryHome = SERVER.userWithPassword("mallory", "s3cret");
		quickHome = SERVER.userWithPassword("quick", "qu1ck");
		carrierHome = SERVER.home("carrier");
		SERVER.start();
		Path passwordFile;
		try {
			passwordFile = Files.writeString(Files.createTempFile("carrier-password", ".txt"), "s3cret\n");
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		carrier(registry, 0, CARRIER, "carrier");
		registry.add("credits.carriers[0].private-key-file", key::toString);
		registry.add("credits.carriers[0].known-hosts-file", () -> SERVER.knownHosts().toString());
		CARRIER_ARGS.add("--credits.carriers[0].private-key-file=" + key);
		CARRIER_ARGS.add("--credits.carriers[0].known-hosts-file=" + SERVER.knownHosts());

		carrier(registry, 1, "changed-key", "mallory");
		registry.add("credits.carriers[1].password", () -> "s3cret");
		Path otherKey = SERVER.knownHostsWithAnotherKey();
		registry.add("credits.carriers[1].known-hosts-file", otherKey::toString);
		CARRIER_ARGS.add("--credits.carriers[1].password=s3cret");
		CARRIER_ARGS.add("--credits.carriers[1].known-hosts-file=" + otherKey);
		registry.add("credits.carriers[1].licenses-folder", () -> "");
		registry.add("credits.carriers[1].outbound-folder", () -> "");

		List<String> firstTwo = List.copyOf(CARRIER_ARGS);
		carrier(registry, 2, "unknown-host", "mallory");
		registry.add("credits.carriers[2].password-file", passwordFile::toString);
		registry.add("credits.carriers[2].known-hosts-file", () -> SERVER.knownHostsWithoutThisServer().toString());
		registry.add("credits.carriers[2].licenses-folder", () -> "");
		registry.add("credits.carriers[2].outbound-folder", () -> "");

		// archive-mode delete, done files, folders of their own: a file is taken once
		// <name>.done exists, and deleted once posted
		carrier(registry, 3, "quick", "quick");
		registry.add("credits.carriers[3].password", () -> "qu1ck");
		registry.add("credits.carriers[3].known-hosts-file", () -> SERVER.knownHosts().toString());
		registry.add("credits.carriers[3].archive-mode", () -> "delete");
		registry.add("credits.carriers[3].completion", () -> "done-file");
		registry.add("credits.carriers[3].licenses-folder", () -> "");
		registry.add("credits.carriers[3].outbound-folder", () -> "");
		// nested remote folders
		registry.add("credits.carriers[3].cdr-folder", () -> "quick/cdr");
		registry.add("credits.carriers[3].archive-folder", () -> "quick/archive");
		registry.add("credits.carriers[3].error-folder", () -> "quick/error");

		CARRIER_ARGS.clear();
		CARRIER_ARGS.addAll(firstTwo);

		registry
			.add("credits.carrier-outbox.uri", () -> "file:${credits.home}/outbox/carrier?move=sent&readLock=changed"
					+ "&readLockCheckInterval=200&readLockMinAge=300&inProgressRepository=#fileLockRepository&delay=200");
	}

	/** Short delays for the test; the production defaults are in application.yaml. */
	static void carrier(DynamicPropertyRegistry registry, int i, String name, String user) {
		String p = "credits.carriers[" + i + "].";
		CARRIER_ARGS.add("--" + p + "name=" + name);
		CARRIER_ARGS.add("--" + p + "host=127.0.0.1");
		CARRIER_ARGS.add("--" + p + "port=" + SERVER.port());
		CARRIER_ARGS.add("--" + p + "user=" + user);
		registry.add(p + "name", () -> name);
		registry.add(p + "host", () -> "127.0.0.1");
		registry.add(p + "port", SERVER::port);
		registry.add(p + "user", () -> user);
		registry.add(p + "poll-delay", () -> "300ms");
		registry.add(p + "read-lock-check-interval", () -> "1500ms");
		registry.add(p + "read-lock-timeout", () -> "20s");
		registry.add(p + "connect-timeout", () -> "5s");
		registry.add(p + "read-timeout", () -> "10s");
		registry.add(p + "connect-attempts", () -> "1");
		registry.add(p + "reconnect-delay", () -> "100ms");
		registry.add(p + "backoff-error-threshold", () -> "2");
		registry.add(p + "backoff-multiplier", () -> "2");
	}

	@BeforeAll
	void referenceDataThenStartTheRoutes() throws Exception {
		loadReferenceData();
		drop("accounts/carrier-orgs.csv", """
				Organization Id,Name,Currency,Country
				lic-co,Licensed Co,USD,US
				slow-co,Slow Upload Co,USD,US
				dup-co,Twice Uploaded Co,USD,US
				outage-co,Outage Co,USD,US
				guarded-co,Guarded Co,USD,US
				quick-co,Quick Co,USD,US
				""");
		drop("funds/carrier-funds.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				lic-co,10.00,USD,2025-01-15T00:00:00Z,L-1
				slow-co,10.00,USD,2025-01-15T00:00:00Z,S-1
				dup-co,10.00,USD,2025-01-15T00:00:00Z,D-1
				outage-co,100.00,USD,2025-01-15T00:00:00Z,O-1
				guarded-co,10.00,USD,2025-01-15T00:00:00Z,G-1
				quick-co,10.00,USD,2025-01-15T00:00:00Z,Q-1
				""");
		assertThat(drain()).allMatch(o -> o.status() == IntakeOutcome.Status.POSTED);
		assertThat(camel.getRoutes()).extracting(r -> r.getRouteId())
			.contains("intake-cdr-sftp-acme-telecom", "intake-licenses-sftp-acme-telecom",
					"intake-cdr-sftp-changed-key", "intake-cdr-sftp-unknown-host", "outbox-carrier-sftp")
			.doesNotContain("intake-licenses-sftp-changed-key");
		assertThat(camel.getRoutes()).filteredOn(r -> !r.getEndpoint().getEndpointUri().startsWith("direct:"))
			.allSatisfy(r -> assertThat(r.getConfigurationId()).isEqualTo("hub-errors"));
		Logger logger = (Logger) LoggerFactory.getLogger(CarrierConnectionState.class);
		stateLog.start();
		logger.addAppender(stateLog);
		// like "run": the routes start after the first drain of the inbox
		camel.getRouteController().startAllRoutes();
	}

	@AfterAll
	void stopServer() {
		((Logger) LoggerFactory.getLogger(CarrierConnectionState.class)).detachAppender(stateLog);
		SERVER.close();
	}

	@Test
	void aLicenseFileAndACdrFileArePostedThenArchivedOnTheServer() throws IOException {
		upload(carrierHome, "licenses/lic-co/users-2025-03-01.csv",
				"""
						User principal name,Display name,Object Id,Usage location,Licenses
						user@lic-co.example,A User,00000000-0000-0000-0000-000000000001,US,Communications Credits+Microsoft Teams Audio Conferencing
						other@lic-co.example,Other User,00000000-0000-0000-0000-000000000002,US,Microsoft Teams Phone Standard
						""");
		String licenseArchived = "archive/" + today + "/licenses/lic-co/users-2025-03-01.csv";
		await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.files("carrier").contains(licenseArchived));
		assertThat(count("SELECT COUNT(*) FROM license_assignment WHERE org_id = 'lic-co'")).isEqualTo(2);

		String cdr = teamsExport("l-1,user_out,+12065550100,2025-03-03T08:00:00Z,121", // 3
																						// min
																						// *
																						// 0.06
																						// =
																						// 0.18
				"l-2,user_out,+442079460000,2025-03-03T08:05:00Z,30", // 30 s * 0.12/60 =
																		// 0.06
				"l-3,user_out,+999,2025-03-03T08:10:00Z,60"); // no rate: rejected
		upload(carrierHome, "cdr/lic-co/PSTN.calls.2025-03-03.csv", cdr);
		String cdrArchived = "archive/" + today + "/cdr/lic-co/PSTN.calls.2025-03-03.csv";
		await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.files("carrier").contains(cdrArchived));

		// posted: paid from credits (the user holds Communications Credits + Audio
		// Conferencing)
		assertThat(balance("lic-co")).isEqualByComparingTo("9.76");
		assertThat(ledgerSum("lic-co")).isEqualByComparingTo(lotsSum("lic-co"));
		assertThat(jdbc
			.sql("SELECT usage_id FROM ledger_view WHERE org_id = 'lic-co' AND usage_id IS NOT NULL ORDER BY usage_id")
			.query(String.class)
			.list()).containsExactly("l-1", "l-2");
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'lic-co' AND funding = 'CREDITS'"))
			.isEqualTo(2);

		// what the carrier sees: its drop folders empty, the files in the archive, the
		// rejected row beside its file
		assertThat(SERVER.files("carrier"))
			.noneMatch(f -> f.startsWith("cdr/lic-co/") || f.startsWith("licenses/lic-co/"));
		assertThat(carrierHome.resolve(cdrArchived)).hasContent(cdr);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Files.exists(carrierHome.resolve(cdrArchived + ".rejects.csv")));
		assertThat(Files.readString(carrierHome.resolve(cdrArchived + ".rejects.csv"))).contains("l-3");
		// and the hub keeps its own copy
		assertThat(folders.archive().resolve(today).resolve("cdr/lic-co/PSTN.calls.2025-03-03.csv")).exists();
		assertThat(Files.list(folders.work().resolve("sftp/acme-telecom/cdr/lic-co"))).isEmpty();
	}

	@Test
	void aFileRefusedWholeGoesToTheErrorFolderWithItsReason() throws IOException {
		String file = teamsExport("x-1,user_out,+12065550100,2025-03-03T08:00:00Z,60");
		upload(carrierHome, "cdr/no-such-org/PSTN.calls.2025-03-03.csv", file);
		upload(carrierHome, "cdr/PSTN.calls.no-folder.csv", file);
		String refused = "error/cdr/no-such-org/PSTN.calls.2025-03-03.csv";
		await().atMost(Duration.ofSeconds(30))
			.until(() -> SERVER.files("carrier")
				.containsAll(
						List.of(refused, refused + ".reason.txt", "error/cdr/PSTN.calls.no-folder.csv.reason.txt")));
		assertThat(carrierHome.resolve(refused)).hasContent(file);
		assertThat(Files.readString(carrierHome.resolve(refused + ".reason.txt")))
			.contains("reason: unknown organization 'no-such-org'");
		assertThat(Files.readString(carrierHome.resolve("error/cdr/PSTN.calls.no-folder.csv.reason.txt")))
			.contains("no organization folder");
		assertThat(SERVER.files("carrier"))
			.noneMatch(f -> f.startsWith("cdr/no-such-org/") || f.equals("cdr/PSTN.calls.no-folder.csv"));
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE status = 'ERROR' AND org_id = ''"))
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void withDoneFilesAFileIsTakenOnceItsDoneFileExistsAndDeletedOncePosted() throws IOException {
		String file = teamsExport("q-1,user_out,+12065550100,2025-03-03T08:00:00Z,60");
		upload(quickHome, "quick/cdr/quick-co/PSTN.calls.2025-03-03.csv", file);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'quick-co'") == 0);
		upload(quickHome, "quick/cdr/quick-co/PSTN.calls.2025-03-03.csv.done", "");
		await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.files("quick").isEmpty());
		assertThat(balance("quick-co")).isEqualByComparingTo("9.94");
		// deleted on the server, kept by the hub
		assertThat(folders.archive().resolve(today).resolve("cdr/quick-co/PSTN.calls.2025-03-03.csv")).hasContent(file);

		// a refused file is not deleted: a copy goes to the error folder, with the reason
		upload(quickHome, "quick/cdr/nobody/PSTN.calls.csv", file);
		upload(quickHome, "quick/cdr/nobody/PSTN.calls.csv.done", "");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> SERVER.files("quick")
				.equals(List.of("quick/error/cdr/nobody/PSTN.calls.csv",
						"quick/error/cdr/nobody/PSTN.calls.csv.reason.txt")));
	}

	@Test
	void aFileUploadedSlowlyInChunksIsTakenOnlyOnceComplete() throws Exception {
		List<String> calls = new ArrayList<>();
		for (int i = 1; i <= 40; i++) {
			calls.add("s-" + i + ",user_out,+12065550100," + Instant.parse("2025-03-03T09:00:00Z").plusSeconds(i * 120L)
					+ ",60");
		}
		byte[] content = teamsExport(calls.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
		Path target = carrierHome.resolve("cdr/slow-co/PSTN.calls.slow.csv");
		Files.createDirectories(target.getParent());
		int chunk = content.length / 25 + 1;
		for (int offset = 0; offset < content.length; offset += chunk) {
			// chunks end mid-row: a file taken early would be cut in the middle of a call
			Files.write(target, java.util.Arrays.copyOfRange(content, offset, Math.min(content.length, offset + chunk)),
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			Thread.sleep(60); // far below the 1.5 s a file must stay unchanged
			assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'slow-co'")).as("taken before complete")
				.isZero();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'slow-co'") > 0);
		var row = jdbc
			.sql("SELECT status, rows_read, rows_posted, rows_rejected FROM ingest_file WHERE org_id = 'slow-co'")
			.query()
			.singleRow();
		assertThat(row).containsEntry("status", "POSTED")
			.containsEntry("rows_read", 40)
			.containsEntry("rows_posted", 40)
			.containsEntry("rows_rejected", 0);
		// 40 one-minute calls * 0.06
		assertThat(balance("slow-co")).isEqualByComparingTo("7.60");
	}

	@Test
	void anIdenticalFileUploadedTwicePostsOnce() throws IOException {
		String file = teamsExport("d-1,user_out,+12065550100,2025-03-04T08:00:00Z,60",
				"d-2,user_out,+442079460000,2025-03-04T08:05:00Z,60");
		upload(carrierHome, "cdr/dup-co/PSTN.calls.2025-03-04.csv", file);
		String first = "archive/" + today + "/cdr/dup-co/PSTN.calls.2025-03-04.csv";
		await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.files("carrier").contains(first));
		// 0.06 + 0.12
		assertThat(balance("dup-co")).isEqualByComparingTo("9.82");

		// the carrier uploads it again, and once more under another name
		upload(carrierHome, "cdr/dup-co/PSTN.calls.2025-03-04.csv", file);
		upload(carrierHome, "cdr/dup-co/PSTN.calls.2025-03-04 (copy).csv", file);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count(
					"SELECT COUNT(*) FROM ingest_file WHERE org_id = 'dup-co' AND status = 'DUPLICATE'") == 2);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> SERVER.files("carrier").stream().noneMatch(f -> f.startsWith("cdr/dup-co/")));
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'dup-co' AND status = 'POSTED'"))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'dup-co' AND usage_id IS NOT NULL"))
			.isEqualTo(2);
		assertThat(balance("dup-co")).isEqualByComparingTo("9.82");
		// the second copy is archived beside the first, not over it, each with a note
		// saying why nothing was posted
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(SERVER.files("carrier")).contains(first,
					"archive/" + today + "/cdr/dup-co/PSTN.calls.2025-03-04-1.csv",
					"archive/" + today + "/cdr/dup-co/PSTN.calls.2025-03-04-1.csv.duplicate.txt",
					"archive/" + today + "/cdr/dup-co/PSTN.calls.2025-03-04 (copy).csv.duplicate.txt"));
	}

	@Test
	void theServerGoingDownDuringATransferLosesNothing() throws Exception {
		List<String> calls = new ArrayList<>();
		for (int i = 1; i <= 1500; i++) {
			calls.add("o-" + i + ",user_out,+12065550100," + Instant.parse("2025-03-05T00:00:00Z").plusSeconds(i * 60L)
					+ ",60");
		}
		String big = teamsExport(calls.toArray(String[]::new));
		CountDownLatch cut = new CountDownLatch(1);
		SftpEventListener cutter = new SftpEventListener() {
			@Override
			public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
					byte[] data, int dataOffset, int dataLen) {
				if (localHandle.getFile().toString().contains("outage-co") && cut.getCount() > 0) {
					cut.countDown();
					new Thread(SERVER::stop).start(); // the server dies while the hub
														// downloads the file
					sleep(500);
				}
			}
		};
		SERVER.addListener(cutter);
		try {
			upload(carrierHome, "cdr/outage-co/PSTN.calls.big.csv", big);
			assertThat(cut.await(30, TimeUnit.SECONDS)).as("the hub started downloading").isTrue();
			// the carrier's consumers (cdr, licenses) each report what they met: a
			// download cut mid-file or a "cd" on the dying session is an SFTP error for a
			// moment, then every poll finds nothing answering (seen in CI: DOWN with
			// SFTP_ERROR read between the two)
			await().atMost(Duration.ofSeconds(20))
				.until(() -> connections.get(CARRIER).status() == Status.DOWN
						&& connections.get(CARRIER).problem() == Problem.UNREACHABLE);
		}
		catch (AssertionError | RuntimeException e) {
			if (!SERVER.isRunning()) {
				SERVER.start(); // not left down for the other tests of the class
			}
			throw e;
		}
		finally {
			SERVER.removeListener(cutter);
		}
		// nothing half-posted, the file still on the server
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'outage-co'")).isZero();
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'outage-co' AND usage_id IS NOT NULL"))
			.isZero();
		assertThat(carrierHome.resolve("cdr/outage-co/PSTN.calls.big.csv")).exists();

		SERVER.start(); // the same port and host key
		await().atMost(Duration.ofSeconds(60))
			.until(() -> SERVER.files("carrier").contains("archive/" + today + "/cdr/outage-co/PSTN.calls.big.csv"));
		await().atMost(Duration.ofSeconds(10)).until(() -> connections.get(CARRIER).status() == Status.UP);
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'outage-co' AND status = 'POSTED'"))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE org_id = 'outage-co' AND usage_id IS NOT NULL"))
			.isEqualTo(1500);
		assertThat(count("SELECT COUNT(DISTINCT usage_id) FROM ledger_view WHERE org_id = 'outage-co'"))
			.isEqualTo(1500);
		// 1500 one-minute calls * 0.06 = 90.00
		assertThat(balance("outage-co")).isEqualByComparingTo("10.00");
		assertThat(ledgerSum("outage-co")).isEqualByComparingTo(lotsSum("outage-co"));
	}

	@Test
	void aWrongHostKeyIsRefusedAndNothingIsFetched() throws IOException {
		upload(malloryHome, "cdr/guarded-co/PSTN.calls.2025-03-06.csv",
				teamsExport("g-1,user_out,+12065550100,2025-03-06T08:00:00Z,60"));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(connections.get("changed-key").status()).isEqualTo(Status.DOWN);
			assertThat(connections.get("changed-key").problem()).isEqualTo(Problem.HOST_KEY_CHANGED);
			assertThat(connections.get("unknown-host").status()).isEqualTo(Status.DOWN);
			assertThat(connections.get("unknown-host").problem()).isEqualTo(Problem.HOST_KEY_UNKNOWN);
		});
		assertThat(connections.allUp()).isFalse();
		List<String> errors = stateLog.list.stream()
			.filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(errors).anySatisfy(m -> assertThat(m).startsWith("carrier changed-key: DOWN: HOST KEY CHANGED")
			.contains("[127.0.0.1]:" + SERVER.port())
			.contains("connection REFUSED"));
		assertThat(errors).anySatisfy(m -> assertThat(m).startsWith("carrier unknown-host: DOWN: HOST KEY UNKNOWN")
			.contains("connection REFUSED"));
		// never logged in: the file is where the carrier put it, nothing posted
		assertThat(malloryHome.resolve("cdr/guarded-co/PSTN.calls.2025-03-06.csv")).exists();
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE org_id = 'guarded-co'")).isZero();
		assertThat(balance("guarded-co")).isEqualByComparingTo("10.00");
	}

	@Test
	void theSuspensionFileIsUploadedUnderATemporaryNameThenMovedToSent() throws Exception {
		List<String> renames = new CopyOnWriteArrayList<>();
		SftpEventListener watcher = new SftpEventListener() {
			@Override
			public void moved(ServerSession session, Path srcPath, Path dstPath,
					java.util.Collection<java.nio.file.CopyOption> opts, Throwable thrown) {
				renames.add(srcPath.getFileName() + " > " + dstPath.getFileName());
			}
		};
		SERVER.addListener(watcher);
		try {
			String content = "Organization Id,Status,Since\r\ndup-co,SUSPENDED,2025-03-03T10:15:00Z\r\n";
			Path outbox = Files.createDirectories(folders.outbox().resolve("carrier"));
			Path tmp = Files.writeString(outbox.resolve("suspended-20250303T101500Z.csv.tmp"), content);
			Files.move(tmp, outbox.resolve("suspended-20250303T101500Z.csv"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Files.exists(outbox.resolve("sent/suspended-20250303T101500Z.csv")));
			assertThat(carrierHome.resolve("outbound/suspended-20250303T101500Z.csv")).hasContent(content);
			assertThat(outbox.resolve("suspended-20250303T101500Z.csv")).doesNotExist();
			assertThat(renames).contains(".suspended-20250303T101500Z.csv.part > suspended-20250303T101500Z.csv");
			// the carriers without an outbound folder get nothing
			assertThat(SERVER.files("mallory")).noneMatch(f -> f.startsWith("outbound/"));
		}
		finally {
			SERVER.removeListener(watcher);
		}
	}

	@Test
	void theCarriersCommandConnectsToEachCarrierAndShowsItsState() throws IOException {
		List<String> args = new ArrayList<>(List.of(TestDatabase.arguments(Files.createTempDirectory("carriers-cli"))));
		args.addAll(CARRIER_ARGS);
		args.add("carriers");
		args.add("--check");
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int code = Launcher.execute(args.toArray(String[]::new),
				new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err);
		String printed = out.toString(StandardCharsets.UTF_8);
		assertThat(code).as(printed).isEqualTo(Launcher.FAILED);
		assertThat(printed).contains("acme-telecom", "carrier@127.0.0.1:" + SERVER.port(), "key", "strict, ")
			.containsPattern("acme-telecom +UP +host key ecdsa-sha2-nistp256 SHA256:")
			.containsPattern("files waiting: \\{cdr=\\d+, licenses=\\d+\\}")
			.containsPattern("changed-key +DOWN +HOST KEY CHANGED");
	}

	/**
	 * The carrier puts a file on its server (written in place, as an SFTP upload does).
	 */
	static void upload(Path home, String relative, String content) throws IOException {
		Path target = home.resolve(relative);
		Files.createDirectories(target.getParent());
		Files.writeString(target, content, StandardCharsets.UTF_8);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
