package io.creditshub.rating;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of the rate table, indexed for fast longest-prefix lookups (DOMAIN rule 7).
 *
 * <p>
 * At construction the rates are grouped by currency, then by prefix, in hash maps; each
 * prefix's rates are kept in preference order (LANDLINE, MOBILE, TOLL_FREE, then latest
 * effective-from first). A lookup walks at most one hash probe per prefix length, with no
 * streams and no regular expressions, since it runs about a million times per CDR file.
 * Instances are immutable and safe to share between threads.
 */
public final class RateTable {

	/**
	 * Preference among rates of the same prefix: number type, then latest effective-from
	 * first.
	 */
	private static final Comparator<Rate> PREFERENCE = Comparator.comparing(Rate::numberType)
		.thenComparing(Rate::effectiveFrom, Comparator.reverseOrder());

	private final long versionId;

	private final int size;

	/** currency -> rates of that currency. */
	private final Map<String, CurrencyIndex> byCurrency;

	/**
	 * Builds the table.
	 * @param versionId the rate table version the rates belong to
	 * @param rates the rates (copied); may be empty
	 */
	public RateTable(long versionId, Collection<Rate> rates) {
		Objects.requireNonNull(rates, "rates");
		this.versionId = versionId;
		Map<String, Map<String, List<Rate>>> grouped = new HashMap<>();
		int count = 0;
		for (Rate rate : rates) {
			Objects.requireNonNull(rate, "rate");
			grouped.computeIfAbsent(rate.currency(), (c) -> new HashMap<>())
				.computeIfAbsent(rate.prefix(), (p) -> new ArrayList<>())
				.add(rate);
			count++;
		}
		this.size = count;
		Map<String, CurrencyIndex> index = new HashMap<>(grouped.size() * 2);
		for (Map.Entry<String, Map<String, List<Rate>>> currencyEntry : grouped.entrySet()) {
			Map<String, Rate[]> byPrefix = new HashMap<>(currencyEntry.getValue().size() * 2);
			int longest = 0;
			for (Map.Entry<String, List<Rate>> prefixEntry : currencyEntry.getValue().entrySet()) {
				List<Rate> list = prefixEntry.getValue();
				list.sort(PREFERENCE); // stable: equal rates keep the order they were
										// given in
				byPrefix.put(prefixEntry.getKey(), list.toArray(new Rate[0]));
				longest = Math.max(longest, prefixEntry.getKey().length());
			}
			index.put(currencyEntry.getKey(), new CurrencyIndex(byPrefix, longest));
		}
		this.byCurrency = index;
	}

	/**
	 * The rate table version.
	 * @return the version id given at construction
	 */
	public long versionId() {
		return this.versionId;
	}

	/**
	 * The number of rates in the table.
	 * @return the count
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Finds the rate for a call (DOMAIN rule 7): longest prefix match on the number's
	 * E.164 digits, among rates of the currency (and number type, if given) in force when
	 * the call started.
	 *
	 * <p>
	 * The digits are those after an optional leading '+', up to the first non-digit, so a
	 * masked number such as {@code +4420794601**} is rated on the prefix that is left
	 * (FORMATS section 1). A longer prefix whose rates are not in force at
	 * {@code startedAt} does not hide a shorter prefix that is. At one prefix length,
	 * when {@code typeOrNull} is null, LANDLINE is preferred to MOBILE to TOLL_FREE;
	 * among several rates of one type in force, the one with the latest effective-from
	 * wins.
	 * @param number the dialled number, with or without '+'; may be masked with '*'
	 * @param typeOrNull the number type, or null for any
	 * @param currency the ISO 4217 code of the account (exact, case-sensitive)
	 * @param startedAt the instant the call started
	 * @return the rate, or empty if none applies (or the number has no leading digits)
	 */
	public Optional<Rate> lookup(String number, NumberType typeOrNull, String currency, Instant startedAt) {
		Objects.requireNonNull(startedAt, "startedAt");
		if (number == null || currency == null) {
			return Optional.empty();
		}
		CurrencyIndex index = this.byCurrency.get(currency);
		if (index == null) {
			return Optional.empty();
		}
		int start = (!number.isEmpty() && number.charAt(0) == '+') ? 1 : 0;
		int end = start;
		while (end < number.length()) {
			char c = number.charAt(end);
			if (c < '0' || c > '9') {
				break; // '*' masks (and anything else) end the usable digits
			}
			end++;
		}
		int digits = end - start;
		for (int len = Math.min(digits, index.longestPrefix); len >= 1; len--) {
			Rate[] candidates = index.byPrefix.get(number.substring(start, start + len));
			if (candidates == null) {
				continue;
			}
			// Candidates are in preference order, so the first one that fits is the
			// answer.
			for (Rate rate : candidates) {
				if ((typeOrNull == null || rate.numberType() == typeOrNull) && rate.inForceAt(startedAt)) {
					return Optional.of(rate);
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public String toString() {
		return "RateTable[versionId=" + this.versionId + ", size=" + this.size + "]";
	}

	private record CurrencyIndex(Map<String, Rate[]> byPrefix, int longestPrefix) {
	}

}
