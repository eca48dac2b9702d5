package io.creditshub.recharge;

import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class RechargeRepository {

	private static final String CANDIDATE_COLUMNS = """
			SELECT o.org_id, o.auto_recharge, o.balance, o.trigger_amount, o.recharge_amount, o.payment_method,
			  (SELECT COUNT(*) FROM recharge_attempt a
			   WHERE a.org_id = o.org_id AND a.status = 'SUCCEEDED' AND a.completed_at > :since) AS recent,
			  CASE WHEN COALESCE(s.payment_method, '') = COALESCE(o.payment_method, '')
			       THEN COALESCE(s.consecutive_failures, 0) ELSE 0 END AS failures,
			  CASE WHEN s.paused_at IS NOT NULL AND COALESCE(s.payment_method, '') = COALESCE(o.payment_method, '')
			       THEN 1 ELSE 0 END AS paused
			FROM organization o LEFT JOIN recharge_state s ON s.org_id = o.org_id
			""";

	private static final String ATTEMPT_COLUMNS = "attempt_id, org_id, attempt_key, kind, business_date, idempotency_key, "
			+ "amount, currency, payment_method, status, outcome_code, outcome_message, gateway_reference, lot_id, "
			+ "claimed_by, claim_token, claimed_at, created_at, completed_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	RechargeRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * DOMAIN rule 4, set-based: every account with auto-recharge on and its balance below
	 * its trigger that has no attempt for this night yet, with what the guard rails need
	 * (recharges since {@code since}, consecutive failures, pause). One query for all
	 * accounts.
	 */
	List<RechargePolicy.Candidate> nightlyCandidates(String attemptKey, Instant since) {
		return jdbc.sql(CANDIDATE_COLUMNS + """
				WHERE o.auto_recharge = true AND o.trigger_amount IS NOT NULL AND o.balance < o.trigger_amount
				  AND NOT EXISTS (SELECT 1 FROM recharge_attempt a WHERE a.org_id = o.org_id AND a.attempt_key = :key)
				ORDER BY o.org_id""")
			.param("since", Sql.ts(since))
			.param("key", attemptKey)
			.query(RechargeRepository::candidate)
			.list();
	}

	/** The same figures for one account (re-read under its row lock). */
	Optional<RechargePolicy.Candidate> candidate(String orgId, Instant since) {
		return jdbc.sql(CANDIDATE_COLUMNS + " WHERE o.org_id = :org")
			.param("since", Sql.ts(since))
			.param("org", orgId)
			.query(RechargeRepository::candidate)
			.optional();
	}

	boolean attemptExists(String orgId, String attemptKey) {
		return jdbc.sql("SELECT COUNT(*) FROM recharge_attempt WHERE org_id = :org AND attempt_key = :key")
			.param("org", orgId)
			.param("key", attemptKey)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Inserts an attempt; with status QUEUED from a posting transaction it never fails
	 * (NOT EXISTS).
	 */
	long insert(String orgId, String attemptKey, String kind, LocalDate businessDate, String idempotencyKey,
			BigDecimal amount, String currency, String paymentMethod, String status, String claimedBy,
			String claimToken) {
		Instant now = clock.instant();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		int n = jdbc
			.sql("""
					INSERT INTO recharge_attempt (org_id, attempt_key, kind, business_date, idempotency_key, amount, currency,
					  payment_method, status, claimed_by, claim_token, claimed_at, created_at)
					SELECT :org, :key, :kind, :date, :idem, :amount, :currency, :pm, :status, :by, :token, :claimedAt, :now
					WHERE NOT EXISTS (SELECT 1 FROM recharge_attempt WHERE org_id = :org AND attempt_key = :key)""")
			.param("org", orgId)
			.param("key", attemptKey)
			.param("kind", kind)
			.param("date", businessDate)
			.param("idem", idempotencyKey)
			.param("amount", amount)
			.param("currency", currency)
			.param("pm", paymentMethod)
			.param("status", status)
			.param("by", claimedBy)
			.param("token", claimToken)
			.param("claimedAt", claimToken == null ? null : Sql.ts(now))
			.param("now", Sql.ts(now))
			.update(keys, "attempt_id");
		return n == 0 ? -1 : keys.getKey().longValue();
	}

	Optional<Attempt> find(long attemptId) {
		return jdbc.sql("SELECT " + ATTEMPT_COLUMNS + " FROM recharge_attempt WHERE attempt_id = :id")
			.param("id", attemptId)
			.query(RechargeRepository::attempt)
			.optional();
	}

	List<Attempt> withStatus(String status) {
		return jdbc.sql("SELECT " + ATTEMPT_COLUMNS + " FROM recharge_attempt WHERE status = :s ORDER BY attempt_id")
			.param("s", status)
			.query(RechargeRepository::attempt)
			.list();
	}

	List<Attempt> history(String orgId, int limit) {
		return jdbc
			.sql("SELECT " + ATTEMPT_COLUMNS + " FROM recharge_attempt WHERE org_id = :org ORDER BY attempt_id DESC")
			.param("org", orgId)
			.query(RechargeRepository::attempt)
			.list()
			.stream()
			.limit(limit)
			.toList();
	}

	/**
	 * The last finished attempt of an account (to re-use the key of one whose outcome is
	 * unknown).
	 */
	Optional<Attempt> lastFinished(String orgId) {
		return jdbc.sql("SELECT " + ATTEMPT_COLUMNS + """
				 FROM recharge_attempt WHERE org_id = :org AND status IN ('SUCCEEDED', 'FAILED')
				ORDER BY attempt_id DESC""")
			.param("org", orgId)
			.query(RechargeRepository::attempt)
			.list()
			.stream()
			.findFirst();
	}

	/**
	 * Takes an attempt (QUEUED, or PENDING with {@code expectedToken}) for this instance.
	 */
	boolean claim(long attemptId, String expectedStatus, String expectedToken, String by, String token,
			String idempotencyKey, BigDecimal amount, String paymentMethod) {
		return jdbc
			.sql("""
					UPDATE recharge_attempt SET status = 'PENDING', claimed_by = :by, claim_token = :token, claimed_at = :now,
					  idempotency_key = :idem, amount = :amount, payment_method = :pm
					WHERE attempt_id = :id AND status = :status AND COALESCE(claim_token, '') = COALESCE(:old, '')""")
			.param("by", by)
			.param("token", token)
			.param("now", Sql.ts(clock.instant()))
			.param("idem", idempotencyKey)
			.param("amount", amount)
			.param("pm", paymentMethod)
			.param("id", attemptId)
			.param("status", expectedStatus)
			.param("old", expectedToken)
			.update() == 1;
	}

	/** Records the outcome if this claim still holds the attempt. */
	boolean complete(long attemptId, String status, String token, String code, String message, String reference) {
		return jdbc
			.sql("""
					UPDATE recharge_attempt SET status = :status, outcome_code = :code, outcome_message = :message,
					  gateway_reference = :ref, completed_at = :now
					WHERE attempt_id = :id AND status IN ('PENDING', 'QUEUED') AND COALESCE(claim_token, '') = COALESCE(:token, '')""")
			.param("status", status)
			.param("code", code)
			.param("message", Sql.fit(message, 1000))
			.param("ref", reference)
			.param("now", Sql.ts(clock.instant()))
			.param("id", attemptId)
			.param("token", token)
			.update() == 1;
	}

	void setLot(long attemptId, long lotId) {
		jdbc.sql("UPDATE recharge_attempt SET lot_id = :lot WHERE attempt_id = :id")
			.param("lot", lotId)
			.param("id", attemptId)
			.update();
	}

	record State(int failures, String paymentMethod, Instant pausedAt) {
	}

	Optional<State> state(String orgId) {
		return jdbc
			.sql("SELECT consecutive_failures, payment_method, paused_at FROM recharge_state WHERE org_id = :org")
			.param("org", orgId)
			.query((rs, i) -> new State(rs.getInt("consecutive_failures"), rs.getString("payment_method"),
					Sql.instant(rs, "paused_at")))
			.optional();
	}

	/** Writes the guard-rail state (the caller holds the organization's row lock). */
	void saveState(String orgId, int failures, String paymentMethod, Instant pausedAt, String reason) {
		var p = new java.util.HashMap<String, Object>();
		p.put("org", orgId);
		p.put("n", failures);
		p.put("pm", paymentMethod);
		p.put("paused", Sql.ts(pausedAt));
		p.put("reason", Sql.fit(reason, 1000));
		p.put("now", Sql.ts(clock.instant()));
		int n = jdbc.sql("""
				UPDATE recharge_state SET consecutive_failures = :n, payment_method = :pm, paused_at = :paused,
				  pause_reason = :reason, updated_at = :now WHERE org_id = :org""").params(p).update();
		if (n == 0) {
			jdbc.sql(
					"""
							INSERT INTO recharge_state (org_id, consecutive_failures, payment_method, paused_at, pause_reason, updated_at)
							VALUES (:org, :n, :pm, :paused, :reason, :now)""")
				.params(p)
				.update();
		}
	}

	/** Changes an account's auto-recharge settings (the caller holds its row lock). */
	void updateSettings(String orgId, boolean enabled, BigDecimal trigger, BigDecimal amount, String paymentMethod) {
		jdbc.sql("""
				UPDATE organization SET auto_recharge = :auto, trigger_amount = :trigger, recharge_amount = :amount,
				  payment_method = :pm, updated_at = :now WHERE org_id = :org""")
			.param("auto", enabled)
			.param("trigger", trigger)
			.param("amount", amount)
			.param("pm", paymentMethod)
			.param("now", Sql.ts(clock.instant()))
			.param("org", orgId)
			.update();
	}

	private static RechargePolicy.Candidate candidate(ResultSet rs, int row) throws SQLException {
		return new RechargePolicy.Candidate(rs.getString("org_id"), rs.getBoolean("auto_recharge"),
				rs.getBigDecimal("balance"), rs.getBigDecimal("trigger_amount"), rs.getBigDecimal("recharge_amount"),
				rs.getString("payment_method"), rs.getInt("recent"), rs.getInt("failures"), rs.getInt("paused") == 1);
	}

	private static Attempt attempt(ResultSet rs, int row) throws SQLException {
		return new Attempt(rs.getLong("attempt_id"), rs.getString("org_id"), rs.getString("attempt_key"),
				rs.getString("kind"), rs.getObject("business_date", LocalDate.class), rs.getString("idempotency_key"),
				rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("payment_method"),
				rs.getString("status"), rs.getString("outcome_code"), rs.getString("outcome_message"),
				rs.getString("gateway_reference"), (Long) rs.getObject("lot_id", Long.class),
				rs.getString("claimed_by"), rs.getString("claim_token"), Sql.instant(rs, "claimed_at"),
				Sql.instant(rs, "created_at"), Sql.instant(rs, "completed_at"));
	}

}
