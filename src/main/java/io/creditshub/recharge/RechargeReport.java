package io.creditshub.recharge;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What one recharge run did, per account. */
public record RechargeReport(LocalDate businessDate, List<Line> lines) {

	public RechargeReport(LocalDate businessDate) {
		this(businessDate, new ArrayList<>());
	}

	/** {@code outcome}: SUCCEEDED, FAILED, SKIPPED, ERROR. */
	public record Line(String orgId, String outcome, BigDecimal amount, String currency, String detail) {
	}

	void add(String orgId, String outcome, BigDecimal amount, String currency, String detail) {
		lines.add(new Line(orgId, outcome, amount, currency, detail));
	}

	public long count(String outcome) {
		return lines.stream().filter(l -> l.outcome().equals(outcome)).count();
	}

	@Override
	public String toString() {
		return "recharge run for " + businessDate + ": " + count("SUCCEEDED") + " succeeded, " + count("FAILED")
				+ " failed, " + count("SKIPPED") + " skipped, " + count("ERROR") + " error(s)";
	}

}
