package io.creditshub.funds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * An amount of funds with a purchase time and an expiry (DOMAIN rule 1).
 */
public record Lot(long lotId, String orgId, String source, BigDecimal amount, BigDecimal remaining, String currency,
		Instant purchasedAt, Instant expiresAt, String reference) {

	/**
	 * Lots expire exactly 12 calendar months after purchase (DOMAIN rule 1), counted in
	 * UTC.
	 */
	public static final int VALIDITY_MONTHS = 12;

	/**
	 * Expiry of a lot bought at {@code purchasedAt}: the same instant 12 calendar months
	 * later (a purchase on 29 February expires on 28 February of the next year).
	 */
	public static Instant expiryOf(Instant purchasedAt) {
		return purchasedAt.atOffset(ZoneOffset.UTC).plusMonths(VALIDITY_MONTHS).toInstant();
	}

}
