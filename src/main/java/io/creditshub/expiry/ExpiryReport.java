package io.creditshub.expiry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What one expiry run did. */
public record ExpiryReport(LocalDate businessDate, List<Line> lines) {

	public ExpiryReport(LocalDate businessDate) {
		this(businessDate, new ArrayList<>());
	}

	/** {@code action}: EXPIRED (forfeited) or WARNED_<n>D. */
	public record Line(String orgId, long lotId, String reference, String action, BigDecimal amount, String currency) {
	}

	public long count(String action) {
		return lines.stream().filter(l -> l.action().equals(action)).count();
	}

	@Override
	public String toString() {
		return "expiry run for " + businessDate + ": " + count("EXPIRED") + " lot(s) forfeited, "
				+ (lines.size() - count("EXPIRED")) + " warning(s) queued";
	}

}
