package io.creditshub.rating;

import java.util.Locale;

/**
 * The number type a rate applies to (DOMAIN rule 7: rates are per number type).
 */
public enum NumberType {

	/** A fixed-line number. */
	LANDLINE("landline"),

	/** A mobile number. */
	MOBILE("mobile"),

	/** A toll-free number (charged per minute to its owner, DOMAIN rule 5). */
	TOLL_FREE("toll-free");

	private final String label;

	NumberType(String label) {
		this.label = label;
	}

	/**
	 * The label used in rate-table files: {@code landline}, {@code mobile} or
	 * {@code toll-free}.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Reads a number type, case-insensitively and trimmed: {@code landline},
	 * {@code mobile}, {@code toll-free}, {@code toll_free} or {@code tollfree}.
	 * @param s the text
	 * @return the number type
	 * @throws IllegalArgumentException for null or any other text
	 */
	public static NumberType parse(String s) {
		if (s == null) {
			throw new IllegalArgumentException("number type is required: expected landline, mobile or toll-free");
		}
		switch (s.strip().toLowerCase(Locale.ROOT)) {
			case "landline":
				return LANDLINE;
			case "mobile":
				return MOBILE;
			case "toll-free":
			case "toll_free":
			case "tollfree":
				return TOLL_FREE;
			default:
				throw new IllegalArgumentException(
						"unknown number type '" + s + "': expected landline, mobile or toll-free");
		}
	}

}
