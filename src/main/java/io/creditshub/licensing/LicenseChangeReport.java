package io.creditshub.licensing;

import io.creditshub.calls.CallType;
import io.creditshub.funds.FundsService;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.Rate;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * When a license file arrives after calls it covers were already settled, nothing is
 * re-charged; this lists the calls whose funding would change under the new licenses
 * (eligible pool, or whether credits may pay).
 */
@Service
public class LicenseChangeReport {

	private final JdbcClient jdbc;

	private final FundingPolicy policy;

	private final RateTableRepository rateTables;

	public LicenseChangeReport(JdbcClient jdbc, FundingPolicy policy, RateTableRepository rateTables) {
		this.jdbc = jdbc;
		this.policy = policy;
		this.rateTables = rateTables;
	}

	/** One settled call whose funding would differ. */
	public record Change(String usageId, Instant startedAt, String callType, String user, String was, String wouldBe,
			boolean unfunds) {
	}

	public List<Change> changesSince(String orgId, Instant at, LicenseBook book) {
		Map<Long, Map<Long, Rate>> rates = new HashMap<>();
		List<Change> changes = new ArrayList<>();
		jdbc.sql("""
				SELECT """ + io.creditshub.calls.UsageKeys.shown("c") + """
				 AS usage_id, e.pool_type, e.unfunded_reason, c.call_type, c.user_object_id, c.caller_id,
				  c.destination_number, c.started_at, c.duration_seconds, c.rate_version_id, c.rate_id, c.charge
				FROM ledger_entry e JOIN call_record c ON c.call_no = e.call_no
				WHERE e.org_id = :org AND e.call_no IS NOT NULL AND e.occurred_at >= :at
				ORDER BY c.started_at, c.call_no""").param("org", orgId).param("at", Sql.ts(at)).query((rs, i) -> {
			long version = rs.getLong("rate_version_id");
			Rate rate = rates.computeIfAbsent(version, v -> {
				Map<Long, Rate> byId = new HashMap<>();
				rateTables.rates(v).forEach(r -> byId.put(r.id(), r));
				return byId;
			}).get(rs.getLong("rate_id"));
			FundingPolicy.Call call = new FundingPolicy.Call(CallType.parse(rs.getString("call_type")),
					rs.getString("user_object_id"), rs.getString("caller_id"), rs.getString("destination_number"),
					Sql.instant(rs, "started_at"), rs.getInt("duration_seconds"), rate, rs.getBigDecimal("charge"));
			Optional<LicenseRecord> payer = policy.payer(call, book);
			String newPool = payer.flatMap(p -> policy.eligiblePool(call, p, book.catalog()))
				.map(k -> k.type().name())
				.orElse(null);
			String newRefusal = policy.refusal(call, payer);
			String oldPool = rs.getString("pool_type");
			String oldReason = rs.getString("unfunded_reason");
			boolean oldAllowed = oldReason == null || FundsService.isFundsShortage(oldReason);
			if (!Objects.equals(oldPool, newPool) || oldAllowed != (newRefusal == null)) {
				changes.add(new Change(rs.getString("usage_id"), call.startedAt(), call.type().label(),
						call.userObjectId(), describe(oldPool, oldAllowed ? null : oldReason),
						describe(newPool, newRefusal), oldAllowed && newRefusal != null));
			}
			return BigDecimal.ZERO;
		}).list();
		return changes;
	}

	private static String describe(String pool, String refusal) {
		return "pool " + (pool == null ? "none" : PoolType.valueOf(pool).label()) + ", credits "
				+ (refusal == null ? "allowed" : "refused (" + refusal + ")");
	}

}
