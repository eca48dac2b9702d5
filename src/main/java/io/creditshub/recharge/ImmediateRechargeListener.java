package io.creditshub.recharge;

import io.creditshub.funds.BalanceListener;
import io.creditshub.ledger.EntryType;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.config.LifecycleProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Optional immediate recharge (credits.recharge.immediate, default on): when intake
 * drives a balance from at or above the trigger to below it, an attempt is QUEUED in the
 * posting transaction; it is charged after the commit by
 * {@link RechargeService#runQueued} (the recharge-immediate route, or run --once). The
 * need is "below the trigger since the account's last lot was added", so one crossing
 * queues one attempt.
 */
@Component
class ImmediateRechargeListener implements BalanceListener {

	private final JdbcClient jdbc;

	private final RechargeRepository repository;

	private final BusinessCalendar calendar;

	private final LifecycleProperties.Recharge config;

	ImmediateRechargeListener(JdbcClient jdbc, RechargeRepository repository, BusinessCalendar calendar,
			LifecycleProperties properties) {
		this.jdbc = jdbc;
		this.repository = repository;
		this.calendar = calendar;
		this.config = properties.getRecharge();
	}

	@Override
	public void balanceChanged(String orgId, BigDecimal before, BigDecimal after, EntryType cause, Instant at) {
		if (!config.isImmediate() || cause != EntryType.USAGE || after.compareTo(before) >= 0) {
			return;
		}
		Map<String, Object> o = jdbc.sql("""
				SELECT auto_recharge, trigger_amount, recharge_amount, payment_method, currency,
				  (SELECT MAX(lot_id) FROM lot WHERE lot.org_id = organization.org_id) AS last_lot
				FROM organization WHERE org_id = :id""").param("id", orgId).query().singleRow();
		BigDecimal trigger = (BigDecimal) o.get("trigger_amount");
		BigDecimal amount = (BigDecimal) o.get("recharge_amount");
		if (!Boolean.TRUE.equals(o.get("auto_recharge")) || trigger == null || amount == null || amount.signum() <= 0) {
			return;
		}
		if (before.compareTo(trigger) < 0 || after.compareTo(trigger) >= 0) {
			return; // not a crossing: the nightly batch handles an account that was
					// already below
		}
		String key = "immediate:" + o.get("last_lot");
		repository.insert(orgId, key, "IMMEDIATE", calendar.today(), "credits-hub:" + orgId + ":" + key, amount,
				(String) o.get("currency"), (String) o.get("payment_method"), "QUEUED", null, null);
	}

}
