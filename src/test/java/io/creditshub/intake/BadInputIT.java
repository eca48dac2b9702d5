package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Malformed intake files and rows: each is refused (whole file, to {@code error/} with a
 * {@code .reason.txt}) or rejected (one row, listed in {@code <file>.rejects.csv} beside
 * the archived file) with its reason; none crashes the hub and no good row is lost.
 *
 * <p>
 * One hub for the whole class: {@link #setUp()} loads the reference data, drops every
 * input below into the inbox at once and drains it once; each test then checks what
 * became of one input. Tests are named {@code file*} (whole file refused), {@code row*}
 * (CDR row rejected), {@code funds*}, {@code accounts*}, {@code rates*} and
 * {@code good*}; {@link #booksBalanceForEveryOrganization()} checks the money at the end.
 *
 * <p>
 * Inputs covered (40; plus two @Disabled known-bug cases at the end): file level: empty,
 * blank lines only, PNG bytes, ZIP bytes, Latin-1 (small), Latin-1 after 150 KB of good
 * rows, missing "Duration Seconds", 1 MB single header line, duplicate header name,
 * unknown organization folder, no organization folder, invalid organization folder name,
 * unclosed quote, rate file with one bad row, rate file whose only row has a negative
 * rate. CDR rows: negative duration, non-numeric duration, End before Start, unparseable
 * timestamp, unknown Call Type, empty UsageId, duration longer than End - Start, outbound
 * call without Destination Number, no matching rate, too few fields, too many fields,
 * UsageId twice in one file, UsageId over 100 characters, UsageId already recorded from
 * an earlier file, 1 MB display name (rejected: issue 17), 1 MB Destination Number, 1 MB
 * UsageId. Funds rows: negative amount, wrong currency, unknown organization, order
 * reference already added, too many decimals. Accounts rows: invalid currency, invalid
 * country, bad email.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends HubIntegrationTest {

	/**
	 * A small batch size makes the CDR loader flush (insert) several batches before a
	 * late file-level failure, so the roll-back of rows already inserted is exercised
	 * (latin1-late.csv). A property source of its own also gives this class a Spring
	 * context of its own, whatever the context cache holds.
	 */
	@DynamicPropertySource
	static void ownHub(DynamicPropertyRegistry registry) {
		registry.add("credits.intake.batch-size", () -> "50");
	}

	private static final String[] COLUMNS = { "UsageId", "Call ID", "Conference ID", "User Location", "AAD ObjectId",
			"UPN", "User Display Name", "Caller ID", "Call Type", "Number Type", "Domestic/International",
			"Destination Dialed", "Destination Number", "Start Time", "End Time", "Duration Seconds", "Connection Fee",
			"Charge", "Currency", "Capability" };

	private static final String HEADER = String.join(",", COLUMNS);

	private static final String RATES_HEADER = "Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,"
			+ "First Increment,Next Increment,Effective From";

	private static final int MB = 1 << 20;

	/**
	 * What became of each dropped file, by its inbox path (e.g. "cdr/acme/empty.csv").
	 */
	private final Map<String, IntakeOutcome> outcomes = new HashMap<>();

	// ------------------------------------------------------------------------------------------------
	// inputs

	/**
	 * The main CDR file: good rows between bad ones; line numbers are asserted in the
	 * tests.
	 */
	private static final String MIXED = "cdr/acme/PSTN.calls.2025-03-03.csv";

	private static final String LONG_ID = "L".repeat(101);

	private static String mixedFile() {
		return HEADER + "\n" + String.join("\n",
				/* 2 */ ok("m-good-1", "user_out", "+12125550101", "2025-03-03T08:00:00.0000000Z", 61),
				/* 3 */ call("m-neg", "user_out", "+12125550101", "2025-03-03T08:01:00Z", "2025-03-03T08:02:00Z", "-5"),
				/* 4 */ call("m-12s", "user_out", "+12125550101", "2025-03-03T08:02:00Z", "2025-03-03T08:03:00Z",
						"12s"),
				/* 5 */ call("m-backwards", "user_out", "+12125550101", "2025-03-03T08:04:00Z", "2025-03-03T08:03:00Z",
						"10"),
				/* 6 */ call("m-us-date", "user_out", "+12125550101", "03/03/2025 08:14", "2025-03-03T08:15:00Z", "10"),
				/* 7 */ call("m-calltype", "user_sideways", "+12125550101", "2025-03-03T08:05:00Z",
						"2025-03-03T08:06:00Z", "10"),
				/* 8 */ call("", "user_out", "+12125550101", "2025-03-03T08:06:00Z", "2025-03-03T08:07:00Z", "10"),
				/* 9 */ ok("m-good-2", "user_out", "+442079460001", "2025-03-03T08:10:00Z", 75),
				/* 10 */ call("m-overlong", "user_out", "+12125550101", "2025-03-03T08:20:00Z", "2025-03-03T08:21:00Z",
						"600"),
				/* 11 */ call("m-nonumber", "user_out", "", "2025-03-03T08:22:00Z", "2025-03-03T08:23:00Z", "10"),
				/* 12 */ ok("m-norate", "user_out", "+99912345678", "2025-03-03T08:24:00Z", 30),
				/* 13 */ "m-short,call-m-short,,US,,,A User,,user_out",
				/* 14 */ ok("m-long", "user_out", "+12125550101", "2025-03-03T08:25:00Z", 30) + ",extra",
				/* 15 */ ok("m-good-1", "user_out", "+12125550101", "2025-03-03T09:00:00Z", 300),
				/* 16 */ ok(LONG_ID, "user_out", "+12125550101", "2025-03-03T08:26:00Z", 30),
				/* 17 */ ok("m-good-3", "user_in", "+14255550100", "2025-03-03T08:30:00Z", 120)) + "\n";
	}

	/**
	 * A good file using BOM, CRLF and RFC 4180 quoting (commas, escaped quotes, a line
	 * break in a field).
	 */
	private static final String BOM_FILE = "cdr/acme/bom-crlf-quoted.csv";

	private static String bomFile() {
		return "\uFEFF" + HEADER + "\r\n"
				+ call("b-good-1", "user_out", "+12125550103", "2025-03-04T10:00:00Z", "2025-03-04T10:01:00Z", "59",
						"\"Smith, John\"")
				+ "\r\n"
				+ call("b-good-2", "user_out", "+442079460002", "2025-03-04T10:05:00Z", "2025-03-04T10:05:12Z", "10",
						"\"Line one\r\nLine two\"")
				+ "\r\n" + call("b-good-3", "user_in", "+14255550100", "2025-03-04T10:10:00Z", "2025-03-04T10:11:00Z",
						"40", "\"He said \"\"hi\"\"\"")
				+ "\r\n";
	}

	/**
	 * Rows spanning several physical lines (and a blank line): rejects name the line a
	 * row starts on.
	 */
	private static final String MULTILINE = "cdr/acme/multiline-lines.csv";

	private static String multilineFile() {
		return HEADER + "\n"
		/* 2-4 */ + call("ml-good-1", "user_out", "+442079460003", "2025-03-05T10:00:00Z", "2025-03-05T10:00:31Z", "30",
				"\"Ann\nB\nC\"") + "\n"
		/* 5 */ + call("ml-bad-1", "voicemail", "+12125550104", "2025-03-05T10:01:00Z", "2025-03-05T10:02:00Z", "10")
				+ "\n"
				/* 6 */ + "\n"
				/* 7 */ + ok("ml-good-2", "user_out", "+12125550104", "2025-03-05T10:05:00Z", 121) + "\n"
				/* 8-9 */ + call("ml-bad-2", "user_out", "+12125550104", "2025-03-05T10:10:00Z", "2025-03-05T10:11:00Z",
						"-1", "\"X\nY\"")
				+ "\n"
				/* 10 */ + ok("ml-bad-3", "user_out", "+99955501", "2025-03-05T10:12:00Z", 30) + "\n";
	}

	/**
	 * 1 MB fields: a display name (kept, cut to the column) and a number and a UsageId
	 * (rejected).
	 */
	private static final String HUGE_FIELD = "cdr/acme/huge-field.csv";

	private static String hugeFieldFile() {
		return HEADER + "\n"
		/* 2 */ + call("h-good-1", "user_out", "+12125550102", "2025-03-06T10:00:00Z", "2025-03-06T10:00:31Z", "30",
				"N".repeat(MB)) + "\n"
		/* 3 */ + ok("h-bad-number", "user_out", "+1" + "5".repeat(MB), "2025-03-06T10:01:00Z", 30) + "\n"
		/* 4 */ + ok("U".repeat(MB), "user_out", "+12125550102", "2025-03-06T10:02:00Z", 30) + "\n";
	}

	/**
	 * After the refused rate files: still rated at the first version (0.06/min, not
	 * 0.50).
	 */
	private static final String AFTER_REFUSED_RATES = "cdr/acme/after-refused-rates.csv";

	/**
	 * Processed last (name order): a UsageId of an earlier file, and a toll-free inbound
	 * call.
	 */
	private static final String LATER = "cdr/acme/z-later.csv";

	private static final String UNCLOSED = "cdr/acme/unclosed-quote.csv";

	private static final String LATIN1_LATE = "cdr/acme/latin1-late.csv";

	private static final int LATIN1_LATE_GOOD_ROWS = 800;

	private static final String RATES_BAD_ROW = "rates/rates-2025-03-bad-row.csv";

	private static final String RATES_NEGATIVE = "rates/rates-2025-04-negative.csv";

	private static final String FUNDS = "funds/funds-2025-02.csv";

	private static final String ACCOUNTS = "accounts/accounts-2025-02.csv";

	@BeforeAll
	void setUp() {
		loadReferenceData();
		assertThat(balance("acme")).isEqualByComparingTo("10.00");

		// --- whole-file refusals
		drop("cdr/acme/empty.csv", new byte[0]);
		drop("cdr/acme/blank-lines.csv", "\n\n   \r\n\t\n");
		drop("cdr/acme/export.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I',
				'H', 'D', 'R', 0, 0, 0, 1 });
		drop("cdr/acme/export.zip",
				new byte[] { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 'P', 'S', 'T', 'N', '.', 'c', 's', 'v' });
		// a file that mixes encodings (UTF-8 'Zoë' on line 2, a Latin-1 'ü' on line 3):
		// broken text, refused whole
		// (a file all in Windows-1252 / Latin-1 is read as such since issue 12:
		// CsvEncodingTest, LicenseTimeIT)
		drop("cdr/acme/latin1.csv", concat(
				(HEADER + "\n"
						+ call("l1-utf8", "user_out", "+12125550105", "2025-03-07T09:00:00Z", "2025-03-07T09:01:00Z",
								"30", "Zoë")
						+ "\n")
					.getBytes(StandardCharsets.UTF_8),
				(call("l1-row", "user_out", "+12125550105", "2025-03-07T10:00:00Z", "2025-03-07T10:01:00Z", "30",
						"Müller") + "\n")
					.getBytes(StandardCharsets.ISO_8859_1)));
		StringBuilder late = new StringBuilder(HEADER).append('\n');
		late.append(call("ll-utf8", "user_out", "+12125550106", "2025-03-07T10:00:00Z", "2025-03-07T10:01:00Z", "30",
				"Zoë"))
			.append('\n');
		for (int i = 0; i < LATIN1_LATE_GOOD_ROWS; i++) {
			late.append(ok("ll-" + i, "user_out", "+12125550106", "2025-03-07T11:00:00Z", 30)).append('\n');
		}
		late.append(call("ll-bad", "user_out", "+12125550106", "2025-03-07T12:00:00Z", "2025-03-07T12:01:00Z", "30",
				"Müller"))
			.append('\n');
		int utf8End = late.indexOf("Zoë") + 3;
		drop(LATIN1_LATE, concat(late.substring(0, utf8End).getBytes(StandardCharsets.UTF_8),
				late.substring(utf8End).getBytes(StandardCharsets.ISO_8859_1)));
		drop("cdr/acme/no-duration.csv", HEADER.replace(",Duration Seconds", "") + "\n"
				+ "nd-1,call-nd-1,,US,,,A User,,user_out,user,Domestic,,+12125550101,2025-03-07T10:00:00Z,2025-03-07T10:01:00Z,0,,USD,MCOPSTNPP\n");
		drop("cdr/acme/one-huge-line.csv", "x".repeat(MB));
		drop("cdr/acme/dup-header.csv", "UsageId," + HEADER + "\n" + "dh-1,"
				+ ok("dh-1", "user_out", "+12125550101", "2025-03-07T10:00:00Z", 30) + "\n");
		drop("cdr/nosuchorg/x.csv",
				HEADER + "\n" + ok("nso-1", "user_out", "+12125550101", "2025-03-07T10:00:00Z", 30) + "\n");
		drop("cdr/loose.csv",
				HEADER + "\n" + ok("loose-1", "user_out", "+12125550101", "2025-03-07T10:00:00Z", 30) + "\n");
		drop("cdr/bad org!/calls.csv",
				HEADER + "\n" + ok("bo-1", "user_out", "+12125550101", "2025-03-07T10:00:00Z", 30) + "\n");
		drop(UNCLOSED,
				HEADER + "\n" + ok("u-good-1", "user_out", "+12125550101", "2025-03-07T10:00:00Z", 30) + "\n"
						+ call("u-bad", "user_out", "+12125550101", "2025-03-07T10:05:00Z", "2025-03-07T10:06:00Z",
								"30", "\"A User")
						+ "\n" + ok("u-good-2", "user_out", "+12125550101", "2025-03-07T10:10:00Z", 30) + "\n");
		drop(RATES_BAD_ROW, RATES_HEADER + "\n" + "+1,United States,landline,USD,0.50,0,60,60,2025-01-01\n"
				+ "+44,United Kingdom,landline,USD,abc,0,1,1,2025-01-01\n");
		drop(RATES_NEGATIVE, RATES_HEADER + "\n" + "+1,United States,landline,USD,-0.06,0,60,60,2025-01-01\n");

		// --- files posted with rejected rows
		drop(MIXED, mixedFile());
		drop(BOM_FILE, bomFile().getBytes(StandardCharsets.UTF_8));
		drop(MULTILINE, multilineFile());
		drop(HUGE_FIELD, hugeFieldFile());
		drop(AFTER_REFUSED_RATES,
				HEADER + "\n" + ok("r-old-1", "user_out", "+13125550199", "2025-03-08T10:00:00Z", 120) + "\n");
		drop(LATER, HEADER + "\n"
		/* 2 */ + ok("m-good-1", "user_out", "+12125550101", "2025-03-09T10:00:00Z", 600) + "\n"
		/* 3 */ + ok("z-tollfree-1", "user_in", "+18005550100", "2025-03-09T10:05:00Z", 60) + "\n");
		drop(FUNDS, """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				acme,5.00,USD,2025-02-01T00:00:00Z,ACME-2
				acme,-5.00,USD,2025-02-01T00:00:00Z,ACME-NEG
				acme,5.00,EUR,2025-02-01T00:00:00Z,ACME-EUR
				nosuchorg,5.00,USD,2025-02-01T00:00:00Z,NOPE-1
				acme,5.00,USD,2025-02-01T00:00:00Z,ACME-1
				acme,1.005,USD,2025-02-01T00:00:00Z,ACME-3DP
				globex,2.50,EUR,2025-02-01T00:00:00Z,GLOBEX-2
				""");
		drop(ACCOUNTS, """
				Organization Id,Name,Currency,Country,Admin Emails,Finance Emails
				initech,Initech LLC,USD,US,admin@initech.example,
				badcur,Bad Currency Ltd,XYZ,US,admin@badcur.example,
				badcountry,Bad Country Ltd,USD,ZZ,admin@badcountry.example,
				bademail,Bad Email Ltd,USD,US,not-an-email,
				""");

		for (IntakeOutcome o : drain()) {
			String key = o.kind().folder() + "/" + (o.orgId().isEmpty() ? "" : o.orgId() + "/") + o.fileName();
			assertThat(outcomes.put(key, o)).as("one outcome per file: %s", key).isNull();
		}
	}

	// ---------------------------------------------------------------------------------
	// whole file refused

	@Test
	void fileEmpty() {
		assertRefused("cdr/acme/empty.csv", "error/cdr/acme/empty.csv", "empty file (0 bytes)");
	}

	@Test
	void fileOnlyBlankLines() {
		assertRefused("cdr/acme/blank-lines.csv", "error/cdr/acme/blank-lines.csv", "empty file (only blanks)");
	}

	@Test
	void filePngBytes() {
		assertRefused("cdr/acme/export.png", "error/cdr/acme/export.png", "binary content (NUL bytes)");
	}

	@Test
	void fileZipBytes() {
		assertRefused("cdr/acme/export.zip", "error/cdr/acme/export.zip", "binary content (NUL bytes)");
	}

	@Test
	void fileLatin1() {
		assertRefused("cdr/acme/latin1.csv", "error/cdr/acme/latin1.csv", "not valid UTF-8 text (line 3 has a byte");
		assertNotRecorded("l1-row");
		assertNotRecorded("l1-utf8");
	}

	@Test
	void fileLatin1AfterManyGoodRowsPostsNone() {
		IntakeOutcome o = assertRefused(LATIN1_LATE, "error/cdr/acme/latin1-late.csv", "not valid UTF-8");
		// header, the UTF-8 row, 800 good rows, then the Latin-1 row on line 803
		assertThat(o.detail()).contains("line 803 has a byte that is not UTF-8", "the file mixes encodings");
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id LIKE 'll-%'")).isZero();
	}

	@Test
	void fileMissingRequiredHeader() {
		assertRefused("cdr/acme/no-duration.csv", "error/cdr/acme/no-duration.csv",
				"missing required column(s): Duration Seconds;");
		assertNotRecorded("nd-1");
	}

	@Test
	void fileOneMegabyteHeaderLineGetsAShortReason() throws IOException {
		IntakeOutcome o = assertRefused("cdr/acme/one-huge-line.csv", "error/cdr/acme/one-huge-line.csv",
				"missing required column(s): UsageId, Call ID, Call Type, Destination Number, Start Time, End Time, Duration Seconds");
		assertThat(o.detail()).contains("(" + MB + " characters)").hasSizeLessThan(500);
		assertThat(Files.size(reasonFile(o))).isLessThan(2000);
		assertThat(Files.size(o.movedTo())).isEqualTo(MB); // the file itself is kept
															// whole
	}

	@Test
	void fileDuplicateHeaderName() {
		IntakeOutcome o = assertRefused("cdr/acme/dup-header.csv", "error/cdr/acme/dup-header.csv", "bad header line");
		assertThat(o.detail()).contains("duplicate").contains("UsageId");
		assertNotRecorded("dh-1");
	}

	@Test
	void fileUnknownOrganizationFolder() {
		assertRefused("cdr/nosuchorg/x.csv", "error/cdr/nosuchorg/x.csv", "unknown organization 'nosuchorg'");
		assertNotRecorded("nso-1");
		assertThat(count("SELECT COUNT(*) FROM organization WHERE org_id = 'nosuchorg'")).isZero();
	}

	@Test
	void fileWithoutOrganizationFolder() {
		assertRefused("cdr/loose.csv", "error/cdr/loose.csv", "no organization folder");
		assertNotRecorded("loose-1");
	}

	@Test
	void fileInvalidOrganizationFolderName() {
		assertRefused("cdr/calls.csv", "error/cdr/calls.csv", "'bad org!' is not a valid organization id folder");
		assertNotRecorded("bo-1");
	}

	@Test
	void fileUnclosedQuotePostsNothing() {
		assertRefused(UNCLOSED, "error/cdr/acme/unclosed-quote.csv", "unreadable CSV near line 3");
		assertNotRecorded("u-good-1");
		assertNotRecorded("u-bad");
		assertNotRecorded("u-good-2");
	}

	@Test
	void ratesFileWithOneBadRowIsRefusedWholeAndTheOldRatesStay() {
		IntakeOutcome o = assertRefused(RATES_BAD_ROW, "error/rates/rates-2025-03-bad-row.csv",
				"rate table refused whole: 1 bad row(s)");
		assertThat(o.detail()).contains("previous version stays in force")
			.contains("line 3: Rate Per Minute 'abc' is not a number");
		assertThat(count("SELECT COUNT(*) FROM rate_table_version")).isEqualTo(1);
		// the call after the refused file is rated at the first version: 120 s at
		// 0.06/min 60/60 = 0.12 (not 1.00)
		assertThat(jdbc.sql("SELECT charge FROM call_view WHERE usage_id = 'r-old-1'").query(BigDecimal.class).single())
			.isEqualByComparingTo("0.12");
		assertThat(count("SELECT COUNT(DISTINCT rate_version_id) FROM call_record WHERE rate_version_id IS NOT NULL"))
			.isEqualTo(1);
		assertThat(outcome(AFTER_REFUSED_RATES).status()).isEqualTo(IntakeOutcome.Status.POSTED);
	}

	@Test
	void ratesFileWhoseOnlyRowIsNegative() {
		IntakeOutcome o = assertRefused(RATES_NEGATIVE, "error/rates/rates-2025-04-negative.csv",
				"rate table refused whole: 1 bad row(s)");
		assertThat(o.detail()).contains("line 2: rate and connection fee must not be negative");
		assertThat(count("SELECT COUNT(*) FROM rate_table_version")).isEqualTo(1);
	}

	// ----------------------------------------------------------------------------------
	// CDR rows rejected

	@Test
	void mixedFileIsPostedWithItsRejectsListed() throws IOException {
		IntakeOutcome o = assertPosted(MIXED, 16, 3, 13);
		Map<Long, CSVRecord> rejects = rejects(o);
		assertThat(rejects.keySet()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
		assertThat(o.detail()).contains(
				"3 calls recorded (2 chargeable, rated 0.27 USD): 0 min from included pools, 0.27 USD from funds");
	}

	@Test
	void rowNegativeDuration() throws IOException {
		assertReject(MIXED, 3, "m-neg", "Duration Seconds is negative (-5)");
		assertNotRecorded("m-neg");
	}

	@Test
	void rowNonNumericDuration() throws IOException {
		assertReject(MIXED, 4, "m-12s", "Duration Seconds '12s' is not a whole number");
		assertNotRecorded("m-12s");
	}

	@Test
	void rowEndBeforeStart() throws IOException {
		assertReject(MIXED, 5, "m-backwards",
				"End Time 2025-03-03T08:03:00Z is before Start Time 2025-03-03T08:04:00Z");
		assertNotRecorded("m-backwards");
	}

	@Test
	void rowUnparseableTimestamp() throws IOException {
		assertReject(MIXED, 6, "m-us-date", "not an ISO-8601 time: '03/03/2025 08:14'");
		assertNotRecorded("m-us-date");
	}

	@Test
	void rowUnknownCallType() throws IOException {
		assertReject(MIXED, 7, "m-calltype", "unknown Call Type 'user_sideways'");
		assertNotRecorded("m-calltype");
	}

	@Test
	void rowEmptyUsageId() throws IOException {
		assertReject(MIXED, 8, "", "UsageId is empty");
		assertThat(count("SELECT COUNT(*) FROM call_record WHERE call_id = 'call-'")).isZero();
	}

	@Test
	void rowDurationLongerThanEndMinusStart() throws IOException {
		assertReject(MIXED, 10, "m-overlong",
				"Duration Seconds 600 is longer than End Time - Start Time (60 s): refusing to over-charge");
		assertNotRecorded("m-overlong");
	}

	@Test
	void rowOutboundWithoutDestinationNumber() throws IOException {
		assertReject(MIXED, 11, "m-nonumber", "Destination Number is empty on an outbound call");
		assertNotRecorded("m-nonumber");
	}

	@Test
	void rowNoMatchingRate() throws IOException {
		assertReject(MIXED, 12, "m-norate", "no rate for +99912345678 in USD");
		assertNotRecorded("m-norate");
	}

	@Test
	void rowTooFewFields() throws IOException {
		assertReject(MIXED, 13, "m-short", "has 9 fields, the header has 20");
		assertNotRecorded("m-short");
	}

	@Test
	void rowTooManyFields() throws IOException {
		assertReject(MIXED, 14, "m-long", "has 21 fields, the header has 20");
		assertNotRecorded("m-long");
	}

	@Test
	void rowSameUsageIdTwiceInOneFileKeepsTheFirst() throws IOException {
		assertReject(MIXED, 15, "m-good-1", "UsageId appears twice in this file; the first row counts");
		// the first row (line 2, 61 s) is the one recorded, not the second (line 15, 300
		// s)
		assertThat(jdbc.sql("SELECT line_no FROM call_view WHERE usage_id = 'm-good-1'").query(Integer.class).single())
			.isEqualTo(2);
	}

	@Test
	void rowUsageIdLongerThan100Characters() throws IOException {
		assertReject(MIXED, 16, LONG_ID.substring(0, 60) + "...(101 chars)", "UsageId is longer than 100 characters");
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id LIKE 'LLLL%'")).isZero();
	}

	@Test
	void rowUsageIdAlreadyRecordedFromAnEarlierFile() throws IOException {
		IntakeOutcome o = assertPosted(LATER, 2, 1, 1);
		assertReject(LATER, 2, "m-good-1", "UsageId already recorded from an earlier file: a call is charged once");
		assertThat(rejects(o)).containsOnlyKeys(2L);
		assertThat(count("SELECT COUNT(*) FROM ledger_view WHERE usage_id = 'm-good-1'")).isEqualTo(1);
	}

	@Test
	void rowOneMegabyteDisplayNameIsRejectedWithItsReasonNotCutShort() throws IOException {
		// issue 17, item 6: a value longer than its column is rejected with the reason,
		// no longer truncated silently
		assertPosted(HUGE_FIELD, 3, 0, 3);
		assertReject(HUGE_FIELD, 2, "h-good-1", "User Display Name is longer than 300 characters (" + MB + ")");
		assertNotRecorded("h-good-1");
	}

	@Test
	void rowOneMegabyteDestinationNumber() throws IOException {
		assertReject(HUGE_FIELD, 3, "h-bad-number", "Destination Number is longer than 64 characters");
		assertNotRecorded("h-bad-number");
	}

	@Test
	void rowOneMegabyteUsageIdIsEchoedShort() throws IOException {
		IntakeOutcome o = assertPosted(HUGE_FIELD, 3, 0, 3);
		assertReject(HUGE_FIELD, 4, "U".repeat(60) + "...(" + MB + " chars)", "UsageId is longer than 100 characters");
		assertThat(Files.size(rejectsFile(o))).isLessThan(1000);
	}

	// ------------------------------------------------------------------------------------
	// funds rows rejected

	@Test
	void fundsFileIsPostedWithItsRejectsListed() throws IOException {
		IntakeOutcome o = assertPosted(FUNDS, 7, 2, 5);
		assertThat(rejects(o)).containsOnlyKeys(3L, 4L, 5L, 6L, 7L);
		assertThat(count("SELECT COUNT(*) FROM lot WHERE reference IN ('ACME-2', 'GLOBEX-2')")).isEqualTo(2);
		assertThat(count("SELECT COUNT(*) FROM lot")).isEqualTo(4);
	}

	@Test
	void fundsNegativeAmount() throws IOException {
		assertReject(FUNDS, 3, "ACME-NEG", "Amount must be positive, was -5.00");
	}

	@Test
	void fundsWrongCurrencyForTheOrganization() throws IOException {
		assertReject(FUNDS, 4, "ACME-EUR", "currency EUR differs from the organization's USD");
	}

	@Test
	void fundsUnknownOrganization() throws IOException {
		assertReject(FUNDS, 5, "NOPE-1", "unknown organization 'nosuchorg'");
	}

	@Test
	void fundsOrderReferenceAlreadyAdded() throws IOException {
		assertReject(FUNDS, 6, "ACME-1", "order reference ACME-1 was already added");
		assertThat(count("SELECT COUNT(*) FROM lot WHERE reference = 'ACME-1'")).isEqualTo(1);
	}

	@Test
	void fundsMoreDecimalsThanTheCurrencyAllows() throws IOException {
		assertReject(FUNDS, 7, "ACME-3DP", "amount 1.005 has more decimals than USD allows");
	}

	// ---------------------------------------------------------------------------------
	// accounts rows rejected

	@Test
	void accountsFileIsPostedWithItsRejectsListed() throws IOException {
		IntakeOutcome o = assertPosted(ACCOUNTS, 4, 1, 3);
		assertThat(rejects(o)).containsOnlyKeys(3L, 4L, 5L);
		assertThat(jdbc.sql("SELECT org_id FROM organization ORDER BY org_id").query(String.class).list())
			.containsExactly("acme", "globex", "initech");
	}

	@Test
	void accountsInvalidCurrency() throws IOException {
		assertReject(ACCOUNTS, 3, "badcur", "Currency 'XYZ' is not an ISO 4217 code");
	}

	@Test
	void accountsInvalidCountry() throws IOException {
		assertReject(ACCOUNTS, 4, "badcountry", "Country 'ZZ' is not an ISO 3166 two-letter code");
	}

	@Test
	void accountsBadEmail() throws IOException {
		assertReject(ACCOUNTS, 5, "bademail", "Admin Emails: 'not-an-email' is not an email address");
	}

	// --------------------------------------------------------------------------------------------
	// good input

	@Test
	void goodBomCrlfQuotedFileIsAcceptedWhole() {
		IntakeOutcome o = assertPosted(BOM_FILE, 3, 3, 0);
		assertThat(rejectsFile(o)).doesNotExist();
		assertThat(displayName("b-good-1")).isEqualTo("Smith, John");
		assertThat(displayName("b-good-2")).isEqualTo("Line one\r\nLine two");
		assertThat(displayName("b-good-3")).isEqualTo("He said \"hi\"");
		// the BOM is not part of the first header name: UsageId was found, so rows have
		// their UsageId
		assertThat(jdbc.sql(
				"SELECT line_no FROM call_view WHERE usage_id IN ('b-good-1', 'b-good-2', 'b-good-3') ORDER BY line_no")
			.query(Integer.class)
			.list()).containsExactly(2, 3, 5);
	}

	@Test
	void goodRejectLinesArePhysicalStartLines() throws IOException {
		IntakeOutcome o = assertPosted(MULTILINE, 5, 2, 3);
		assertThat(rejects(o)).containsOnlyKeys(5L, 8L, 10L);
		assertReject(MULTILINE, 5, "ml-bad-1", "unknown Call Type 'voicemail'");
		assertReject(MULTILINE, 8, "ml-bad-2", "Duration Seconds is negative (-1)");
		assertReject(MULTILINE, 10, "ml-bad-3", "no rate for +99955501");
		assertThat(
				jdbc.sql("SELECT line_no FROM call_view WHERE usage_id IN ('ml-good-1', 'ml-good-2') ORDER BY line_no")
					.query(Integer.class)
					.list())
			.containsExactly(2, 7);
		assertThat(displayName("ml-good-1")).isEqualTo("Ann\nB\nC");
	}

	@Test
	void everyGoodRowIsRecordedAndNoOther() {
		assertThat(jdbc.sql("SELECT usage_id FROM call_view WHERE org_id = 'acme'").query(String.class).list())
			.containsExactlyInAnyOrder("m-good-1", "m-good-2", "m-good-3", "r-old-1", "b-good-1", "b-good-2",
					"b-good-3", "ml-good-1", "ml-good-2", "z-tollfree-1");
		assertThat(count("SELECT COUNT(*) FROM call_record WHERE org_id <> 'acme'")).isZero();
	}

	@Test
	void noFileIsLeftInTheInboxAndEveryFileHasAnOutcome() throws IOException {
		assertThat(drainer.waiting(FileKind.CDR)).isEmpty();
		assertThat(drainer.waiting(FileKind.RATES)).isEmpty();
		assertThat(drainer.waiting(FileKind.FUNDS)).isEmpty();
		assertThat(drainer.waiting(FileKind.ACCOUNTS)).isEmpty();
		assertThat(outcomes).hasSize(23);
		assertThat(outcomes.values()).as("no file failed unexpectedly (FAILED = left in the inbox)")
			.noneMatch(o -> o.status() == IntakeOutcome.Status.FAILED);
		assertThat(outcomes.values().stream().filter(IntakeOutcome::failed)).hasSize(15);
		assertThat(count("SELECT COUNT(*) FROM ingest_file WHERE status = 'ERROR' AND file_name NOT LIKE 'long-%'"))
			.isEqualTo(15);
		try (var work = Files.list(folders.work())) {
			assertThat(work).as("no rejects work file left behind").isEmpty();
		}
	}

	@Test
	void booksBalanceForEveryOrganization() {
		for (String org : List.of("acme", "globex", "initech")) {
			assertThat(ledgerSum(org)).as("ledger of %s", org).isEqualByComparingTo(balance(org));
			assertThat(lotsSum(org)).as("lots of %s", org).isEqualByComparingTo(balance(org));
		}
		// acme: funds 10.00 (ACME-1) + 5.00 (ACME-2) = 15.00, minus the good calls:
		// m-good-1 +1 61 s, 60/60 at 0.06/min: 2 started minutes x 0.06 = 0.12
		// m-good-2 +44 75 s, 1/1 at 0.12/min: 75 x 0.12 / 60 = 0.15
		// m-good-3 user_in, not toll-free = 0
		// r-old-1 +1 120 s: 2 x 0.06 (old rates; the refused 0.50 not used) = 0.12
		// (h-good-1: rejected, its 1 MB display name does not fit; issue 17)
		// b-good-1 +1 59 s: 1 x 0.06 = 0.06
		// b-good-2 +44 10 s: 10 x 0.12 / 60 = 0.02
		// b-good-3 user_in = 0
		// ml-good-1 +44 30 s: 30 x 0.12 / 60 = 0.06
		// ml-good-2 +1 121 s: 3 x 0.06 = 0.18
		// z-tollfree-1 inbound to +1800 toll-free, 60 s at 0.03/min 60/60 = 0.03
		// total 0.74 -> 15.00 - 0.74 = 14.26
		assertThat(balance("acme")).isEqualByComparingTo("14.26");
		assertThat(ledgerSum("acme")).isEqualByComparingTo("14.26");
		assertThat(lotsSum("acme")).isEqualByComparingTo("14.26");
		assertThat(jdbc.sql("SELECT COALESCE(SUM(charge), 0) FROM call_record WHERE org_id = 'acme'")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("0.74");
		assertThat(count(
				"SELECT COUNT(*) FROM ledger_entry WHERE org_id = 'acme' AND entry_type <> 'USAGE' AND entry_type <> 'PURCHASE'"))
			.as("every call funded")
			.isZero();
		// globex: 10.00 (GLOBEX-1) + 2.50 (GLOBEX-2), no calls
		assertThat(balance("globex")).isEqualByComparingTo("12.50");
		assertThat(balance("initech")).isEqualByComparingTo("0");
	}

	// ------------------------------------------------- values longer than their column
	// (once bugs, now fixed)

	/**
	 * A Name (or Payment Method) longer than its column (varchar 200) is a row reject,
	 * not a database error that would fail the whole file. Only bad rows here, so the
	 * other tests' state is not changed.
	 */
	@Test
	void accountsNameLongerThanTheColumn() throws IOException {
		drop("accounts/long-name.csv", "Organization Id,Name,Currency,Country,Payment Method\n" + "longname,"
				+ "N".repeat(250) + ",USD,US,\n" + "longpm,Long PM,USD,US," + "P".repeat(250) + "\n");
		IntakeOutcome o = drain().get(0);
		assertThat(o.status()).as(o.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(o.rejected()).isEqualTo(2);
		assertThat(rejectsFile(o)).content(StandardCharsets.UTF_8).contains("Name").contains("Payment Method");
		assertThat(count("SELECT COUNT(*) FROM organization WHERE org_id IN ('longname', 'longpm')")).isZero();
	}

	/**
	 * A Destination longer than its column (varchar 200) refuses the rate table whole,
	 * naming the line.
	 */
	@Test
	void ratesDestinationLongerThanTheColumn() {
		drop("rates/long-destination.csv",
				RATES_HEADER + "\n+1," + "D".repeat(250) + ",landline,USD,0.06,0,60,60,2025-01-01\n");
		IntakeOutcome o = drain().get(0);
		assertThat(o.status()).as(o.detail()).isEqualTo(IntakeOutcome.Status.ERROR);
		assertThat(o.detail()).contains("line 2").contains("Destination");
		assertThat(count("SELECT COUNT(*) FROM rate_table_version")).isEqualTo(1);
	}

	/**
	 * Implausible calls: a start in the year 10000, and a 2,000,000,000-second call, are
	 * rejected rows.
	 */
	@Test
	void rowImplausibleStartOrDurationIsRejected() throws IOException {
		drop("cdr/acme/implausible.csv", teamsExport("far-future,user_out,+12065550100,+10000-03-03T08:00:00Z,60",
				"too-long,user_out,+12065550100,2025-03-03T08:00:00Z,2000000000"));
		IntakeOutcome o = drain().get(0);
		assertThat(o.status()).as(o.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(o.posted()).isZero();
		assertThat(rejectsFile(o)).content(StandardCharsets.UTF_8)
			.contains("far-future,Start Time +10000-03-03T08:00:00Z is not a plausible call time")
			.contains("too-long,\"Duration Seconds 2000000000 is longer than the longest call accepted");
	}

	// ------------------------------------------------------------------------------------------------
	// helpers

	/** A CDR row of the 20 Teams columns. */
	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	private static String call(String usageId, String type, String number, String start, String end, String duration) {
		return call(usageId, type, number, start, end, duration, "A User");
	}

	private static String call(String usageId, String type, String number, String start, String end, String duration,
			String displayName) {
		return String.join(",", usageId, "call-" + usageId, "", "US", "00000000-0000-0000-0000-000000000001",
				"user@acme.example", displayName, "+14255550100", type, "user", "Domestic", "Somewhere", number, start,
				end, duration, "0", "", "USD", "MCOPSTNPP");
	}

	/** A consistent CDR row: End Time = Start Time + duration + 3 s. */
	private static String ok(String usageId, String type, String number, String start, int seconds) {
		return call(usageId, type, number, start, Instant.parse(start).plusSeconds(seconds + 3L).toString(),
				String.valueOf(seconds));
	}

	private IntakeOutcome outcome(String inboxPath) {
		IntakeOutcome o = outcomes.get(inboxPath);
		assertThat(o).as("outcome of %s among %s", inboxPath, outcomes.keySet()).isNotNull();
		return o;
	}

	private IntakeOutcome assertRefused(String inboxPath, String errorPath, String reason) {
		IntakeOutcome o = outcome(inboxPath);
		assertThat(o.status()).as("status of %s: %s", inboxPath, o.detail()).isEqualTo(IntakeOutcome.Status.ERROR);
		assertThat(o.detail()).contains(reason);
		assertThat(o.posted()).isZero();
		assertThat(o.movedTo()).isEqualTo(folders.home().resolve(errorPath));
		assertThat(o.movedTo()).exists();
		assertThat(folders.inbox().resolve(inboxPath)).doesNotExist();
		assertThat(reasonFile(o)).exists().content(StandardCharsets.UTF_8).contains("reason: " + reason);
		return o;
	}

	private IntakeOutcome assertPosted(String inboxPath, int rows, int posted, int rejected) {
		IntakeOutcome o = outcome(inboxPath);
		assertThat(o.status()).as("status of %s: %s", inboxPath, o.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(List.of(o.rows(), o.posted(), o.rejected())).as("rows, posted, rejected of %s", inboxPath)
			.containsExactly(rows, posted, rejected);
		// archive/<yyyy-MM-dd>/<kind>/[<org>/]<name>
		Path relative = folders.archive().relativize(o.movedTo());
		String tail = inboxPath.substring(inboxPath.indexOf('/') + 1);
		assertThat(relative.getName(0).toString()).matches("\\d{4}-\\d{2}-\\d{2}");
		assertThat(relative.subpath(1, relative.getNameCount()).toString().replace('\\', '/'))
			.isEqualTo(o.kind().folder() + "/" + tail);
		assertThat(o.movedTo()).exists();
		assertThat(folders.inbox().resolve(inboxPath)).doesNotExist();
		return o;
	}

	private void assertReject(String inboxPath, long line, String key, String reason) throws IOException {
		IntakeOutcome o = outcome(inboxPath);
		CSVRecord r = rejects(o).get(line);
		assertThat(r).as("reject at line %d of %s: %s", line, inboxPath, rejects(o).keySet()).isNotNull();
		assertThat(r.get(1)).isEqualTo(key);
		assertThat(r.get("Reason")).contains(reason);
	}

	private static Path reasonFile(IntakeOutcome o) {
		return o.movedTo().resolveSibling(o.movedTo().getFileName() + ".reason.txt");
	}

	private static Path rejectsFile(IntakeOutcome o) {
		return o.movedTo().resolveSibling(o.movedTo().getFileName() + ".rejects.csv");
	}

	private final Map<Path, Map<Long, CSVRecord>> rejectsCache = new HashMap<>();

	/** The rejects file beside an archived file, by line; checks its header. */
	private Map<Long, CSVRecord> rejects(IntakeOutcome o) throws IOException {
		Path file = rejectsFile(o);
		if (rejectsCache.containsKey(file)) {
			return rejectsCache.get(file);
		}
		assertThat(file).exists();
		Map<Long, CSVRecord> byLine = new LinkedHashMap<>();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
				CSVParser parser = CSVParser.builder()
					.setReader(in)
					.setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())
					.get()) {
			String key = o.kind() == FileKind.CDR ? "UsageId"
					: o.kind() == FileKind.FUNDS ? "Order Reference" : "Organization Id";
			assertThat(parser.getHeaderNames()).containsExactly("Line", key, "Reason");
			for (CSVRecord r : parser) {
				assertThat(byLine.put(Long.parseLong(r.get("Line")), r)).as("one reject per line").isNull();
			}
		}
		rejectsCache.put(file, byLine);
		return byLine;
	}

	private String displayName(String usageId) {
		return jdbc.sql("SELECT display_name FROM call_view WHERE usage_id = :id")
			.param("id", usageId)
			.query(String.class)
			.single();
	}

	private void assertNotRecorded(String usageId) {
		assertThat(count("SELECT COUNT(*) FROM call_view WHERE usage_id = '" + usageId + "'"))
			.as("%s must not be recorded", usageId)
			.isZero();
	}

}
