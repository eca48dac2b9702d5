package io.creditshub.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checks DOMAIN rule 9 for every organization: sum of ledger entries = balance = sum of
 * remaining lot amounts, and for every lot: what it lost (amount - remaining) = what the
 * ledger says was taken from it.
 */
@Service
public class Reconciler {

	private final JdbcClient jdbc;

	public Reconciler(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One organization's figures. */
	public record OrgCheck(String orgId, String currency, BigDecimal ledger, BigDecimal balance, BigDecimal lots,
			List<String> lotProblems) {

		public boolean ok() {
			return ledger.compareTo(balance) == 0 && balance.compareTo(lots) == 0 && lotProblems.isEmpty();
		}

	}

	public List<OrgCheck> check() {
		List<OrgCheck> checks = new ArrayList<>(jdbc.sql("""
				SELECT o.org_id, o.currency, o.balance,
				  COALESCE((SELECT SUM(e.amount) FROM ledger_entry e WHERE e.org_id = o.org_id), 0) AS ledger,
				  COALESCE((SELECT SUM(l.remaining) FROM lot l WHERE l.org_id = o.org_id), 0) AS lots
				FROM organization o ORDER BY o.org_id""")
			.query((rs, i) -> new OrgCheck(rs.getString("org_id"), rs.getString("currency"), rs.getBigDecimal("ledger"),
					rs.getBigDecimal("balance"), rs.getBigDecimal("lots"), new ArrayList<>()))
			.list());
		// a lot's own origin is not a take: its PURCHASE / RECHARGE entry, or the
		// ADJUSTMENT that created it (a positive
		// manual adjustment, whose reference is the lot's); refunds of corrections
		// (ADJUSTMENT > 0) give back
		// one grouped pass over the ledger, not a look-up per lot: ledger_entry.lot_id
		// has
		// no index (it would grow by one entry per call; issue 14)
		List<Object[]> lots = jdbc.sql("""
				SELECT l.org_id, l.lot_id, l.amount - l.remaining AS used,
				  COALESCE(t.taken, 0) + COALESCE(a.allocated, 0) AS booked
				FROM lot l
				LEFT JOIN (SELECT e.lot_id, -SUM(e.amount) AS taken
				           FROM ledger_entry e JOIN lot o ON o.lot_id = e.lot_id
				           WHERE e.entry_type NOT IN ('PURCHASE', 'RECHARGE')
				             AND NOT (e.entry_type = 'ADJUSTMENT' AND e.reference = o.reference)
				           GROUP BY e.lot_id) t ON t.lot_id = l.lot_id
				LEFT JOIN (SELECT lot_id, SUM(amount) AS allocated FROM lot_allocation GROUP BY lot_id) a
				  ON a.lot_id = l.lot_id
				ORDER BY l.org_id, l.lot_id""")
			.query((rs,
					i) -> new Object[] { rs.getString("org_id"), rs.getLong("lot_id"), rs.getBigDecimal("used"),
							rs.getBigDecimal("booked") })
			.list();
		java.util.Map<String, OrgCheck> byOrg = new java.util.HashMap<>();
		checks.forEach(c -> byOrg.put(c.orgId(), c));
		for (Object[] lot : lots) {
			if (((BigDecimal) lot[2]).compareTo((BigDecimal) lot[3]) != 0) {
				java.util.Optional.ofNullable(byOrg.get((String) lot[0]))
					.ifPresent(c -> c.lotProblems()
						.add("lot " + lot[1] + ": used " + io.creditshub.money.Money.plain((BigDecimal) lot[2])
								+ " but ledger books " + io.creditshub.money.Money.plain((BigDecimal) lot[3])));
			}
		}
		return checks;
	}

}
