package io.creditshub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * License exports (FORMATS.md section 2): each documented outcome for bad or unusual
 * input, license history (a user missing from a newer file loses the licenses from that
 * file's time on), and the report of settled calls a late license file would fund
 * differently (nothing re-charged).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenseIntakeIT extends HubIntegrationTest {

	static final String HEADER = "User principal name,Display name,Object Id,Usage location,Licenses,Phone number,Block credential,Department";

	static final String FULL = "Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan+Communications Credits";

	@BeforeAll
	void reference() {
		loadReferenceData(); // acme USD 10.00, rates +1 0.06/min 60/60, +44 0.12/min 1/1
	}

	private String call(String usageId, String user, String number, String start, int seconds) {
		// teamsExport puts the same object id on every row; here each call names its user
		return teamsExport(usageId + ",user_out," + number + "," + start + "," + seconds)
			.replace("00000000-0000-0000-0000-000000000001", user);
	}

	@Test
	void aLicenseFileWithoutItsRequiredColumnsIsRefusedWhole() throws Exception {
		drop("licenses/acme/users-2025-01-01.csv", "Display name,Licenses\nAnn,Communications Credits\n");
		IntakeOutcome o = drain().get(0);
		assertThat(o.status()).isEqualTo(IntakeOutcome.Status.ERROR);
		assertThat(o.detail()).contains("missing required column(s): User principal name, Object Id");
		assertThat(Files.readString(folders.error().resolve("licenses/acme/users-2025-01-01.csv.reason.txt")))
			.contains("missing required column(s)");
		assertThat(count("SELECT COUNT(*) FROM license_assignment")).isZero();
	}

	@Test
	void eachUnusualUserGetsItsDocumentedOutcome() throws Exception {
		drop("licenses/acme/users-2025-02-01.csv", String.join("\n", HEADER,
				"full@acme.example,Full,u-full,US," + FULL + ",,False,Sales",
				"empty@acme.example,Empty,u-empty,US,,,False,Sales", // no licenses at all
				"unknown@acme.example,Unknown,u-unknown,US," + FULL + "+Visio Plan 2+Project Plan 3,,False,",
				"blocked@acme.example,Blocked,u-blocked,US," + FULL + ",,True,",
				"guest_other.com#EXT#@acme.onmicrosoft.com,Guest,u-guest,US,Communications Credits,,False,",
				"nocredits@acme.example,No Credits,u-nocredits,US,Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan,,False,",
				"noplan@acme.example,No Plan,u-noplan,US,Microsoft Teams Phone Standard+Communications Credits,,False,",
				"full2@acme.example,Dup,U-FULL,US," + FULL + ",,False,", // same object
																			// id, other
																			// case
				"badloc@acme.example,Bad,u-badloc,XX," + FULL + ",,False,") + "\n");
		IntakeOutcome lic = drain().get(0);
		assertThat(lic.status()).isEqualTo(IntakeOutcome.Status.POSTED);
		assertThat(lic.posted()).isEqualTo(6);
		String rejects = Files.readString(lic.movedTo().resolveSibling(lic.fileName() + ".rejects.csv"));
		assertThat(rejects).contains("guest account (#EXT# in the UPN)", "Object Id U-FULL appears twice",
				"Usage location 'XX' is not an ISO 3166");
		assertThat(lic.detail()).contains("unknown products ignored: Project Plan 3, Visio Plan 2");

		// international calls (no international plan: credits) at 0.12/min 1/1, 60 s =
		// 0.12 each
		drop("cdr/acme/calls.csv",
				call("c-full", "u-full", "+442079460000", "2025-02-03T08:00:00Z", 60)
						+ call("c-empty", "u-empty", "+442079460000", "2025-02-03T08:01:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-unknown", "u-unknown", "+442079460000", "2025-02-03T08:02:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-blocked", "u-blocked", "+442079460000", "2025-02-03T08:03:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-guest", "u-guest", "+442079460000", "2025-02-03T08:04:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-nocredits", "u-nocredits", "+442079460000", "2025-02-03T08:05:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-noplan", "u-noplan", "+442079460000", "2025-02-03T08:06:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-absent", "u-absent", "+442079460000", "2025-02-03T08:07:00Z", 60).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat)
						+ call("c-domestic", "u-full", "+12065550100", "2025-02-03T08:08:00Z", 125).lines()
							.skip(1)
							.map(l -> l + "\r\n")
							.reduce("", String::concat));
		assertThat(drain().get(0).status()).isEqualTo(IntakeOutcome.Status.POSTED);
		Map<String, String> funding = fundingByUsage();
		assertThat(funding).containsEntry("c-full", "USAGE CREDITS null")
			.containsEntry("c-unknown", "USAGE CREDITS null") // unknown products ignored,
																// the known ones count
			.containsEntry("c-blocked", "USAGE CREDITS null") // blocked users keep their
																// licenses
			.containsEntry("c-empty", "UNFUNDED_USAGE UNFUNDED no Communications Credits license")
			.containsEntry("c-nocredits", "UNFUNDED_USAGE UNFUNDED no Communications Credits license")
			.containsEntry("c-domestic", "INCLUDED_USAGE POOL null");
		assertThat(funding.get("c-guest")).startsWith("UNFUNDED_USAGE UNFUNDED no license: user u-guest");
		assertThat(funding.get("c-absent")).startsWith("UNFUNDED_USAGE UNFUNDED no license: user u-absent");
		assertThat(funding.get("c-noplan")).startsWith("UNFUNDED_USAGE UNFUNDED no plan");
		// 10.00 - 3 x 0.12
		assertThat(balance("acme")).isEqualByComparingTo("9.64");
		// the pool counted full, unknown and blocked (3 x 3000); the domestic call took 3
		// min of it
		assertThat(count("SELECT minutes_used FROM pool_usage WHERE org_id = 'acme' AND pool_type = 'DOMESTIC'"))
			.isEqualTo(3);

		// a newer export without 'blocked@': from its time on that user holds nothing
		drop("licenses/acme/users-2025-02-10.csv",
				String.join("\n", HEADER, "full@acme.example,Full,u-full,US," + FULL + ",,False,Sales") + "\n");
		IntakeOutcome newer = drain().get(0);
		assertThat(newer.detail())
			.contains("1 users in force from 2025-02-10T00:00:00Z: 0 new or changed, 5 ended, 1 unchanged");
		drop("cdr/acme/later.csv", call("c-blocked-later", "u-blocked", "+442079460000", "2025-02-11T08:00:00Z", 60));
		drain();
		assertThat(fundingByUsage().get("c-blocked-later"))
			.startsWith("UNFUNDED_USAGE UNFUNDED no license: user u-blocked");

		// an export older than the state applied is refused
		drop("licenses/acme/users-2025-02-05.csv",
				HEADER + "\nfull@acme.example,Full,u-full,US," + FULL + ",,False,\n");
		IntakeOutcome stale = drain().get(0);
		assertThat(stale.status()).isEqualTo(IntakeOutcome.Status.ERROR);
		assertThat(stale.detail()).contains("is not after the license state already applied (2025-02-10T00:00:00Z)");
	}

	@Test
	void aLateLicenseFileIsReportedNotRecharged() throws Exception {
		drop("accounts/late.csv", "Organization Id,Name,Currency,Country\nlate,Late Co,USD,US\n");
		drop("funds/late.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\nlate,5.00,USD,2025-01-01,L-1\n");
		drop("licenses/late/users-2025-01-01.csv",
				HEADER + "\nx@late.example,X,u-x,US,Communications Credits,,False,\n");
		drain();
		// X has Credits but no base license: unfunded
		drop("cdr/late/calls.csv", call("late-1", "u-x", "+442079460000", "2025-03-05T08:00:00Z", 60));
		drain();
		assertThat(fundingByUsage().get("late-1")).startsWith("UNFUNDED_USAGE UNFUNDED no plan");
		// the admin fixes X's licenses, but the export arrives dated 2025-03-01, after
		// the call was settled
		drop("licenses/late/users-2025-03-01.csv", HEADER + "\nx@late.example,X,u-x,US," + FULL + ",,False,\n");
		IntakeOutcome late = drain().get(0);
		assertThat(late.detail()).contains("1 settled call(s) would be funded differently (nothing re-charged)");
		Path report = folders.outbox().resolve("reports/late").toFile().listFiles()[0].toPath();
		List<String> lines = Files.readAllLines(report);
		assertThat(lines.get(0))
			.isEqualTo("UsageId,Start Time,Call Type,User,Settled as,Would be under the new licenses");
		assertThat(lines.get(1)).startsWith("late-1,2025-03-05T08:00:00Z,user_out,u-x,")
			.contains("credits refused (no plan")
			.endsWith("\"pool none, credits allowed\"");
		assertThat(fundingByUsage().get("late-1")).startsWith("UNFUNDED_USAGE UNFUNDED no plan"); // unchanged
		assertThat(balance("late")).isEqualByComparingTo("5.00");
	}

	private Map<String, String> fundingByUsage() {
		Map<String, String> m = new java.util.HashMap<>();
		jdbc.sql("SELECT usage_id, entry_type, funding, unfunded_reason FROM ledger_view WHERE usage_id IS NOT NULL")
			.query((rs, i) -> m.put(rs.getString("usage_id"),
					rs.getString("entry_type") + " " + rs.getString("funding") + " " + rs.getString("unfunded_reason")))
			.list();
		return m;
	}

}
