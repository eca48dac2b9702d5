package io.creditshub.licensing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The license catalog (src/main/resources/license-catalog.yaml, overridable with
 * credits.licenses.catalog): product names to capabilities, country groups, domestic
 * zones and included minutes per user per month. Pure Java.
 */
public final class LicenseCatalog {

	private final Map<String, Set<Capability>> products;

	private final Map<String, String> groupOf;

	private final Map<String, String> zoneOf;

	private final Map<PoolType, Map<String, Integer>> allowances;

	LicenseCatalog(Map<String, Set<Capability>> products, Map<String, String> groupOf, Map<String, String> zoneOf,
			Map<PoolType, Map<String, Integer>> allowances) {
		this.products = products;
		this.groupOf = groupOf;
		this.zoneOf = zoneOf;
		this.allowances = allowances;
	}

	/**
	 * @throws IllegalArgumentException naming what is wrong in the catalog
	 */
	@SuppressWarnings("unchecked")
	public static LicenseCatalog parse(InputStream in) throws IOException {
		Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		if (!(doc instanceof Map<?, ?> root)) {
			throw new IllegalArgumentException("license catalog: not a YAML mapping");
		}
		Map<String, Set<Capability>> products = new HashMap<>();
		((Map<String, List<String>>) root.get("products")).forEach((name, caps) -> {
			Set<Capability> set = EnumSet.noneOf(Capability.class);
			if (caps != null) {
				caps.forEach(c -> set.add(Capability.parse(c)));
			}
			products.put(key(name), set);
		});
		Map<String, String> groupOf = new HashMap<>();
		Map<String, List<Object>> groups = (Map<String, List<Object>>) root.get("groups");
		if (groups != null) {
			groups.forEach((group, countries) -> countries.forEach(c -> groupOf.put(country(c), group)));
		}
		Map<String, String> zoneOf = new HashMap<>();
		List<List<Object>> zones = (List<List<Object>>) root.get("domestic-zones");
		if (zones != null) {
			for (List<Object> zone : zones) {
				String id = zone.toString();
				zone.forEach(c -> zoneOf.put(country(c), id));
			}
		}
		Map<PoolType, Map<String, Integer>> allowances = new EnumMap<>(PoolType.class);
		((Map<String, Map<String, Integer>>) root.get("allowances")).forEach((pool, byGroup) -> {
			allowances.put(PoolType.parse(pool), new HashMap<>(byGroup));
		});
		return new LicenseCatalog(products, groupOf, zoneOf, allowances);
	}

	private static String country(Object code) {
		if (!(code instanceof String s) || s.length() != 2) {
			throw new IllegalArgumentException("license catalog: '" + code
					+ "' is not a two-letter country code (quote codes YAML reads as booleans, such as \"NO\")");
		}
		return s.toUpperCase(Locale.ROOT);
	}

	private static String key(String productName) {
		return productName.strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * The capabilities of a product, or empty when the catalog does not know the name.
	 */
	public Optional<Set<Capability>> capabilitiesOf(String productName) {
		return Optional.ofNullable(products.get(key(productName)));
	}

	/**
	 * Minutes per user per month that a pool gets for a user located in {@code country}.
	 */
	public int allowance(PoolType pool, String country) {
		Map<String, Integer> byGroup = allowances.getOrDefault(pool, Map.of());
		String group = country == null ? null : groupOf.get(country);
		Integer minutes = group == null ? null : byGroup.get(group);
		if (minutes == null) {
			minutes = byGroup.get("*");
		}
		return minutes == null ? 0 : minutes;
	}

	/**
	 * Whether a call from a user located in {@code from} to {@code to} is domestic (same
	 * country or zone, e.g. US-CA).
	 */
	public boolean domestic(String from, String to) {
		if (from == null || to == null) {
			return false;
		}
		if (from.equals(to)) {
			return true;
		}
		String zone = zoneOf.get(from);
		return zone != null && zone.equals(zoneOf.get(to));
	}

	/** The pools a user holding these capabilities adds minutes to (DOMAIN rule 6). */
	public static List<PoolType> poolsOf(Set<Capability> caps) {
		List<PoolType> pools = new ArrayList<>(3);
		if (caps.contains(Capability.DOMESTIC_PLAN) || caps.contains(Capability.INTERNATIONAL_PLAN)) {
			pools.add(PoolType.DOMESTIC);
		}
		if (caps.contains(Capability.DOMESTIC_120)) {
			pools.add(PoolType.DOMESTIC_120);
		}
		if (caps.contains(Capability.INTERNATIONAL_PLAN)) {
			pools.add(PoolType.INTERNATIONAL);
		}
		if (caps.contains(Capability.AUDIO_CONFERENCING)) {
			pools.add(PoolType.CONFERENCING);
		}
		return pools;
	}

}
