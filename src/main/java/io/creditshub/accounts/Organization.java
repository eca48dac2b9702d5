package io.creditshub.accounts;

import java.math.BigDecimal;
import java.util.List;

/** A tenant: an organization with prepaid funds in one currency. */
public record Organization(String orgId, String name, String currency, String country, List<String> adminEmails,
		List<String> financeEmails, boolean autoRecharge, BigDecimal triggerAmount, BigDecimal rechargeAmount,
		String paymentMethod, BigDecimal balance, boolean suspended) {
}
