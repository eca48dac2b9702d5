package io.creditshub.corrections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.support.LifecycleIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * DOMAIN rule 11: a license export found to carry the wrong time is re-dated, and the
 * calls between its old and its new time have their funding decided again. User u1 (usage
 * location DE) holds only Teams Phone in the first export (2026-02-01: credits may not
 * pay, no calling plan) and Teams Phone + Domestic Calling Plan + Communications Credits
 * in the second, named 2026-02-20 but really exported on 2026-02-10. Calls are 0.07
 * EUR/min (60/60).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenseRedateIT extends LifecycleIntegrationTest {

	static final String HEADER = "User principal name,Display name,Object Id,Usage location,Licenses,Phone number,Block credential\n";

	static final String U1 = "00000000-0000-0000-0000-000000000001"; // the AAD ObjectId
																		// of
																		// teamsExport's
																		// calls

	@Autowired
	LicenseRedateService redates;

	long secondExport;

	@BeforeAll
	void books() {
		clock.set("2026-03-10T12:00:00Z");
		drop("rates/v1.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From
						+49,Germany,landline,EUR,0.07,0,60,60,2020-01-01
						+33,France,landline,EUR,0.07,0,60,60,2020-01-01
						""");
		assertPosted(drain());
		openAccount("lic", "EUR", null, null, null);
		openAccount("pool", "EUR", null, null, null);
		drop("funds/pool.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\npool,5.00,EUR,2026-01-01T00:00:00Z,POOL-1\n");
		drop("licenses/pool/users-2026-01-01.csv", HEADER + "p1@pool.example,P One," + U1
				+ ",DE,Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan (120 min)+Communications Credits,,False\n");
		drop("funds/lic.csv",
				"Organization Id,Amount,Currency,Purchased At,Order Reference\nlic,10.00,EUR,2026-01-01T00:00:00Z,LIC-1\n");
		drop("licenses/lic/users-2026-02-01.csv",
				HEADER + "u1@lic.example,U One," + U1 + ",DE,Microsoft Teams Phone Standard,+49 30 1234500,False\n");
		assertPosted(drain());
		drop("licenses/lic/users-2026-02-20.csv", HEADER + "u1@lic.example,U One," + U1
				+ ",DE,Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan+Communications Credits,+49 30 1234500,False\n");
		assertPosted(drain());
		drop("cdr/lic/feb.csv", teamsExport("before,user_out,+33140000000,2026-02-05T09:00:00Z,180",
				"d1,user_out,+4930999001,2026-02-12T09:00:00Z,600", "i1,user_out,+33140000000,2026-02-13T09:00:00Z,300",
				"d2,user_out,+4930999001,2026-02-14T09:00:00Z,1200",
				"i2,user_out,+33140000000,2026-02-15T09:00:00Z,480",
				"d3,user_out,+4930999001,2026-02-16T09:00:00Z,1800",
				"after,user_out,+4930999001,2026-02-22T09:00:00Z,600"));
		// pool: 120 included minutes; c1 100 min all included; c2 30 min: 20 included,
		// the last 10 rated from 1200 s
		drop("cdr/pool/feb.csv", teamsExport("c1,user_out,+4930999001,2026-02-03T09:00:00Z,6000",
				"c2,user_out,+4930999001,2026-02-04T09:00:00Z,1800"));
		assertPosted(drain());
		secondExport = jdbc
			.sql("SELECT file_id FROM ingest_file WHERE kind = 'LICENSES' AND file_name LIKE 'users-2026-02-20%'")
			.query(Long.class)
			.single();
	}

	@Autowired
	io.creditshub.licensing.LicenseRepository licenseRepository;

	@Autowired
	io.creditshub.intake.IntakeJournal journal;

	/**
	 * The export's stored time and source (issue 12's license_export), as GET
	 * /api/orgs/{org}/license-exports shows it.
	 */
	String exportTime(long fileId) {
		return licenseRepository.exports("lic")
			.stream()
			.filter(e -> e.fileId() == fileId)
			.map(e -> e.effectiveAt() + " " + e.timeSource() + " stated " + e.statedAt())
			.findFirst()
			.orElseThrow();
	}

	/** The export's line in 'files' (and the operator files API). */
	String filesLine(long fileId) {
		return journal.recent(100).stream().filter(e -> e.fileId() == fileId).findFirst().orElseThrow().licenseTime();
	}

	int poolUsed() {
		return jdbc.sql("SELECT COALESCE(SUM(minutes_used), 0) FROM pool_usage WHERE org_id = 'lic'")
			.query(Integer.class)
			.single();
	}

	/** The call's unfunded part now: its usage entry and every correction of it. */
	BigDecimal unfunded(String usageId) {
		return jdbc.sql(
				"SELECT SUM(unfunded_amount) FROM ledger_view WHERE org_id = 'lic' AND (usage_id = :u OR corrected_usage_id = :u)")
			.param("u", usageId)
			.query(BigDecimal.class)
			.single();
	}

	List<String> entries(String correctionId) {
		return jdbc.sql("""
				SELECT e.corrected_usage_id, e.amount, e.unfunded_amount, e.pool_type, e.pool_minutes FROM ledger_view e
				WHERE e.correction_id = :id ORDER BY e.entry_id""")
			.param("id", correctionId)
			.query((rs, i) -> rs.getString(1) + " " + CorrectionFiles.plain(rs.getBigDecimal(2)) + " unfunded "
					+ CorrectionFiles.plain(rs.getBigDecimal(3))
					+ (rs.getString(4) == null ? "" : " " + rs.getString(4) + " " + rs.getInt(5)))
			.list();
	}

	@Test
	void reDatingAnExportFundsFiveUnfundedCallsFromThePoolAndCreditsAndBack() {
		// as posted: the 5 calls of 12-16 February were judged by the first export: no
		// credits license, all unfunded;
		// the call of the 22nd took 10 min of the DE domestic pool (1200 min: u1 holds
		// the plan in February)
		assertThat(unfunded("d1")).isEqualByComparingTo("0.70");
		assertThat(unfunded("i1")).isEqualByComparingTo("0.35");
		assertThat(unfunded("d2")).isEqualByComparingTo("1.40");
		assertThat(unfunded("i2")).isEqualByComparingTo("0.56");
		assertThat(unfunded("d3")).isEqualByComparingTo("2.10");
		assertThat(poolUsed()).isEqualTo(10);
		assertThat(balance("lic")).isEqualByComparingTo("10.00");

		LicenseRedateService.Result dry = redates.redate(secondExport, Instant.parse("2026-02-10T00:00:00Z"), null,
				true, "test");
		assertThat(dry.calls()).hasSize(5);
		assertThat(count("SELECT COUNT(*) FROM ledger_entry WHERE correction_id IS NOT NULL")).isZero();
		assertThat(poolUsed()).isEqualTo(10); // the dry run changed nothing, license
												// times included
		assertThat(exportTime(secondExport)).isEqualTo("2026-02-20T00:00:00Z FILE_NAME stated 2026-02-20T00:00:00Z");
		assertThat(jdbc.sql("SELECT applied_at FROM license_state WHERE org_id = 'lic'")
			.query(java.time.OffsetDateTime.class)
			.single()
			.toInstant()).isEqualTo(Instant.parse("2026-02-20T00:00:00Z"));

		LicenseRedateService.Result run = redates.redate(secondExport, Instant.parse("2026-02-10T00:00:00Z"), null,
				false, "test");
		assertThat(run.status()).isEqualTo("POSTED");
		assertThat(run.oldAt()).isEqualTo(Instant.parse("2026-02-20T00:00:00Z"));
		// domestic calls now take the DE domestic pool (10 + 20 + 30 min, cost nothing);
		// the international ones have no
		// pool and are paid from credits, 0.35 + 0.56 from LIC-1; every unfunded part
		// goes
		assertThat(entries(run.correctionId())).containsExactly("d1 0.00 unfunded -0.70 DOMESTIC 10",
				"i1 -0.35 unfunded -0.35", "d2 0.00 unfunded -1.40 DOMESTIC 20", "i2 -0.56 unfunded -0.56",
				"d3 0.00 unfunded -2.10 DOMESTIC 30");
		for (String call : List.of("d1", "i1", "d2", "i2", "d3")) {
			assertThat(unfunded(call)).as(call).isEqualByComparingTo("0");
		}
		assertThat(poolUsed()).isEqualTo(70);
		assertThat(balance("lic")).isEqualByComparingTo("9.09"); // 10.00 - 0.35 - 0.56
		assertThat(unfunded("before")).isEqualByComparingTo("0.21"); // before both times:
																		// unchanged
		assertThat(run.csv()).exists();
		assertBooksBalance();
		// the old time is kept
		Map<String, Object> history = jdbc.sql("SELECT old_at, new_at FROM license_redate WHERE file_id = :f")
			.param("f", secondExport)
			.query()
			.singleRow();
		assertThat(history.get("old_at").toString()).contains("2026-02-20");
		assertThat(jdbc.sql("SELECT old_source FROM license_redate WHERE file_id = :f")
			.param("f", secondExport)
			.query(String.class)
			.single()).isEqualTo("FILE_NAME");
		// issue 12's stored time is the new one, source REDATED; the time the file stated
		// stays
		assertThat(exportTime(secondExport)).isEqualTo("2026-02-10T00:00:00Z REDATED stated 2026-02-20T00:00:00Z");
		assertThat(filesLine(secondExport)).isEqualTo("2026-02-10T00:00:00Z (REDATED, stated 2026-02-20T00:00:00Z)");
		// exactly once
		assertThat(redates.redate(secondExport, Instant.parse("2026-02-10T00:00:00Z"), null, false, "test").status())
			.isEqualTo("ALREADY_APPLIED");
		// it may not pass the first export
		assertThatThrownBy(
				() -> redates.redate(secondExport, Instant.parse("2026-01-15T00:00:00Z"), null, false, "test"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("keep their order");
		// nor the time the first export states (issue 12 orders the exports by it; its
		// effective time is the beginning)
		assertThatThrownBy(
				() -> redates.redate(secondExport, Instant.parse("2026-02-01T00:00:00Z"), null, false, "test"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("keep their order");
		// the first export covers every earlier call by rule (DOMAIN rule 11): it is not
		// re-dated
		long firstExport = jdbc
			.sql("SELECT file_id FROM ingest_file WHERE kind = 'LICENSES' AND file_name LIKE 'users-2026-02-01%'")
			.query(Long.class)
			.single();
		assertThatThrownBy(() -> redates.redate(firstExport, Instant.parse("2026-02-05T00:00:00Z"), null, true, "test"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("first export");
		assertThat(exportTime(firstExport)).isEqualTo("2000-01-01T00:00:00Z FIRST_EXPORT stated 2026-02-01T00:00:00Z");
		assertThat(count("SELECT COUNT(*) FROM correction_run WHERE kind = 'REDATE'")).isEqualTo(1);

		// and back: the calls are unfunded again, minutes and credits given back
		LicenseRedateService.Result back = redates.redate(secondExport, Instant.parse("2026-02-20T00:00:00Z"), null,
				false, "test");
		assertThat(entries(back.correctionId())).containsExactly("d1 0.00 unfunded 0.70 DOMESTIC -10",
				"i1 0.35 unfunded 0.35", "d2 0.00 unfunded 1.40 DOMESTIC -20", "i2 0.56 unfunded 0.56",
				"d3 0.00 unfunded 2.10 DOMESTIC -30");
		assertThat(unfunded("d1")).isEqualByComparingTo("0.70");
		assertThat(unfunded("i2")).isEqualByComparingTo("0.56");
		assertThat(poolUsed()).isEqualTo(10);
		assertThat(balance("lic")).isEqualByComparingTo("10.00");
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE org_id = 'lic' AND kind = 'CORRECTION'"))
			.isEqualTo(2);
		// back at its old time, still shown as REDATED (license_redate keeps both
		// re-datings)
		assertThat(exportTime(secondExport)).isEqualTo("2026-02-20T00:00:00Z REDATED stated 2026-02-20T00:00:00Z");
		assertThat(jdbc.sql("SELECT old_source FROM license_redate WHERE file_id = :f ORDER BY redate_id")
			.param("f", secondExport)
			.query(String.class)
			.list()).containsExactly("FILE_NAME", "REDATED");
		assertThat(jdbc.sql("SELECT applied_at FROM license_state WHERE org_id = 'lic'")
			.query(java.time.OffsetDateTime.class)
			.single()
			.toInstant()).isEqualTo(Instant.parse("2026-02-20T00:00:00Z"));
		assertBooksBalance();
	}

	@Autowired
	CorrectionService corrections;

	@Test
	void aReRatingKeepsTheIncludedMinutesAndRatesTheRestFromTheirEnd() {
		assertThat(jdbc.sql("SELECT credits_due FROM ledger_view WHERE org_id = 'pool' AND usage_id = 'c2'")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("0.70"); // 10 min x 0.07
		drop("rates/pool-v2.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From,Effective To
						+49,Germany,landline,EUR,0.07,0,60,60,2020-01-01,
						+49,Germany,landline,EUR,0.05,0,60,60,2026-02-01,2026-03-01
						+33,France,landline,EUR,0.07,0,60,60,2020-01-01,
						""");
		assertPosted(drain());
		CorrectionService.Result r = corrections
			.rerate(new CorrectionService.RerateRequest("pool", Instant.parse("2026-02-01T00:00:00Z"),
					Instant.parse("2026-03-01T00:00:00Z"), null, null, false, "test"));
		// c1 stays fully included (its price 7.00 -> 5.00 is not due from credits); c2:
		// 20 min stay included, the last
		// 10 at 0.05 = 0.50 instead of 0.70: 0.20 back to POOL-1
		assertThat(r.calls()).singleElement().satisfies(c -> {
			assertThat(c.usageId()).isEqualTo("c2");
			assertThat(c.oldCost()).isEqualByComparingTo("2.10");
			assertThat(c.newCost()).isEqualByComparingTo("1.50");
			assertThat(c.newDue()).isEqualByComparingTo("0.50");
			assertThat(c.refunded()).isEqualByComparingTo("0.20");
		});
		assertThat(balance("pool")).isEqualByComparingTo("4.50"); // 5.00 - 0.70 + 0.20
		assertThat(jdbc.sql("SELECT COALESCE(SUM(minutes_used), 0) FROM pool_usage WHERE org_id = 'pool'")
			.query(Integer.class)
			.single()).isEqualTo(120);
		assertBooksBalance();
	}

}
