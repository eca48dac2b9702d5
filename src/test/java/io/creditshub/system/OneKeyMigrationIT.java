package io.creditshub.system;

import io.creditshub.persistence.Sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.calls.UsageKeys;
import io.creditshub.ledger.Reconciler;
import io.creditshub.support.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 14: migration V20261130_200 converts a database made before it (the schema of the
 * release at df3c9c3, Flyway version 20261129.175) without losing or changing a row, on
 * H2 (default) and PostgreSQL ({@code -Dcredits.test.db=postgres}). The old schema is
 * made by Flyway with {@code target}, filled with the old schema's SQL (two
 * organizations, 2,400 calls: lower-case GUIDs as Teams writes them, other carriers' ids,
 * upper-case GUIDs of a database older than issue 17, the same text in both
 * organizations; usage entries paid from one lot or split over two (lot_allocation),
 * unfunded ones, a re-rating with its correction_call rows and ADJUSTMENT entries naming
 * the calls), then migrated. Every call, ledger entry, allocation, corrected call, lot
 * and balance reads the same afterwards (UsageIds as text through the views), reconcile
 * is clean (DOMAIN rule 9), and the one key per call refuses the same UsageId again
 * (DOMAIN rule 10). The same check on databases made by the real release with the samples
 * and a 10,000-call file: scripts/migration-check.sh, docs/BENCHMARK.md.
 */
class OneKeyMigrationIT {

	private static final String BEFORE = "20261129.175";

	@TempDir
	Path dir;

	@Test
	void aDatabaseOfTheReleaseBeforeIsConvertedWithoutLosingOrChangingARow() throws Exception {
		DataSource ds = dataSource();
		JdbcTemplate jdbc = new JdbcTemplate(ds);
		flyway(ds).target(BEFORE).load().migrate();
		long t = System.nanoTime();
		new org.springframework.transaction.support.TransactionTemplate(
				new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds))
			.executeWithoutResult(tx -> seed(jdbc));
		System.out.printf("OneKeyMigrationIT: seeded in %d ms%n", (System.nanoTime() - t) / 1_000_000);
		assertThat(new Reconciler(JdbcClient.create(jdbc)).check()).allMatch(Reconciler.OrgCheck::ok);
		List<String> calls = dump(jdbc, "SELECT org_id, usage_id, " + KEPT + " FROM call_record");
		List<String> ledger = dump(jdbc, "SELECT " + LEDGER + " FROM ledger_entry");
		List<String> allocations = dump(jdbc, "SELECT org_id, usage_id, lot_id, amount FROM lot_allocation");
		List<String> corrected = dump(jdbc, "SELECT " + CORRECTED + " FROM correction_call");
		List<String> money = dump(jdbc, "SELECT org_id, balance FROM organization");
		List<String> lots = dump(jdbc, "SELECT lot_id, org_id, amount, remaining FROM lot");
		assertThat(calls).hasSize(2400);
		assertThat(ledger).hasSizeGreaterThan(1500);
		assertThat(allocations).hasSizeGreaterThan(10);
		assertThat(corrected).hasSize(40);

		long started = System.nanoTime();
		flyway(ds).load().migrate();
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(dump(jdbc, "SELECT org_id, usage_id, " + KEPT + " FROM call_view")).isEqualTo(calls);
		assertThat(dump(jdbc, "SELECT " + LEDGER + " FROM ledger_view")).isEqualTo(ledger);
		assertThat(dump(jdbc, "SELECT a.org_id, c.usage_id, a.lot_id, a.amount FROM lot_allocation a "
				+ "JOIN call_view c ON c.call_no = a.call_no"))
			.isEqualTo(allocations);
		assertThat(
				dump(jdbc,
						"SELECT " + ("cc." + CORRECTED.replace(", ", ", cc.")).replace("cc.usage_id", "c.usage_id")
								+ " FROM correction_call cc JOIN call_view c ON c.call_no = cc.call_no"))
			.isEqualTo(corrected);
		assertThat(dump(jdbc, "SELECT org_id, balance FROM organization")).isEqualTo(money);
		assertThat(dump(jdbc, "SELECT lot_id, org_id, amount, remaining FROM lot")).isEqualTo(lots);
		assertThat(new Reconciler(JdbcClient.create(jdbc)).check()).allMatch(Reconciler.OrgCheck::ok);

		// the compact key: a canonical GUID is its own key (no text kept), any other id a
		// name-based key with its text
		jdbc.query("SELECT org_id, usage_key, usage_text, call_no FROM call_record", rs -> {
			UUID key = rs.getObject("usage_key", UUID.class);
			String text = rs.getString("usage_text");
			if (text == null) {
				assertThat(key.version()).isEqualTo(4);
			}
			else {
				assertThat(UsageKeys.isCanonicalGuid(text)).isFalse();
				assertThat(key).isEqualTo(UsageKeys.key(rs.getString("org_id"), text));
			}
		});
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM call_record WHERE usage_text IS NULL", Long.class))
			.isEqualTo(java.util.stream.IntStream.rangeClosed(1, 2000)
				.filter(i -> UsageKeys.isCanonicalGuid(usage(0, i)))
				.count()
					+ java.util.stream.IntStream.rangeClosed(1, 400)
						.filter(i -> UsageKeys.isCanonicalGuid(usage(1, i)))
						.count());
		// DOMAIN rule 10: the one key refuses a UsageId the organization has, whichever
		// form it had
		for (String again : List.of(usage(0, 3), usage(0, 10), usage(0, 97), "shared-1")) {
			assertThatThrownBy(() -> insertCall(jdbc, 900_000, "acme", again)).as(again)
				.isInstanceOf(DuplicateKeyException.class);
		}
		insertCall(jdbc, 900_001, "acme", "a-new-call");
		// new numbers come after the old ones
		String next = TestDatabase.postgres() ? "SELECT nextval('call_no_seq')" : "SELECT NEXT VALUE FOR call_no_seq";
		assertThat(jdbc.queryForObject(next, Long.class)).isEqualTo(2401L);
		System.out.printf(Locale.ROOT, "OneKeyMigrationIT: %d calls, %d entries migrated in %d ms (%s)%n", calls.size(),
				ledger.size(), millis, TestDatabase.postgres() ? "PostgreSQL" : "H2");
	}

	// ------------------------------------------------------------------------------------------------
	// the old data

	static final String KEPT = "call_id, file_id, line_no, user_object_id, upn, display_name, caller_id, call_type, "
			+ "number_type, domestic_international, destination_dialed, destination_number, started_at, ended_at, "
			+ "duration_seconds, producer_charge, producer_connection_fee, producer_currency, capability, rating_status, "
			+ "rate_version_id, rate_id, rate_prefix, rated_destination, billed_seconds, charge, currency, conference_id, "
			+ "user_location";

	static final String LEDGER = "entry_id, org_id, entry_type, amount, unfunded_amount, unfunded_reason, currency, "
			+ "lot_id, usage_id, reference, file_id, line_no, occurred_at, posted_at, funding, pool_type, pool_country, "
			+ "pool_month, pool_minutes, credits_due, book_month, correction_id, corrected_usage_id";

	static final String CORRECTED = "seq, correction_id, org_id, usage_id, started_at, old_version_id, new_version_id, "
			+ "old_cost, new_cost, old_due, new_due, refunded, forfeited, charged, unfunded_change, currency, "
			+ "refusal_changed, new_refusal";

	private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

	/**
	 * The i-th UsageId of an organization: mostly lower-case GUIDs, every 10th another
	 * carrier's id, every 97th an upper-case GUID (before issue 17 the intake kept the
	 * case), and "shared-1" in both organizations.
	 */
	static String usage(int org, int i) {
		if (i == 1) {
			return "shared-1";
		}
		if (i % 97 == 0) {
			return guid(org, i).toUpperCase(Locale.ROOT);
		}
		if (i % 10 == 0) {
			return "sip:" + (org == 0 ? "acme" : "other") + "/call-" + i;
		}
		return guid(org, i);
	}

	private static String guid(int org, int i) {
		Random r = new Random(org * 1_000_003L + i);
		return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
			.toString();
	}

	private void seed(JdbcTemplate jdbc) {
		Instant now = Instant.parse("2025-04-01T00:00:00Z");
		String[] orgs = { "acme", "other" };
		int[] counts = { 2000, 400 };
		for (int o = 0; o < 2; o++) {
			jdbc.update("INSERT INTO organization (org_id, name, currency, country, balance, created_at, updated_at) "
					+ "VALUES (?, ?, 'USD', 'US', 0, ?, ?)", orgs[o], orgs[o], Sql.ts(now), Sql.ts(now));
			jdbc.update(
					"INSERT INTO ingest_file (file_id, kind, org_id, file_name, sha256, status, processed_at) "
							+ "VALUES (?, 'cdr', ?, 'PSTN.calls.csv', ?, 'POSTED', ?)",
					o + 1, orgs[o], "%064d".formatted(o), Sql.ts(now));
			for (int l = 0; l < 2; l++) {
				long lotId = o * 2 + l + 1;
				BigDecimal amount = new BigDecimal(l == 0 ? "3.00" : "100.00");
				jdbc.update(
						"INSERT INTO lot (lot_id, org_id, source, amount, remaining, currency, purchased_at, expires_at, "
								+ "reference, created_at, book_month) VALUES (?, ?, 'PURCHASE', ?, ?, 'USD', ?, ?, ?, ?, '2025-02')",
						lotId, orgs[o], amount, amount, Sql.ts(T0.minusSeconds(86_400 * (l + 1))),
						Sql.ts(T0.plusSeconds(86_400 * (300 + l))), "PO-" + lotId, Sql.ts(now));
				ledger(jdbc, orgs[o], "PURCHASE", amount, BigDecimal.ZERO, null, lotId, null, "PO-" + lotId, null, null,
						T0.minusSeconds(86_400 * (l + 1)), null, null, null, null);
			}
		}
		jdbc.update("INSERT INTO correction_run (correction_id, kind, scope, calls, posted_at) "
				+ "VALUES ('rerate-old', 'RERATE', 'acme', 40, ?)", Sql.ts(now));
		for (int o = 0; o < 2; o++) {
			for (int i = 1; i <= counts[o]; i++) {
				String org = orgs[o], u = usage(o, i);
				Instant start = T0.plusSeconds(i * 37L);
				boolean chargeable = i % 3 != 0;
				BigDecimal charge = chargeable ? new BigDecimal("0.019").multiply(BigDecimal.valueOf(i % 7 + 1))
						: BigDecimal.ZERO;
				jdbc.update(
						"INSERT INTO call_record (org_id, usage_id, " + KEPT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
								+ "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
						org, u, "call-" + i, o + 1, i + 1, "user-" + i % 13, "u" + i % 13 + "@" + org + ".example",
						i % 5 == 0 ? null : "User Ümlaut " + i % 13, "+1425555" + i % 1000,
						chargeable ? "user_out" : "user_in", "user", "International", "Germany", "+4989" + i,
						Sql.ts(start), Sql.ts(start.plusSeconds(i % 7 * 60)), i % 7 * 60,
						i % 11 == 0 ? null : new BigDecimal("0.02"), BigDecimal.ZERO, "USD", "MCOPSTNPP",
						chargeable ? "CHARGEABLE" : "NOT_CHARGEABLE", chargeable ? 1L : null, chargeable ? 7L : null,
						chargeable ? "+49" : null, chargeable ? "Germany" : null, i % 7 * 60, charge, "USD",
						i % 17 == 0 ? "conf-" + i : null, "US");
				if (!chargeable) {
					continue;
				}
				long lot = o * 2 + 2;
				if (i % 50 == 1) { // paid from two lots
					BigDecimal first = new BigDecimal("0.01");
					ledger(jdbc, org, "USAGE", charge.negate(), BigDecimal.ZERO, null, null, u, "call-" + i, o + 1L,
							i + 1, start, "CREDITS", charge, null, null);
					jdbc.update("INSERT INTO lot_allocation (org_id, usage_id, lot_id, amount) VALUES (?, ?, ?, ?)",
							org, u, lot - 1, first);
					jdbc.update("INSERT INTO lot_allocation (org_id, usage_id, lot_id, amount) VALUES (?, ?, ?, ?)",
							org, u, lot, charge.subtract(first));
				}
				else if (i % 29 == 0) { // unfunded
					ledger(jdbc, org, "UNFUNDED_USAGE", BigDecimal.ZERO, charge, "no license", null, u, "call-" + i,
							o + 1L, i + 1, start, "UNFUNDED", charge, null, null);
				}
				else {
					ledger(jdbc, org, "USAGE", charge.negate(), BigDecimal.ZERO, null, lot, u, "call-" + i, o + 1L,
							i + 1, start, "CREDITS", charge, null, null);
				}
			}
		}
		// a re-rating of 40 acme calls: a refund of 0.005 each to the lot that paid,
		// naming the call
		int n = 0;
		for (int i = 2; n < 40; i++) {
			if (i % 3 == 0 || i % 50 == 1 || i % 29 == 0) {
				continue;
			}
			n++;
			String u = usage(0, i);
			jdbc.update("INSERT INTO correction_call (correction_id, org_id, usage_id, started_at, old_version_id, "
					+ "new_version_id, old_cost, new_cost, old_due, new_due, refunded, forfeited, charged, unfunded_change, "
					+ "currency, refusal_changed, new_refusal) VALUES ('rerate-old', 'acme', ?, ?, 1, 2, 0.02, 0.015, 0.02, "
					+ "0.015, 0.005, 0, 0, 0, 'USD', ?, ?)", u, Sql.ts(T0.plusSeconds(i * 37L)), i % 2 == 0,
					i % 4 == 0 ? "now licensed" : null);
			ledger(jdbc, "acme", "ADJUSTMENT", new BigDecimal("0.005"), BigDecimal.ZERO, null, 2L, null,
					"rerate rerate-old: call " + u, null, null, now, "REFUND", new BigDecimal("-0.005"), "rerate-old",
					u);
		}
		// a manual adjustment about no call
		ledger(jdbc, "other", "ADJUSTMENT", new BigDecimal("-1.00"), BigDecimal.ZERO, null, 4L, null,
				"adjustment:adj-1", null, null, now, null, null, "adj-1", null);
		// DOMAIN rule 9: balance = Σ ledger = Σ remaining
		jdbc.update("UPDATE lot SET remaining = amount + COALESCE((SELECT SUM(e.amount) FROM ledger_entry e "
				+ "WHERE e.lot_id = lot.lot_id AND e.entry_type <> 'PURCHASE'), 0) - COALESCE((SELECT SUM(a.amount) "
				+ "FROM lot_allocation a WHERE a.lot_id = lot.lot_id), 0)");
		jdbc.update("UPDATE organization SET balance = (SELECT SUM(amount) FROM ledger_entry e "
				+ "WHERE e.org_id = organization.org_id)");
	}

	private static void ledger(JdbcTemplate jdbc, String org, String type, BigDecimal amount, BigDecimal unfunded,
			String reason, Long lotId, String usageId, String reference, Long fileId, Integer line, Instant at,
			String funding, BigDecimal due, String correctionId, String correctedUsageId) {
		jdbc.update("INSERT INTO ledger_entry (org_id, entry_type, amount, unfunded_amount, unfunded_reason, currency, "
				+ "lot_id, usage_id, reference, file_id, line_no, occurred_at, posted_at, funding, credits_due, book_month, "
				+ "correction_id, corrected_usage_id) VALUES (?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				org, type, amount, unfunded, reason, lotId, usageId, reference, fileId, line, Sql.ts(at),
				Sql.ts(at.plusSeconds(3600)), funding, due,
				java.time.YearMonth.from(at.atOffset(java.time.ZoneOffset.UTC)).toString(), correctionId,
				correctedUsageId);
	}

	private static void insertCall(JdbcTemplate jdbc, long callNo, String org, String usageId) {
		jdbc.update(
				"INSERT INTO call_record (call_no, usage_key, org_id, usage_text, call_id, file_id, line_no, call_type, "
						+ "started_at, ended_at, duration_seconds, rating_status, billed_seconds, charge, currency) "
						+ "VALUES (?, ?, ?, ?, 'c', 1, 1, 'user_out', ?, ?, 0, 'CHARGEABLE', 0, 0, 'USD')",
				callNo, UsageKeys.key(org, usageId), org, UsageKeys.text(usageId), Sql.ts(T0), Sql.ts(T0));
	}

	/**
	 * Every row of a query as text, sorted (the same rows in any order compare equal).
	 */
	private static List<String> dump(JdbcTemplate jdbc, String sql) {
		List<String> rows = new ArrayList<>();
		jdbc.query(sql, rs -> {
			ResultSetMetaData md = rs.getMetaData();
			StringBuilder b = new StringBuilder();
			for (int c = 1; c <= md.getColumnCount(); c++) {
				Object v = rs.getObject(c);
				b.append(c == 1 ? "" : "|")
					.append(v instanceof BigDecimal d ? d.toPlainString()
							: v instanceof java.time.OffsetDateTime t ? t.toInstant().toString()
									: v instanceof java.sql.Timestamp t ? t.toInstant().toString() : String.valueOf(v));
			}
			rows.add(b.toString());
		});
		Collections.sort(rows);
		return rows;
	}

	// ------------------------------------------------------------------------------------------------
	// database

	private DataSource dataSource() throws Exception {
		if (!TestDatabase.postgres()) {
			Files.createDirectories(dir.resolve("db"));
			return new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db/credits-hub")
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
		}
		String base = System.getenv().getOrDefault("CREDITS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
		String user = System.getenv().getOrDefault("CREDITS_TEST_PG_USER", "postgres");
		schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection c = DriverManager.getConnection(base, user, ""); Statement s = c.createStatement()) {
			s.execute("CREATE SCHEMA " + schema);
		}
		return new DriverManagerDataSource(base + "?currentSchema=" + schema, user, "");
	}

	private String schema;

	private org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource ds) {
		var c = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
		return schema == null ? c : c.schemas(schema);
	}

}
