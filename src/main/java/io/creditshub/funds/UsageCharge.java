package io.creditshub.funds;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A rated call to settle: what included minutes covered (pool, minutes), what is left for
 * credits ({@code creditsDue}), and, when credits may not pay it (DOMAIN rule 5), the
 * {@code refusal} reason. {@code callNo} is its call's number (call_record.call_no),
 * which its ledger entry references (issue 14).
 */
public record UsageCharge(String usageId, long callNo, String callId, Instant startedAt, int line,
		BigDecimal creditsDue, String refusal, String poolType, String poolCountry, String poolMonth, int poolMinutes) {

	/** A call paid from credits only (no licensing involved). */
	public static UsageCharge credits(String usageId, long callNo, String callId, Instant startedAt, int line,
			BigDecimal amount) {
		return new UsageCharge(usageId, callNo, callId, startedAt, line, amount, null, null, null, null, 0);
	}

}
