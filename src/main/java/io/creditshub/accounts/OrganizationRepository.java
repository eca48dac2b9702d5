package io.creditshub.accounts;

import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OrganizationRepository {

	private static final String COLUMNS = "org_id, name, currency, country, admin_emails, finance_emails, auto_recharge, "
			+ "trigger_amount, recharge_amount, payment_method, balance, suspended";

	private final JdbcClient jdbc;

	private final Clock clock;

	public OrganizationRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Optional<Organization> find(String orgId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM organization WHERE org_id = :id")
			.param("id", orgId)
			.query(OrganizationRepository::map)
			.optional();
	}

	public List<Organization> findAll() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM organization ORDER BY org_id")
			.query(OrganizationRepository::map)
			.list();
	}

	/**
	 * Locks the organization's row until the transaction ends: postings of one
	 * organization are serialized (two files, or two hub instances, never interleave
	 * their lot takes).
	 */
	public Optional<Organization> lock(String orgId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM organization WHERE org_id = :id FOR UPDATE")
			.param("id", orgId)
			.query(OrganizationRepository::map)
			.optional();
	}

	/**
	 * Inserts a new organization or updates the settings of an existing one (never its
	 * balance).
	 */
	public boolean upsert(Organization o) {
		Instant now = clock.instant();
		int updated = jdbc.sql("""
				UPDATE organization SET name = :name, currency = :currency, country = :country,
				  admin_emails = :admins, finance_emails = :finance, auto_recharge = :auto,
				  trigger_amount = :trigger, recharge_amount = :recharge, payment_method = :pm, updated_at = :now
				WHERE org_id = :id""").params(params(o, now)).update();
		if (updated == 0) {
			jdbc.sql(
					"""
							INSERT INTO organization (org_id, name, currency, country, admin_emails, finance_emails, auto_recharge,
							  trigger_amount, recharge_amount, payment_method, balance, suspended, created_at, updated_at)
							VALUES (:id, :name, :currency, :country, :admins, :finance, :auto, :trigger, :recharge, :pm, 0, false, :now, :now)""")
				.params(params(o, now))
				.update();
			return true;
		}
		return false;
	}

	private static java.util.Map<String, Object> params(Organization o, Instant now) {
		var p = new java.util.HashMap<String, Object>();
		p.put("id", o.orgId());
		p.put("name", o.name());
		p.put("currency", o.currency());
		p.put("country", o.country());
		p.put("admins", String.join(";", o.adminEmails()));
		p.put("finance", String.join(";", o.financeEmails()));
		p.put("auto", o.autoRecharge());
		p.put("trigger", o.triggerAmount());
		p.put("recharge", o.rechargeAmount());
		p.put("pm", o.paymentMethod());
		p.put("now", Sql.ts(now));
		return p;
	}

	/**
	 * Moves the balance; called in the same transaction as the ledger entries that
	 * explain it (DOMAIN rule 9).
	 */
	public void addToBalance(String orgId, BigDecimal delta) {
		jdbc.sql("UPDATE organization SET balance = balance + :delta, updated_at = :now WHERE org_id = :id")
			.param("delta", delta)
			.param("now", Sql.ts(clock.instant()))
			.param("id", orgId)
			.update();
	}

	public BigDecimal balance(String orgId) {
		return jdbc.sql("SELECT balance FROM organization WHERE org_id = :id")
			.param("id", orgId)
			.query(BigDecimal.class)
			.single();
	}

	public boolean hasLedger(String orgId) {
		return jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE org_id = :id")
			.param("id", orgId)
			.query(Long.class)
			.single() > 0;
	}

	static Organization map(ResultSet rs, int row) throws SQLException {
		return new Organization(rs.getString("org_id"), rs.getString("name"), rs.getString("currency"),
				rs.getString("country"), split(rs.getString("admin_emails")), split(rs.getString("finance_emails")),
				rs.getBoolean("auto_recharge"), rs.getBigDecimal("trigger_amount"), rs.getBigDecimal("recharge_amount"),
				rs.getString("payment_method"), rs.getBigDecimal("balance"), rs.getBoolean("suspended"));
	}

	private static List<String> split(String s) {
		return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(";")).map(String::strip).toList();
	}

}
