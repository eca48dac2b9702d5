package io.creditshub.funds;

import io.creditshub.ledger.EntryType;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Told about every balance change, inside the transaction that posts it (so whatever a
 * listener writes, such as a queued email or a suspension, commits or rolls back with the
 * ledger entries). Implementations are Spring beans; they must not call out of the
 * process (send mail, charge a card) here: queue the work instead.
 */
public interface BalanceListener {

	/**
	 * @param cause the kind of movement (PURCHASE, RECHARGE, USAGE...)
	 * @param at the business time of the movement (purchase time, batch time; for usage:
	 * the start of the call that used up the funds when the balance reached zero, DOMAIN
	 * rule 8, else the last call's start)
	 */
	void balanceChanged(String orgId, BigDecimal before, BigDecimal after, EntryType cause, Instant at);

}
