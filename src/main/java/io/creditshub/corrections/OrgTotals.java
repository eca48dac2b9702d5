package io.creditshub.corrections;

import java.math.BigDecimal;

/**
 * One organization's totals in a correction: calls and the sums of the money columns of
 * {@link CorrectedCall}.
 */
public record OrgTotals(String orgId, String currency, int calls, BigDecimal difference, BigDecimal refunded,
		BigDecimal forfeited, BigDecimal charged, BigDecimal unfundedChange, BigDecimal balanceChange) {
}
