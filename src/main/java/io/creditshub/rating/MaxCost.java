package io.creditshub.rating;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * The most one call may cost under a rate (CGRateS's MaxCost / MaxCostStrategy; FORMATS
 * section 3):
 * <ul>
 * <li>{@link Strategy#FREE} ({@code *free}): the call costs at most {@code amount}; what
 * it would cost above is not charged;</li>
 * <li>{@link Strategy#DISCONNECT} ({@code *disconnect}): the carrier cuts the call when
 * it reaches {@code amount}; the hub rates the call as it was reported and does not cap
 * it (informational).</li>
 * </ul>
 *
 * @param amount the maximum, {@code >= 0}, in the rate's currency
 * @param strategy what reaching it means
 */
public record MaxCost(BigDecimal amount, Strategy strategy) {

	public enum Strategy {

		FREE("*free"), DISCONNECT("*disconnect");

		private final String label;

		Strategy(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}

		/** {@code *free} or {@code *disconnect} (case-insensitive, the '*' optional). */
		public static Strategy parse(String text) {
			String t = text.strip().toLowerCase(Locale.ROOT);
			t = t.startsWith("*") ? t.substring(1) : t;
			return switch (t) {
				case "free" -> FREE;
				case "disconnect" -> DISCONNECT;
				default ->
					throw new IllegalArgumentException("max cost strategy '" + text + "' is not *free or *disconnect");
			};
		}

	}

	public MaxCost {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(strategy, "strategy");
		if (amount.signum() < 0) {
			throw new IllegalArgumentException("max cost must be >= 0, got " + amount);
		}
	}

	/**
	 * The exact amount a call is charged: capped at {@link #amount} under {@code *free},
	 * unchanged otherwise.
	 */
	public BigDecimal apply(BigDecimal exact) {
		return strategy == Strategy.FREE && exact.compareTo(amount) > 0 ? amount : exact;
	}

}
