package io.creditshub.corrections;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.calls.CallType;
import io.creditshub.funds.Lot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a change of a call's credits due moves, worked by hand. Pure Java. */
class CorrectionPlannerTest {

	static final Instant CALL = Instant.parse("2026-02-10T09:00:00Z");

	static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	/**
	 * Lot A expires 2026-03-15 (before B), lot B 2027-01-01; C expired on 2026-03-05
	 * (after the call started).
	 */
	static Lot lot(long id, String remaining, String expires) {
		Instant exp = Instant.parse(expires);
		return new Lot(id, "o", "PURCHASE", new BigDecimal("10.00"), new BigDecimal(remaining), "EUR",
				exp.minusSeconds(365L * 86400), exp, "L" + id);
	}

	static FundsSimulation funds(Lot... lots) {
		return new FundsSimulation(List.of(lots), NOW);
	}

	static CallState call(String due, String unfunded, Map<Long, String> paid, String refusal) {
		Map<Long, BigDecimal> p = new LinkedHashMap<>();
		paid.forEach((k, v) -> p.put(k, new BigDecimal(v)));
		return new CallState("o", "u1", "c1", CallType.USER_OUT, "+4930123456", CALL, 300, "EUR", 1L,
				new BigDecimal(due), new BigDecimal(due), new BigDecimal(unfunded), p, 0, refusal, "user", null,
				Map.of());
	}

	static List<String> moves(CorrectedCall c) {
		return c.moves()
			.stream()
			.map(m -> m.lotId() + ":" + m.amount().toPlainString() + (m.forfeited() ? "F" : ""))
			.toList();
	}

	@Test
	void aRefundGoesToTheLotsThatPaidEarliestExpiryFirst() {
		// paid 0.35 = 0.30 from A + 0.05 from B; 0.35 -> 0.03: 0.32 back, A's 0.30 first,
		// then 0.02 to B
		FundsSimulation f = funds(lot(1, "0", "2026-03-15T00:00:00Z"), lot(2, "9.18", "2027-01-01T00:00:00Z"));
		CorrectedCall c = CorrectionPlanner.correct(call("0.35", "0", Map.of(2L, "0.05", 1L, "0.30"), null), 2L,
				new BigDecimal("0.03"), new BigDecimal("0.03"), f);
		assertThat(moves(c)).containsExactly("1:0.30", "2:0.02");
		assertThat(c.refunded()).isEqualByComparingTo("0.32");
		assertThat(c.balanceChange()).isEqualByComparingTo("0.32");
		assertThat(f.touched()).containsEntry(1L, new BigDecimal("0.30")).containsEntry(2L, new BigDecimal("9.20"));
	}

	@Test
	void aShareForAnExpiredLotIsForfeited() {
		// paid 2.10 = 0.50 from C (expired 2026-03-05) + 1.60 from B; 2.10 -> 1.50: 0.60
		// back, C's 0.50 forfeited
		FundsSimulation f = funds(lot(3, "0", "2026-03-05T00:00:00Z"), lot(2, "3.40", "2027-01-01T00:00:00Z"));
		CorrectedCall c = CorrectionPlanner.correct(call("2.10", "0", Map.of(3L, "0.50", 2L, "1.60"), null), 2L,
				new BigDecimal("1.50"), new BigDecimal("1.50"), f);
		assertThat(moves(c)).containsExactly("3:0.50F", "2:0.10");
		assertThat(c.forfeited()).isEqualByComparingTo("0.50");
		assertThat(c.balanceChange()).isEqualByComparingTo("0.10");
		assertThat(f.touched()).doesNotContainKey(3L).containsEntry(2L, new BigDecimal("3.50"));
	}

	@Test
	void lessDueShrinksTheUnfundedPartFirst() {
		// 0.35 = 0.30 paid + 0.05 unfunded; -> 0.25: the 0.05 unfunded goes, then 0.05
		// back to A
		FundsSimulation f = funds(lot(1, "0", "2026-03-15T00:00:00Z"));
		CorrectedCall c = CorrectionPlanner.correct(call("0.35", "0.05", Map.of(1L, "0.30"), null), 2L,
				new BigDecimal("0.25"), new BigDecimal("0.25"), f);
		assertThat(c.unfundedChange()).isEqualByComparingTo("-0.05");
		assertThat(moves(c)).containsExactly("1:0.05");
	}

	@Test
	void moreDueIsTakenLikeUsageAndTheRestIsUnfunded() {
		// +0.25 with 0.10 left in A: 0.10 taken, 0.15 unfunded
		FundsSimulation f = funds(lot(1, "0.10", "2026-03-15T00:00:00Z"));
		CorrectedCall c = CorrectionPlanner.correct(call("0.35", "0", Map.of(1L, "0.35"), null), 2L,
				new BigDecimal("0.60"), new BigDecimal("0.60"), f);
		assertThat(moves(c)).containsExactly("1:-0.10");
		assertThat(c.charged()).isEqualByComparingTo("0.10");
		assertThat(c.unfundedChange()).isEqualByComparingTo("0.15");
		assertThat(c.balanceChange()).isEqualByComparingTo("-0.10");
	}

	@Test
	void aCallCreditsMayNotPayOnlyChangesItsUnfundedPart() {
		FundsSimulation f = funds(lot(1, "5.00", "2026-03-15T00:00:00Z"));
		CorrectedCall c = CorrectionPlanner.correct(call("0.35", "0.35", Map.of(), "no Communications Credits license"),
				2L, new BigDecimal("0.25"), new BigDecimal("0.25"), f);
		assertThat(c.moves()).isEmpty();
		assertThat(c.unfundedChange()).isEqualByComparingTo("-0.10");
		assertThat(CorrectionPlanner.correct(call("0.35", "0", Map.of(1L, "0.35"), null), 2L, new BigDecimal("0.35"),
				new BigDecimal("0.350000000"), f))
			.isNull();
	}

	@Test
	void aCallThatCreditsMayNowPayIsChargedAndOneTheyMayNoLongerPayGetsAllBack() {
		FundsSimulation f = funds(lot(1, "5.00", "2026-03-15T00:00:00Z"));
		CorrectedCall funded = CorrectionPlanner.redecide(call("0.35", "0.35", Map.of(), "no license"), 1L,
				new BigDecimal("0.35"), new BigDecimal("0.35"), null, List.of(), f);
		assertThat(moves(funded)).containsExactly("1:-0.35");
		assertThat(funded.unfundedChange()).isEqualByComparingTo("-0.35");
		assertThat(funded.refusalChanged()).isTrue();
		CorrectedCall unfunded = CorrectionPlanner.redecide(call("0.35", "0", Map.of(1L, "0.35"), null), 1L,
				new BigDecimal("0.35"), new BigDecimal("0.35"), "no license", List.of(), f);
		assertThat(moves(unfunded)).containsExactly("1:0.35");
		assertThat(unfunded.unfundedChange()).isEqualByComparingTo("0.35");
		assertThat(f.touched()).containsEntry(1L, new BigDecimal("5.00"));
	}

	@Test
	void aCallTheFundsRanOutDuringIsNotRefusedSoALowerRateShrinksItsUnfundedPartFirst() {
		// issue 12 records why a partly paid call is unfunded; that is a funds shortage
		// (DOMAIN rule 8), not a
		// license refusal (DOMAIN rule 5): credits may still pay the call
		String ranOut = io.creditshub.funds.FundsService.ranOut(new BigDecimal("0.16"), new BigDecimal("0.30"));
		assertThat(CallState.refusalOf(ranOut)).isNull();
		assertThat(CallState.refusalOf(io.creditshub.funds.FundsService.NO_FUNDS)).isNull();
		assertThat(CallState.refusalOf(null)).isNull();
		assertThat(CallState.refusalOf("no Communications Credits license"))
			.isEqualTo("no Communications Credits license");
		// 0.46 (0.16 paid by the expired lot 3, 0.30 unfunded) -> 0.30: the unfunded part
		// shrinks by 0.16, nothing
		// goes back to the lot
		FundsSimulation f = funds(lot(3, "0", "2026-01-10T00:00:00Z"));
		CorrectedCall c = CorrectionPlanner.correct(
				call("0.46", "0.30", Map.of(3L, "0.16"), CallState.refusalOf(ranOut)), 2L, new BigDecimal("0.30"),
				new BigDecimal("0.30"), f);
		assertThat(c.moves()).isEmpty();
		assertThat(c.refunded()).isEqualByComparingTo("0");
		assertThat(c.forfeited()).isEqualByComparingTo("0");
		assertThat(c.unfundedChange()).isEqualByComparingTo("-0.16");
		assertThat(c.refusalChanged()).isFalse();
	}

}
