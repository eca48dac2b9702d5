package io.creditshub.licensing;

import java.util.Locale;

/** Included-minute pools (DOMAIN rule 6): pools of different types never mix. */
public enum PoolType {

	/**
	 * Domestic Calling Plan users, and the domestic part of International Calling Plan
	 * users.
	 */
	DOMESTIC,
	/** Domestic Calling Plan (120 min) users: their own pool. */
	DOMESTIC_120,
	/** International Calling Plan users' international minutes. */
	INTERNATIONAL,
	/** Audio Conferencing dial-out to Zone A. */
	CONFERENCING;

	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static PoolType parse(String label) {
		return valueOf(label.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
