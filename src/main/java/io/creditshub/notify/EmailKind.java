package io.creditshub.notify;

/** The emails admins get (DOMAIN rules 3, 4 and 8). */
public enum EmailKind {

	RECHARGE_SUCCEEDED, RECHARGE_FAILED, RECHARGE_PAUSED, ZERO_BALANCE, FUNDS_EXPIRED, FUNDS_EXPIRING

}
