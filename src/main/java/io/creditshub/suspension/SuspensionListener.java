package io.creditshub.suspension;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.BalanceListener;
import io.creditshub.ledger.EntryType;
import io.creditshub.notify.EmailTemplates;
import io.creditshub.notify.MailOutbox;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * DOMAIN rule 8, inside the posting transaction: when a balance reaches zero the account
 * is marked suspended, a SUSPEND event is queued for the carrier file and the admins'
 * email is queued; when funds are added to a suspended account (a purchase, a recharge)
 * it is resumed with a RESUME event. The carrier file is written after the commit
 * ({@link CarrierPublisher}).
 */
@Component
class SuspensionListener implements BalanceListener {

	private static final Logger log = LoggerFactory.getLogger(SuspensionListener.class);

	private final JdbcClient jdbc;

	private final OrganizationRepository organizations;

	private final MailOutbox mail;

	private final BusinessCalendar calendar;

	private final Clock clock;

	SuspensionListener(JdbcClient jdbc, OrganizationRepository organizations, MailOutbox mail,
			BusinessCalendar calendar, Clock clock) {
		this.jdbc = jdbc;
		this.organizations = organizations;
		this.mail = mail;
		this.calendar = calendar;
		this.clock = clock;
	}

	@Override
	public void balanceChanged(String orgId, BigDecimal before, BigDecimal after, EntryType cause, Instant at) {
		if (before.signum() > 0 && after.signum() <= 0) {
			suspend(orgId, at, cause == EntryType.USAGE || cause == EntryType.UNFUNDED_USAGE,
					"balance reached zero (" + cause.name().toLowerCase(java.util.Locale.ROOT) + ")");
		}
		else if (after.signum() > 0 && before.compareTo(after) < 0) {
			resume(orgId, at, "funds added (" + cause.name().toLowerCase(java.util.Locale.ROOT) + ")");
		}
	}

	/**
	 * @param at when the balance reached zero: for usage, the start of the call that used
	 * up the funds
	 */
	private void suspend(String orgId, Instant at, boolean byCall, String reason) {
		int changed = jdbc.sql("UPDATE organization SET suspended = true WHERE org_id = :id AND suspended = false")
			.param("id", orgId)
			.update();
		if (changed == 0) {
			return;
		}
		long eventId = event(orgId, "SUSPEND", at, byCall ? at : null, reason);
		Organization o = organizations.find(orgId).orElseThrow();
		mail.enqueue(EmailTemplates.zeroBalance(account(o), "zero-balance:" + orgId + ":" + eventId, at,
				o.autoRecharge(), calendar.zone()));
		log.warn("{} suspended: {}", orgId, reason);
	}

	private void resume(String orgId, Instant at, String reason) {
		int changed = jdbc.sql("UPDATE organization SET suspended = false WHERE org_id = :id AND suspended = true")
			.param("id", orgId)
			.update();
		if (changed == 1) {
			event(orgId, "RESUME", at, null, reason);
			log.info("{} resumed: {}", orgId, reason);
		}
	}

	/**
	 * created_at is the moment the hub decided, the carrier file's Time (DOMAIN rule 8).
	 */
	private long event(String orgId, String action, Instant at, Instant callStartedAt, String reason) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO suspension_event (org_id, action, occurred_at, call_started_at, reason, created_at)
				VALUES (:org, :action, :at, :call, :reason, :now)""")
			.param("org", orgId)
			.param("action", action)
			.param("at", Sql.ts(at))
			.param("call", Sql.ts(callStartedAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("reason", Sql.fit(reason, 500))
			.param("now", Sql.ts(clock.instant()))
			.update(keys, "event_id");
		return keys.getKey().longValue();
	}

	static EmailTemplates.Account account(Organization o) {
		return new EmailTemplates.Account(o.orgId(), o.name(), o.currency(), o.adminEmails());
	}

}
