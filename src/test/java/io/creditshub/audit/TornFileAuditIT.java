package io.creditshub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11: the soak once found, after a kill -9 while H2 committed a 5,000-call file,
 * the file's journal row with 489 of its calls (a torn commit). The quick audit made at
 * every start (and every 10 min) counts the calls of the files posted since its last
 * pass, so such a file stops intake at the next start instead of becoming a silent
 * duplicate.
 */
class TornFileAuditIT extends HubIntegrationTest {

	@Autowired
	Auditor auditor;

	@Autowired
	io.creditshub.ledger.Reconciler reconciler;

	/** The reference data, then one call of acme in its own file, posted. */
	private void postOneCall(String file, String usageId) {
		loadReferenceData();
		drop("cdr/acme/" + file, teamsExport(usageId + ",user_out,+12065550100,2025-03-03T08:00:00Z,60"));
		drain();
	}

	@Test
	void theQuickAuditCountsTheFilesPostedSinceItsLastPass() {
		postOneCall("PSTN.calls.first.csv", "tf-1");
		assertThat(auditor.quickAudit().ok()).isTrue();

		drop("cdr/acme/PSTN.calls.torn.csv", teamsExport("tf-2,user_out,+12065550100,2025-03-03T09:00:00Z,60",
				"tf-3,user_out,+12065550100,2025-03-03T10:00:00Z,60"));
		drain();
		// what the torn commit left: the journal counts more calls than the database
		// holds
		jdbc.sql("UPDATE ingest_file SET rows_posted = 5000 WHERE file_name = 'PSTN.calls.torn.csv'").update();
		AuditReport quick = auditor.quickAudit();
		assertThat(quick.ok()).isFalse();
		assertThat(quick.problems()).anySatisfy(
				p -> assertThat(p).contains("acme/PSTN.calls.torn.csv", "posted 5000 calls, the database holds 2"));

		// a file counted by an earlier pass is left to the full audit (audit, reconcile),
		// which counts every file
		jdbc.sql("UPDATE ingest_file SET rows_posted = 2 WHERE file_name = 'PSTN.calls.torn.csv'").update();
		assertThat(auditor.quickAudit().ok()).isTrue();
		jdbc.sql("UPDATE ingest_file SET rows_posted = 7 WHERE file_name = 'PSTN.calls.first.csv'").update();
		assertThat(auditor.quickAudit().ok()).isTrue();
		assertThat(auditor.audit().problems()).anySatisfy(
				p -> assertThat(p).contains("acme/PSTN.calls.first.csv", "posted 7 calls, the database holds 1"));
	}

	/**
	 * ledger_entry.lot_id has no foreign key since issue 14 (it was checked for every
	 * call): the full audit checks what it guarded.
	 */
	@Test
	void theFullAuditFindsALedgerEntryNamingALotThatIsNotItsOrganizations() {
		postOneCall("PSTN.calls.lots.csv", "lk-1");
		assertThat(auditor.audit().ok()).isTrue();
		long entry = jdbc.sql("SELECT MAX(entry_id) FROM ledger_entry WHERE call_no IS NOT NULL AND lot_id IS NOT NULL")
			.query(Long.class)
			.single();
		long lot = jdbc.sql("SELECT lot_id FROM ledger_entry WHERE entry_id = :e")
			.param("e", entry)
			.query(Long.class)
			.single();
		jdbc.sql("UPDATE ledger_entry SET lot_id = :l WHERE entry_id = :e")
			.param("l", lot + 1000)
			.param("e", entry)
			.update();
		assertThat(auditor.audit().problems()).anySatisfy(
				p -> assertThat(p).contains("1 ledger entry names a lot that does not exist or belongs to another"));
		// and reconcile's per-lot check (one grouped pass since the index went) misses
		// the take
		assertThat(reconciler.check()).filteredOn(c -> c.orgId().equals("acme"))
			.singleElement()
			.satisfies(c -> assertThat(c.lotProblems()).singleElement()
				.satisfies(p -> assertThat(p).startsWith("lot " + lot + ": used 0.06 but ledger books 0.00")));
		jdbc.sql("UPDATE ledger_entry SET lot_id = :l WHERE entry_id = :e").param("l", lot).param("e", entry).update();
		assertThat(auditor.audit().ok()).isTrue();
	}

}
