package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.licensing.LicenseRepository;
import io.creditshub.support.LifecycleIntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * DOMAIN rule 11 (issue 12, item 3): an organization's first license export covers every
 * earlier call; a later one is dated by its file name, else by when it was received
 * (never by the file's modification time); the time and its source are recorded and
 * shown; a license file that turns funded calls unfunded, or a CDR file with too many
 * calls unfunded for lack of licenses, is flagged. Calls to +44 cost 0.12 per minute
 * (1/1) and are paid from credits (no international plan).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenseTimeIT extends LifecycleIntegrationTest {

	static final String HEADER = "User principal name,Display name,Object Id,Usage location,Licenses,Phone number,Block credential";

	static final String FULL = "Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan+Communications Credits";

	static final String NO_CREDITS = "Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan";

	@Autowired
	LicenseRepository licenses;

	@Autowired
	IntakeJournal journal;

	@Autowired
	@org.springframework.beans.factory.annotation.Qualifier("flaggedFilesHealthIndicator")
	org.springframework.boot.actuate.health.HealthIndicator flaggedFiles;

	@BeforeAll
	void reference() {
		clock.set("2025-03-01T00:00:00Z");
		drop("rates/rates.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From
						+1,United States,landline,USD,0.06,0,60,60,2020-01-01
						+44,United Kingdom,landline,USD,0.12,0,1,1,2020-01-01
						""");
		assertPosted(drain());
		openAccount("lic", "USD", null, null, null);
		purchase("lic", "USD", "20.00", "LIC-1");
	}

	/** Calls of one user to +44, each "usageId,start,seconds". */
	static String calls(String user, String... calls) {
		String[] rows = new String[calls.length];
		for (int i = 0; i < calls.length; i++) {
			String[] f = calls[i].split(",");
			rows[i] = f[0] + ",user_out,+442079460000," + f[1] + "," + f[2];
		}
		return teamsExport(rows).replace("00000000-0000-0000-0000-000000000001", user);
	}

	private String funding(String usageId) {
		return jdbc.sql("SELECT funding FROM ledger_view WHERE usage_id = :u")
			.param("u", usageId)
			.query(String.class)
			.single();
	}

	@Test
	void theFirstExportCoversEarlierCallsAndLaterOnesAreDatedByNameOrArrivalAndFlagged() {
		// 1. the first export, under its own name (no date): it covers every earlier call
		clock.set("2025-11-29T12:00:00Z");
		drop("licenses/lic/license-export.csv", HEADER + "\nann@lic.example,Ann,u-ann,US," + FULL + ",,False\n");
		IntakeOutcome first = drain().get(0);
		assertThat(first.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(first.detail())
			.startsWith("1 users in force for every earlier call (first export of lic, FIRST_EXPORT; "
					+ "its own time 2025-11-29T12:00:00Z from the time received)");
		assertThat(first.flagged()).isFalse();

		// March calls arrive now: funded (3 x 60 s x 0.12 = 0.36)
		drop("cdr/lic/march.csv", calls("u-ann", "m-1,2025-03-05T08:00:00Z,60", "m-2,2025-03-06T08:00:00Z,60",
				"m-3,2025-03-07T08:00:00Z,60"));
		IntakeOutcome march = drain().get(0);
		assertThat(march.flagged()).isFalse();
		assertThat(List.of(funding("m-1"), funding("m-2"), funding("m-3"))).containsOnly("CREDITS");
		assertThat(balance("lic")).isEqualByComparingTo("19.64");

		// 2. calls of the afternoon, settled under Ann's licenses
		clock.set("2025-11-29T16:00:00Z");
		drop("cdr/lic/afternoon.csv", calls("u-ann", "a-1,2025-11-29T14:00:00Z,60", "a-2,2025-11-29T15:00:00Z,120"));
		assertPosted(drain());
		assertThat(balance("lic")).isEqualByComparingTo("19.28"); // 0.12 + 0.24

		// 3. an export dated 13:00 in its name takes Ann's credits away: the two settled
		// calls would be unfunded
		clock.set("2025-11-29T17:00:00Z");
		drop("licenses/lic/users-2025-11-29_13-00.csv",
				HEADER + "\nann@lic.example,Ann,u-ann,US," + NO_CREDITS + ",,False\n");
		IntakeOutcome dated = drain().get(0);
		assertThat(dated.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(dated.detail()).contains("1 users in force from 2025-11-29T13:00:00Z",
				"time from the file name (FILE_NAME)");
		assertThat(dated.flagged()).isTrue();
		assertThat(dated.flag()).startsWith("2 call(s) of lic funded before would be unfunded under these licenses "
				+ "(export time 2025-11-29T13:00:00Z, FILE_NAME)");
		assertThat(balance("lic")).as("nothing re-charged").isEqualByComparingTo("19.28");

		// 4. a later export without a date in its name: dated by its arrival, not by the
		// file's modification time
		clock.set("2025-11-30T09:00:00Z");
		java.nio.file.Path p = drop("licenses/lic/license-export.csv",
				HEADER + "\nann@lic.example,Ann,u-ann,US," + FULL + ",,False\nbob@lic.example,Bob,u-bob,US,,,False\n");
		try {
			java.nio.file.Files.setLastModifiedTime(p,
					java.nio.file.attribute.FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		IntakeOutcome received = drain().get(0);
		assertThat(received.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(received.detail()).contains("2 users in force from 2025-11-30T09:00:00Z",
				"time received: no date in the file name (RECEIVED)");
		assertThat(received.flagged()).isFalse();

		assertThat(licenses.exports("lic")).extracting(e -> e.fileName() + " " + e.effectiveAt() + " " + e.timeSource())
			.containsExactly("license-export.csv 2025-11-30T09:00:00Z RECEIVED",
					"users-2025-11-29_13-00.csv 2025-11-29T13:00:00Z FILE_NAME",
					"license-export.csv 2000-01-01T00:00:00Z FIRST_EXPORT");

		// 5. a CDR file where most chargeable calls are unfunded for lack of licenses
		// (Bob has none): flagged
		clock.set("2025-11-30T12:00:00Z");
		drop("cdr/lic/bob.csv", calls("u-bob", "b-1,2025-11-30T10:00:00Z,60", "b-2,2025-11-30T10:05:00Z,60",
				"b-3,2025-11-30T10:10:00Z,60"));
		IntakeOutcome bob = drain().get(0);
		assertThat(bob.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(bob.flag()).isEqualTo("3 of 3 chargeable call(s) unfunded for lack of licenses (more than 50%, "
				+ "credits.intake.max-unlicensed-share): check the organization's license exports and their times");

		// files (and the operator API, same rows) show each license file's time and
		// source, and the flags
		assertThat(journal.recent(20)).filteredOn(e -> e.kind().equals("LICENSES") && e.orgId().equals("lic"))
			.extracting(e -> e.fileName() + " | " + e.licenseTime() + " | " + (e.flag() != null))
			.containsExactly("license-export.csv | 2025-11-30T09:00:00Z (RECEIVED) | false",
					"users-2025-11-29_13-00.csv | 2025-11-29T13:00:00Z (FILE_NAME) | true",
					"license-export.csv | every earlier call (FIRST_EXPORT, stated 2025-11-29T12:00:00Z) | false");
		assertThat(journal.recent(20)).filteredOn(e -> e.fileName().equals("bob.csv"))
			.singleElement()
			.satisfies(e -> assertThat(e.flag()).startsWith("3 of 3 chargeable call(s) unfunded"));
		// and health
		assertThat(flaggedFiles.health().getDetails()).containsEntry("flaggedLast30Days", 2);
		assertBooksBalance();
	}

	@Test
	void anExportReSavedByExcelAsWindows1252PostsWithItsNames() {
		clock.set("2025-12-01T08:00:00Z");
		openAccount("enc", "USD", null, null, null);
		purchase("enc", "USD", "5.00", "ENC-1");
		java.nio.charset.Charset cp1252 = java.nio.charset.Charset.forName("windows-1252");
		drop("licenses/enc/users.csv", (HEADER + "\r\njuergen@enc.example,Jürgen Weiß,u-j,DE," + FULL + ",,False\r\n"
				+ "mueller@enc.example,Anna Müller,u-m,DE," + FULL + ",,False\r\n")
			.getBytes(cp1252));
		IntakeOutcome lic = drain().get(0);
		assertThat(lic.status()).as(lic.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(jdbc.sql("SELECT display_name FROM license_assignment WHERE org_id = 'enc' ORDER BY object_id")
			.query(String.class)
			.list()).containsExactly("Jürgen Weiß", "Anna Müller");
		// a CDR export re-saved the same way: Jürgen's call posts under his name (0.12 to
		// +44)
		drop("cdr/enc/calls.csv",
				calls("u-j", "j-1,2025-12-01T07:00:00Z,60").replace("A User", "Jürgen Weiß").getBytes(cp1252));
		assertPosted(drain());
		assertThat(jdbc.sql("SELECT display_name FROM call_view WHERE usage_id = 'j-1'").query(String.class).single())
			.isEqualTo("Jürgen Weiß");
		assertThat(balance("enc")).isEqualByComparingTo("4.88");
	}

	@Test
	void licenseAssignmentDetailsCountAndUnknownProductsAreListed() throws Exception {
		clock.set("2025-12-02T08:00:00Z");
		openAccount("det", "USD", null, null, null);
		purchase("det", "USD", "5.00", "DET-1");
		// Dana's products are only in "License assignment details" (with their assignment
		// paths); Eli holds an E5
		// (no Teams) with Teams EEA, Credits and a plan; Fay has a product the catalog
		// does not know
		drop("licenses/det/users.csv", String.join("\r\n", HEADER + ",License assignment details",
				"dana@det.example,Dana,u-dana,US,,,False,\"Communications Credits (Direct); Microsoft Teams Phone Standard "
						+ "(Inherited from group Voice); Microsoft Teams Domestic Calling Plan: Direct\"",
				"eli@det.example,Eli,u-eli,US,Microsoft 365 E5 (no Teams)+Microsoft Teams EEA+Communications Credits"
						+ "+Microsoft Teams Domestic Calling Plan,,False,",
				"fay@det.example,Fay,u-fay,US,Communications Credits+Contoso Galactic Calling,,False,") + "\r\n");
		IntakeOutcome lic = drain().get(0);
		assertThat(lic.status()).as(lic.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(lic.posted()).isEqualTo(3);
		assertThat(lic.rejected()).as("a warning is not a reject").isZero();
		assertThat(lic.detail()).contains("unknown products ignored: Contoso Galactic Calling");
		java.nio.file.Path warnings = lic.movedTo().resolveSibling(lic.fileName() + ".rejects.csv");
		assertThat(java.nio.file.Files.readAllLines(warnings)).containsExactly("Line,User principal name,Reason",
				"4,fay@det.example,\"warning: unknown product(s) not in the license catalog, ignored: Contoso Galactic Calling\"");
		assertThat(jdbc.sql("SELECT capabilities FROM license_assignment WHERE object_id = 'u-dana'")
			.query(String.class)
			.single()).isEqualTo("credits,domestic-plan,phone-system");
		assertThat(jdbc.sql("SELECT capabilities FROM license_assignment WHERE object_id = 'u-eli'")
			.query(String.class)
			.single()).isEqualTo("audio-conferencing,credits,domestic-plan,phone-system");

		// Dana's and Eli's calls to +44 (no international plan) are paid from credits: 2
		// x 0.12
		drop("cdr/det/calls.csv",
				calls("u-dana", "d-1,2025-12-02T07:00:00Z,60") + calls("u-eli", "e-1,2025-12-02T07:10:00Z,60").lines()
					.skip(1)
					.map(l -> l + "\r\n")
					.reduce("", String::concat));
		assertPosted(drain());
		assertThat(List.of(funding("d-1"), funding("e-1"))).containsOnly("CREDITS");
		assertThat(balance("det")).isEqualByComparingTo("4.76");
	}

}
