package io.creditshub.ledger;

/** Kinds of ledger movement (DOMAIN rule 9). */
public enum EntryType {

	/**
	 * Funds bought (order in a funds file, or a manual top-up): a new lot, balance up.
	 */
	PURCHASE,
	/** Funds added by auto-recharge: a new lot, balance up. */
	RECHARGE,
	/**
	 * A call covered entirely by included calling-plan minutes (DOMAIN rule 6): amount 0,
	 * pool and minutes recorded.
	 */
	INCLUDED_USAGE,
	/** A call paid in full from lots (after any included minutes): balance down. */
	USAGE,
	/**
	 * A call that lots could not pay in full: balance down by what was taken (maybe 0),
	 * the rest recorded as unfunded.
	 */
	UNFUNDED_USAGE,
	/** What remained in a lot at its expiry, forfeited: balance down. */
	EXPIRY,
	/** A correction; references the entry it corrects. */
	ADJUSTMENT

}
