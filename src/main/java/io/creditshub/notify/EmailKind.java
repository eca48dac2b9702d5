package io.creditshub.notify;

/** The emails admins get (DOMAIN rules 3, 4 and 8) and the reports finance gets. */
public enum EmailKind {

	RECHARGE_SUCCEEDED, RECHARGE_FAILED, RECHARGE_PAUSED, ZERO_BALANCE, FUNDS_EXPIRED, FUNDS_EXPIRING, USAGE_REPORT,
	FINANCE_REPORT,
	/** A correction run (re-rating, adjustment) changed the organization's books. */
	CORRECTION

}
