package io.creditshub.expiry;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.notify.EmailTemplates;
import io.creditshub.notify.MailOutbox;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.config.LifecycleProperties;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The expiry batch (DOMAIN rule 3) for a business date: every lot with money left whose
 * expiry is before the date's cutoff is forfeited (an EXPIRY entry naming the lot, amount
 * = -remaining, in one transaction per organization with the balance move and the admins'
 * email); lots with money left expiring within the warning windows get their warning
 * email, each once (its dedup key names the lot and the window). A re-run finds nothing
 * more to do.
 */
@Service("expiryService")
public class ExpiryService {

	private static final Logger log = LoggerFactory.getLogger(ExpiryService.class);

	private final JdbcClient jdbc;

	private final OrganizationRepository organizations;

	private final FundsService funds;

	private final MailOutbox mail;

	private final TransactionTemplate tx;

	private final BusinessCalendar calendar;

	private final List<Integer> warningDays;

	ExpiryService(JdbcClient jdbc, OrganizationRepository organizations, FundsService funds, MailOutbox mail,
			TransactionTemplate tx, BusinessCalendar calendar, LifecycleProperties properties) {
		this.jdbc = jdbc;
		this.organizations = organizations;
		this.funds = funds;
		this.mail = mail;
		this.tx = tx;
		this.calendar = calendar;
		this.warningDays = List.copyOf(properties.getExpiry().getWarningDays());
	}

	/** The nightly batch as scheduled: for the business date that just ended. */
	public ExpiryReport runLastNight() {
		return run(calendar.lastNight());
	}

	public ExpiryReport run(LocalDate businessDate) {
		Instant cutoff = calendar.cutoff(businessDate);
		ExpiryReport report = new ExpiryReport(businessDate);
		// set-based: the organizations with a lot to forfeit
		List<String> orgs = jdbc.sql("""
				SELECT DISTINCT org_id FROM lot WHERE remaining > 0 AND expires_at <= :cutoff ORDER BY org_id""")
			.param("cutoff", Sql.ts(cutoff))
			.query(String.class)
			.list();
		for (String orgId : orgs) {
			tx.executeWithoutResult(status -> forfeit(orgId, cutoff, businessDate, report));
		}
		int maxDays = Collections.max(warningDays);
		List<LotRow> soon = lots(
				"""
						SELECT lot_id, org_id, reference, remaining, currency, purchased_at, expires_at FROM lot
						WHERE remaining > 0 AND expires_at > :cutoff AND expires_at <= :horizon ORDER BY org_id, expires_at, lot_id""",
				cutoff, cutoff.plus(Duration.ofDays(maxDays)), null);
		for (LotRow lot : soon) {
			Optional<Integer> days = ExpiryPlanner.warningDue(lot.expiresAt, cutoff, warningDays);
			if (days.isEmpty()) {
				continue;
			}
			boolean queued = tx.execute(status -> {
				Organization o = organizations.lock(lot.orgId).orElseThrow();
				return mail.enqueue(EmailTemplates.fundsExpiring(account(o),
						"funds-expiring:" + lot.orgId + ":" + lot.lotId + ":" + days.get() + "d", days.get(),
						lot.reference, lot.remaining, lot.expiresAt, calendar.zone()));
			});
			if (queued) {
				report.lines()
					.add(new ExpiryReport.Line(lot.orgId, lot.lotId, lot.reference, "WARNED_" + days.get() + "D",
							lot.remaining, lot.currency));
			}
		}
		log.info("{}", report);
		return report;
	}

	private void forfeit(String orgId, Instant cutoff, LocalDate businessDate, ExpiryReport report) {
		Organization o = organizations.lock(orgId).orElseThrow();
		// re-read under the lock: a concurrent run that got here first left nothing
		for (LotRow lot : lots("""
				SELECT lot_id, org_id, reference, remaining, currency, purchased_at, expires_at FROM lot
				WHERE org_id = :org AND remaining > 0 AND expires_at <= :cutoff ORDER BY expires_at, lot_id""", cutoff,
				null, orgId)) {
			BigDecimal forfeited = funds.forfeitLot(orgId, lot.lotId, lot.expiresAt,
					"expiry " + businessDate + " of " + lot.reference);
			mail.enqueue(
					EmailTemplates.fundsExpired(account(o), "funds-expired:" + orgId + ":" + lot.lotId, lot.reference,
							forfeited, lot.purchasedAt, lot.expiresAt, organizations.balance(orgId), calendar.zone()));
			report.lines()
				.add(new ExpiryReport.Line(orgId, lot.lotId, lot.reference, "EXPIRED", forfeited, lot.currency));
			log.info("lot {} of {} ({}) expired at {}: {} {} forfeited", lot.lotId, orgId, lot.reference, lot.expiresAt,
					forfeited.toPlainString(), lot.currency);
		}
	}

	private List<LotRow> lots(String sql, Instant cutoff, Instant horizon, String orgId) {
		var spec = jdbc.sql(sql).param("cutoff", Sql.ts(cutoff));
		if (horizon != null) {
			spec = spec.param("horizon", Sql.ts(horizon));
		}
		if (orgId != null) {
			spec = spec.param("org", orgId);
		}
		return spec
			.query((rs, i) -> new LotRow(rs.getLong("lot_id"), rs.getString("org_id"), rs.getString("reference"),
					rs.getBigDecimal("remaining"), rs.getString("currency"), Sql.instant(rs, "purchased_at"),
					Sql.instant(rs, "expires_at")))
			.list();
	}

	private static EmailTemplates.Account account(Organization o) {
		return new EmailTemplates.Account(o.orgId(), o.name(), o.currency(), o.adminEmails());
	}

	private record LotRow(long lotId, String orgId, String reference, BigDecimal remaining, String currency,
			Instant purchasedAt, Instant expiresAt) {
	}

}
