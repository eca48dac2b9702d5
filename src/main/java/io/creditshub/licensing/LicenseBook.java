package io.creditshub.licensing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An organization's license history, in memory, for judging calls (DOMAIN rules 5, 6).
 * Pure Java.
 */
public final class LicenseBook {

	private final LicenseCatalog catalog;

	private final Map<String, List<LicenseRecord>> byUser = new HashMap<>();

	private final Map<String, List<LicenseRecord>> byPhone = new HashMap<>();

	private final List<LicenseRecord> records;

	private final Map<PoolKey, Integer> sizes = new HashMap<>();

	public LicenseBook(List<LicenseRecord> records, LicenseCatalog catalog) {
		this.records = List.copyOf(records);
		this.catalog = catalog;
		for (LicenseRecord r : records) {
			byUser.computeIfAbsent(r.objectId().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(r);
			if (r.phoneDigits() != null && !r.phoneDigits().isEmpty()) {
				byPhone.computeIfAbsent(r.phoneDigits(), k -> new ArrayList<>()).add(r);
			}
		}
	}

	/**
	 * Whether the organization has any license data: without it, calls are not judged by
	 * licenses.
	 */
	public boolean managed() {
		return !records.isEmpty();
	}

	public LicenseCatalog catalog() {
		return catalog;
	}

	/**
	 * The user's licenses in force at {@code t} (by Entra object id, case-insensitive).
	 */
	public Optional<LicenseRecord> userAt(String objectId, Instant t) {
		if (objectId == null) {
			return Optional.empty();
		}
		return at(byUser.get(objectId.toLowerCase(java.util.Locale.ROOT)), t);
	}

	/**
	 * The account (usually a resource account) whose phone number is {@code digits}, in
	 * force at {@code t}.
	 */
	public Optional<LicenseRecord> numberAt(String digits, Instant t) {
		if (digits == null || digits.isEmpty()) {
			return Optional.empty();
		}
		return at(byPhone.get(digits), t);
	}

	private static Optional<LicenseRecord> at(List<LicenseRecord> list, Instant t) {
		if (list != null) {
			for (LicenseRecord r : list) {
				if (r.inForceAt(t)) {
					return Optional.of(r);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * A pool's size in minutes: every user located in the pool's country who held a
	 * license feeding that pool at any time in the month (blocked users included, DOMAIN
	 * rule 6) adds the catalog's allowance once.
	 */
	public int poolSize(PoolKey key) {
		return sizes.computeIfAbsent(key, k -> {
			Instant from = k.month().atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			Instant to = k.month().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			Set<String> holders = new HashSet<>();
			for (LicenseRecord r : records) {
				if (k.country().equals(r.usageLocation()) && r.overlaps(from, to)
						&& LicenseCatalog.poolsOf(r.capabilities()).contains(k.type())) {
					holders.add(r.objectId().toLowerCase(java.util.Locale.ROOT));
				}
			}
			return holders.size() * catalog.allowance(k.type(), k.country());
		});
	}

	/** Every pool that has holders in the month (for reports). */
	public java.util.Set<PoolKey> poolsIn(java.time.YearMonth month) {
		Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		java.util.Set<PoolKey> keys = new java.util.TreeSet<>(
				java.util.Comparator.comparing(PoolKey::type).thenComparing(PoolKey::country));
		for (LicenseRecord r : records) {
			if (r.usageLocation() != null && r.overlaps(from, to)) {
				for (PoolType t : LicenseCatalog.poolsOf(r.capabilities())) {
					keys.add(new PoolKey(r.usageLocation(), t, month));
				}
			}
		}
		return keys;
	}

}
