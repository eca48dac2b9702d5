package io.creditshub.licensing;

import java.time.Instant;
import java.util.Set;

/**
 * What one user (or resource account) held during one period: valid from
 * {@code validFrom} (inclusive) to {@code validTo} (exclusive; null while current).
 */
public record LicenseRecord(String objectId, String upn, String displayName, String usageLocation, String phoneDigits,
		boolean blocked, String products, Set<Capability> capabilities, Instant validFrom, Instant validTo) {

	public boolean inForceAt(Instant t) {
		return !t.isBefore(validFrom) && (validTo == null || t.isBefore(validTo));
	}

	public boolean overlaps(Instant from, Instant to) {
		return validFrom.isBefore(to) && (validTo == null || validTo.isAfter(from));
	}

	/** Same licenses, location, number and block flag: no new history row needed. */
	public boolean sameState(LicenseRecord other) {
		return java.util.Objects.equals(usageLocation, other.usageLocation)
				&& java.util.Objects.equals(phoneDigits, other.phoneDigits) && blocked == other.blocked
				&& capabilities.equals(other.capabilities) && products.equals(other.products);
	}

}
