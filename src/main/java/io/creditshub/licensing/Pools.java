package io.creditshub.licensing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Minutes used from each pool, for one posting transaction. Pure Java. */
public final class Pools {

	private final LicenseBook book;

	private final Map<PoolKey, Integer> used;

	private final Map<PoolKey, Integer> changed = new LinkedHashMap<>();

	public Pools(LicenseBook book, Map<PoolKey, Integer> used) {
		this.book = book;
		this.used = new HashMap<>(used);
	}

	public int size(PoolKey key) {
		return book.poolSize(key);
	}

	public int used(PoolKey key) {
		return used.getOrDefault(key, 0);
	}

	/**
	 * Minutes left (never negative, even if a later license file shrank the pool below
	 * what was used).
	 */
	public int remaining(PoolKey key) {
		return Math.max(0, size(key) - used(key));
	}

	public void take(PoolKey key, int minutes) {
		if (minutes < 0 || minutes > remaining(key)) {
			throw new IllegalArgumentException(
					"cannot take " + minutes + " min from " + key + " (" + remaining(key) + " left)");
		}
		if (minutes > 0) {
			int now = used(key) + minutes;
			used.put(key, now);
			changed.put(key, now);
		}
	}

	/** Pools whose usage changed, with their new minutes used. */
	public Map<PoolKey, Integer> changed() {
		return changed;
	}

}
