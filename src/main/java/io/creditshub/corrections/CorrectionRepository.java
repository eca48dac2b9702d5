package io.creditshub.corrections;

import io.creditshub.calls.UsageKeys;
import io.creditshub.calls.CallType;
import io.creditshub.licensing.PoolKey;
import io.creditshub.licensing.PoolType;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Correction runs, the calls they changed, and the state of posted calls as corrections
 * left them.
 */
@Repository
class CorrectionRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	CorrectionRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A stored correction run. */
	record Run(String correctionId, String kind, String scope, Instant from, Instant to, Long rateVersionId,
			String reason, String requestedBy, int calls, Instant postedAt) {
	}

	Optional<Run> find(String correctionId) {
		return jdbc
			.sql("""
					SELECT correction_id, kind, scope, period_from, period_to, rate_version_id, reason, requested_by, calls, posted_at
					FROM correction_run WHERE correction_id = :id""")
			.param("id", correctionId)
			.query((rs, i) -> new Run(rs.getString("correction_id"), rs.getString("kind"), rs.getString("scope"),
					Sql.instant(rs, "period_from"), Sql.instant(rs, "period_to"),
					(Long) rs.getObject("rate_version_id", Long.class), rs.getString("reason"),
					rs.getString("requested_by"), rs.getInt("calls"), Sql.instant(rs, "posted_at")))
			.optional();
	}

	List<Run> recent(int limit) {
		return jdbc.sql("SELECT correction_id FROM correction_run ORDER BY posted_at DESC, correction_id LIMIT :n")
			.param("n", limit)
			.query(String.class)
			.list()
			.stream()
			.map(id -> find(id).orElseThrow())
			.toList();
	}

	/**
	 * Inserts the run's row: the first statement of the run's transaction. A second run
	 * with the same id (again, or on another hub at the same time) fails here with a
	 * DuplicateKeyException, after waiting for the first to end.
	 */
	void insertRun(String correctionId, String kind, String scope, Instant from, Instant to, Long rateVersion,
			String reason, String requestedBy) {
		jdbc.sql("""
				INSERT INTO correction_run (correction_id, kind, scope, period_from, period_to, rate_version_id, reason,
				  requested_by, calls, posted_at)
				VALUES (:id, :kind, :scope, :from, :to, :version, :reason, :by, 0, :now)""")
			.param("id", correctionId)
			.param("kind", kind)
			.param("scope", scope)
			.param("from", Sql.ts(from))
			.param("to", Sql.ts(to))
			.param("version", rateVersion)
			.param("reason", Sql.fit(reason, 1000))
			.param("by", Sql.fit(requestedBy, 200))
			.param("now", Sql.ts(clock.instant()))
			.update();
	}

	void setCalls(String correctionId, int calls) {
		jdbc.sql("UPDATE correction_run SET calls = :n WHERE correction_id = :id")
			.param("n", calls)
			.param("id", correctionId)
			.update();
	}

	/** Records a corrected call; its primary key makes a call corrected once per run. */
	void insertCall(String correctionId, CorrectedCall c) {
		jdbc.sql(
				"""
						INSERT INTO correction_call (correction_id, org_id, call_no, started_at, old_version_id, new_version_id,
						  old_cost, new_cost, old_due, new_due, refunded, forfeited, charged, unfunded_change, currency,
						  refusal_changed, new_refusal)
						VALUES (:id, :org, (SELECT call_no FROM call_record WHERE org_id = :org AND usage_key = CAST(:usage AS uuid)),
						  :start, :oldv, :newv, :oldc, :newc, :oldd, :newd, :ref, :forf, :ch, :unf, :cur,
						  :rch, :refusal)""")
			.param("id", correctionId)
			.param("org", c.orgId())
			.param("usage", UsageKeys.key(c.orgId(), c.usageId()).toString())
			.param("start", Sql.ts(c.startedAt()))
			.param("oldv", c.oldVersionId())
			.param("newv", c.newVersionId())
			.param("oldc", c.oldCost())
			.param("newc", c.newCost())
			.param("oldd", c.oldDue())
			.param("newd", c.newDue())
			.param("ref", c.refunded())
			.param("forf", c.forfeited())
			.param("ch", c.charged())
			.param("unf", c.unfundedChange())
			.param("cur", c.currency())
			.param("rch", c.refusalChanged())
			.param("refusal", Sql.fit(c.newRefusal(), 500))
			.update();
	}

	private static PoolKey poolKey(String type, String country, String month) {
		return new PoolKey(country, PoolType.valueOf(type), java.time.YearMonth.parse(month));
	}

	/** Whether the organization has this call (any rating). */
	boolean callExists(String orgId, String usageId) {
		return jdbc.sql("SELECT COUNT(*) FROM call_record WHERE org_id = :org AND usage_key = CAST(:u AS uuid)")
			.param("org", orgId)
			.param("u", UsageKeys.key(orgId, usageId).toString())
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * The posted calls of an organization that started in [from, to), as they stand: the
	 * usage entry and its lot allocations, then every re-rating or re-dating posted for
	 * them since (manual adjustments are not call costs).
	 */
	List<CallState> callStates(String orgId, Instant from, Instant to) {
		Map<String, Object[]> base = new LinkedHashMap<>();
		Map<String, Map<Long, BigDecimal>> paid = new HashMap<>();
		Map<String, Map<PoolKey, Integer>> pools = new HashMap<>();
		jdbc.sql("""
				SELECT """ + UsageKeys.shown("c")
				+ """
						 AS usage_id, c.call_id, c.call_type, c.destination_number, c.started_at, c.duration_seconds,
						  c.rate_version_id, c.charge, c.currency, e.amount, e.unfunded_amount, e.unfunded_reason, e.lot_id,
						  e.pool_minutes, e.credits_due, c.user_object_id, c.caller_id, e.pool_type, e.pool_country, e.pool_month
						FROM call_record c JOIN ledger_entry e ON e.call_no = c.call_no
						WHERE c.org_id = :org AND c.started_at >= :from AND c.started_at < :to AND c.rating_status = 'CHARGEABLE'
						ORDER BY c.started_at, c.call_no""")
			.param("org", orgId)
			.param("from", Sql.ts(from))
			.param("to", Sql.ts(to))
			.query(rs -> {
				String usage = rs.getString("usage_id");
				BigDecimal amount = rs.getBigDecimal("amount");
				BigDecimal unfunded = rs.getBigDecimal("unfunded_amount");
				BigDecimal due = rs.getBigDecimal("credits_due");
				if (due == null) {
					due = amount.negate().add(unfunded);
				}
				Long lot = (Long) rs.getObject("lot_id", Long.class);
				Map<Long, BigDecimal> byLot = new LinkedHashMap<>();
				if (lot != null && amount.signum() != 0) {
					byLot.put(lot, amount.negate());
				}
				paid.put(usage, byLot);
				Map<PoolKey, Integer> held = new LinkedHashMap<>();
				if (rs.getString("pool_type") != null && rs.getObject("pool_minutes") != null) {
					held.put(poolKey(rs.getString("pool_type"), rs.getString("pool_country"),
							rs.getString("pool_month")), rs.getInt("pool_minutes"));
				}
				pools.put(usage, held);
				String reason = rs.getString("unfunded_reason");
				base.put(usage, new Object[] { rs.getString("call_id"), CallType.parse(rs.getString("call_type")),
						rs.getString("destination_number"), Sql.instant(rs, "started_at"),
						rs.getInt("duration_seconds"), rs.getString("currency"),
						(Long) rs.getObject("rate_version_id", Long.class), rs.getBigDecimal("charge"), due, unfunded,
						rs.getObject("pool_minutes") == null ? 0 : rs.getInt("pool_minutes"),
						CallState.refusalOf(reason), rs.getString("user_object_id"), rs.getString("caller_id") });
			});
		if (base.isEmpty()) {
			return List.of();
		}
		jdbc.sql("""
				SELECT """ + UsageKeys.shown("c") + """
				 AS usage_id, a.lot_id, a.amount FROM lot_allocation a
				JOIN call_record c ON c.call_no = a.call_no
				WHERE a.org_id = :org AND c.started_at >= :from AND c.started_at < :to""")
			.param("org", orgId)
			.param("from", Sql.ts(from))
			.param("to", Sql.ts(to))
			.query(rs -> {
				Map<Long, BigDecimal> byLot = paid.get(rs.getString("usage_id"));
				if (byLot != null) {
					byLot.merge(rs.getLong("lot_id"), rs.getBigDecimal("amount"), BigDecimal::add);
				}
			});
		Map<String, BigDecimal> unfundedChange = new HashMap<>();
		jdbc.sql("""
				SELECT """ + UsageKeys.shown("c") + """
				 AS corrected_usage_id, e.lot_id, e.amount, e.unfunded_amount, e.pool_type, e.pool_country,
				  e.pool_month, e.pool_minutes FROM ledger_entry e
				JOIN correction_run r ON r.correction_id = e.correction_id
				JOIN call_record c ON c.call_no = e.corrected_call_no
				WHERE e.org_id = :org AND e.entry_type = 'ADJUSTMENT' AND r.kind <> 'ADJUST'""")
			.param("org", orgId)
			.query(rs -> {
				String usage = rs.getString("corrected_usage_id");
				Map<Long, BigDecimal> byLot = paid.get(usage);
				if (byLot == null) {
					return;
				}
				Long lot = (Long) rs.getObject("lot_id", Long.class);
				if (lot != null) {
					byLot.merge(lot, rs.getBigDecimal("amount").negate(), BigDecimal::add);
				}
				unfundedChange.merge(usage, rs.getBigDecimal("unfunded_amount"), BigDecimal::add);
				if (rs.getString("pool_type") != null && rs.getObject("pool_minutes") != null) {
					pools.get(usage)
						.merge(poolKey(rs.getString("pool_type"), rs.getString("pool_country"),
								rs.getString("pool_month")), rs.getInt("pool_minutes"), Integer::sum);
				}
			});
		Map<String, Object[]> latest = new HashMap<>();
		Map<String, Optional<String>> refusals = new HashMap<>();
		jdbc.sql("""
				SELECT """ + UsageKeys.shown("c") + """
				 AS usage_id, cc.new_version_id, cc.new_cost, cc.new_due, cc.refusal_changed, cc.new_refusal
				FROM correction_call cc JOIN call_record c ON c.call_no = cc.call_no
				WHERE cc.org_id = :org AND cc.started_at >= :from AND cc.started_at < :to ORDER BY cc.seq""")
			.param("org", orgId)
			.param("from", Sql.ts(from))
			.param("to", Sql.ts(to))
			.query(rs -> {
				latest.put(rs.getString("usage_id"), new Object[] { rs.getObject("new_version_id", Long.class),
						rs.getBigDecimal("new_cost"), rs.getBigDecimal("new_due") });
				if (rs.getBoolean("refusal_changed")) {
					refusals.put(rs.getString("usage_id"), Optional.ofNullable(rs.getString("new_refusal")));
				}
			});
		List<CallState> states = new ArrayList<>(base.size());
		base.forEach((usage, f) -> {
			Object[] l = latest.get(usage);
			Long version = l == null ? (Long) f[6] : (Long) l[0];
			BigDecimal cost = l == null ? (BigDecimal) f[7] : (BigDecimal) l[1];
			BigDecimal due = l == null ? (BigDecimal) f[8] : (BigDecimal) l[2];
			BigDecimal unfunded = ((BigDecimal) f[9]).add(unfundedChange.getOrDefault(usage, BigDecimal.ZERO));
			Map<PoolKey, Integer> held = pools.get(usage);
			held.values().removeIf(m -> m == 0);
			int minutes = held.values().stream().mapToInt(Integer::intValue).sum();
			String refusal = refusals.containsKey(usage) ? refusals.get(usage).orElse(null) : (String) f[11];
			states.add(new CallState(orgId, usage, (String) f[0], (CallType) f[1], (String) f[2], (Instant) f[3],
					(Integer) f[4], (String) f[5], version, cost, due, unfunded, paid.get(usage), minutes, refusal,
					(String) f[12], (String) f[13], held));
		});
		return states;
	}

}
