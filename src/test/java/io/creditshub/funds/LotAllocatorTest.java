package io.creditshub.funds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.funds.LotAllocator.Allocation;
import io.creditshub.funds.LotAllocator.Take;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DOMAIN rules 1, 2 and 8 on the in-memory allocator: earliest expiry first, only lots
 * unexpired at call start ({@code expiresAt > start}), what no lot pays is returned as
 * unfunded. Every figure is worked out by hand in the comments.
 */
class LotAllocatorTest {

	/**
	 * A lot bought at {@code purchasedAt}, expiring 12 months later, with
	 * {@code remaining} left.
	 */
	private static Lot lot(long id, String purchasedAt, String amount, String remaining) {
		Instant bought = Instant.parse(purchasedAt);
		return new Lot(id, "acme", "PURCHASE", new BigDecimal(amount), new BigDecimal(remaining), "USD", bought,
				Lot.expiryOf(bought), "PO-" + id);
	}

	private static Lot lot(long id, String purchasedAt, String amount) {
		return lot(id, purchasedAt, amount, amount);
	}

	private static BigDecimal d(String s) {
		return new BigDecimal(s);
	}

	private static Instant t(String s) {
		return Instant.parse(s);
	}

	@Test
	void theLotThatExpiresSoonestPaysFirstWhateverTheInputOrder() {
		// lot 1 expires 2026-02-01, lot 2 expires 2025-06-01, lot 3 expires 2025-09-01:
		// order 2, 3, 1
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2025-02-01T00:00:00Z", "10.00"),
				lot(2, "2024-06-01T00:00:00Z", "5.00"), lot(3, "2024-09-01T00:00:00Z", "7.00")));

		// 3.50 from lot 2 (5.00 -> 1.50)
		Allocation a = allocator.allocate(t("2025-03-01T12:00:00Z"), d("3.50"));

		assertThat(a.takes()).containsExactly(new Take(2, d("3.50")));
		assertThat(a.funded()).isEqualByComparingTo("3.50");
		assertThat(a.unfunded()).isEqualByComparingTo("0");
		assertThat(allocator.touched()).containsOnlyKeys(2L);
		assertThat(allocator.touched().get(2L)).isEqualByComparingTo("1.50");
		// 10.00 + 1.50 + 7.00
		assertThat(allocator.remaining()).isEqualByComparingTo("18.50");
	}

	@Test
	void aCallThatSpansTwoLotsIsSplitInExpiryOrder() {
		// lot 7 (expires 2025-06-01) has 2.00, lot 4 (expires 2026-01-01) has 10.00
		LotAllocator allocator = new LotAllocator(
				List.of(lot(4, "2025-01-01T00:00:00Z", "10.00"), lot(7, "2024-06-01T00:00:00Z", "5.00", "2.00")));

		// 3.25 = 2.00 from lot 7 (-> 0.00) + 1.25 from lot 4 (-> 8.75)
		Allocation a = allocator.allocate(t("2025-03-01T00:00:00Z"), d("3.25"));

		assertThat(a.takes()).containsExactly(new Take(7, d("2.00")), new Take(4, d("1.25")));
		assertThat(a.funded()).isEqualByComparingTo("3.25");
		assertThat(a.unfunded()).isEqualByComparingTo("0");
		Map<Long, BigDecimal> touched = allocator.touched();
		assertThat(touched).containsOnlyKeys(7L, 4L);
		assertThat(touched.get(7L)).isEqualByComparingTo("0.00");
		assertThat(touched.get(4L)).isEqualByComparingTo("8.75");

		// the next call starts on lot 4 directly: the emptied lot 7 gives nothing
		Allocation next = allocator.allocate(t("2025-03-01T00:05:00Z"), d("0.75"));
		assertThat(next.takes()).containsExactly(new Take(4, d("0.75")));
		assertThat(allocator.touched().get(4L)).isEqualByComparingTo("8.00");
	}

	@Test
	void lotsWithTheSameExpiryPayInLotIdOrder() {
		// lots 9 and 5 bought at the same instant: lot 5 (older id) first
		LotAllocator allocator = new LotAllocator(
				List.of(lot(9, "2025-01-01T00:00:00Z", "4.00"), lot(5, "2025-01-01T00:00:00Z", "4.00")));

		// 5.00 = 4.00 from lot 5 + 1.00 from lot 9
		Allocation a = allocator.allocate(t("2025-02-01T00:00:00Z"), d("5.00"));

		assertThat(a.takes()).containsExactly(new Take(5, d("4.00")), new Take(9, d("1.00")));
	}

	@Test
	void lotsWithNothingLeftAreIgnored() {
		LotAllocator allocator = new LotAllocator(
				List.of(lot(1, "2024-06-01T00:00:00Z", "5.00", "0"), lot(2, "2025-01-01T00:00:00Z", "5.00")));

		Allocation a = allocator.allocate(t("2025-02-01T00:00:00Z"), d("1.00"));

		assertThat(a.takes()).containsExactly(new Take(2, d("1.00")));
		assertThat(allocator.touched()).containsOnlyKeys(2L);
	}

	@Test
	void aLotThatExpiredBeforeTheCallStartedIsSkippedEvenWithMoneyLeft() {
		// lot 1: bought 2024-02-10T08:00Z, expired 2025-02-10T08:00Z, still holds 50.00
		// (no expiry batch yet)
		// lot 2: bought 2025-01-05, expires 2026-01-05, holds 20.00
		LotAllocator allocator = new LotAllocator(
				List.of(lot(1, "2024-02-10T08:00:00Z", "50.00"), lot(2, "2025-01-05T00:00:00Z", "20.00")));

		// a call on 2025-02-11 (the CDR arrives late, the wall clock does not matter):
		// lot 2 pays 1.20
		Allocation a = allocator.allocate(t("2025-02-11T09:00:00Z"), d("1.20"));

		assertThat(a.takes()).containsExactly(new Take(2, d("1.20")));
		assertThat(allocator.touched()).containsOnlyKeys(2L);
		assertThat(allocator.touched().get(2L)).isEqualByComparingTo("18.80");
		// the expired lot keeps its money for the expiry batch: 50.00 + 18.80
		assertThat(allocator.remaining()).isEqualByComparingTo("68.80");
	}

	@Test
	void aCallThatStartedOneSecondBeforeTheExpiryIsPaidByTheExpiringLot() {
		// lot 1 expires at 2025-02-10T08:00:00Z
		LotAllocator allocator = new LotAllocator(
				List.of(lot(1, "2024-02-10T08:00:00Z", "50.00"), lot(2, "2025-01-05T00:00:00Z", "20.00")));

		// started 07:59:59 (expiresAt > start): lot 1 pays, 50.00 -> 49.00
		Allocation a = allocator.allocate(t("2025-02-10T07:59:59Z"), d("1.00"));

		assertThat(a.takes()).containsExactly(new Take(1, d("1.00")));
		assertThat(allocator.touched().get(1L)).isEqualByComparingTo("49.00");
	}

	@Test
	void aCallThatStartsExactlyAtTheExpiryIsNotPaidByThatLot() {
		// expiresAt is exclusive: at 08:00:00 lot 1 is expired
		LotAllocator allocator = new LotAllocator(
				List.of(lot(1, "2024-02-10T08:00:00Z", "50.00"), lot(2, "2025-01-05T00:00:00Z", "20.00")));

		Allocation a = allocator.allocate(t("2025-02-10T08:00:00Z"), d("1.00"));

		assertThat(a.takes()).containsExactly(new Take(2, d("1.00")));
	}

	@Test
	void aCallSpanningTheExpirySplitsOnlyAcrossLotsUnexpiredAtItsStart() {
		// lot 1 (expires 2025-02-10T08:00Z) 0.40 left; lot 2 20.00; call starts 1 s
		// before the expiry
		LotAllocator allocator = new LotAllocator(
				List.of(lot(1, "2024-02-10T08:00:00Z", "50.00", "0.40"), lot(2, "2025-01-05T00:00:00Z", "20.00")));

		// 1.00 = 0.40 from lot 1 + 0.60 from lot 2
		Allocation a = allocator.allocate(t("2025-02-10T07:59:59Z"), d("1.00"));

		assertThat(a.takes()).containsExactly(new Take(1, d("0.40")), new Take(2, d("0.60")));
		assertThat(a.unfunded()).isEqualByComparingTo("0");
	}

	@Test
	void whenEveryLotExpiredTheWholeChargeIsUnfunded() {
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2024-02-10T08:00:00Z", "50.00")));

		Allocation a = allocator.allocate(t("2025-03-01T00:00:00Z"), d("2.00"));

		assertThat(a.takes()).isEmpty();
		assertThat(a.funded()).isEqualByComparingTo("0");
		assertThat(a.unfunded()).isEqualByComparingTo("2.00");
		assertThat(allocator.touched()).isEmpty();
		assertThat(allocator.remaining()).isEqualByComparingTo("50.00");
	}

	@Test
	void insufficientFundsGivesAPartialFundedAmountAndAnUnfundedRemainder() {
		// 1.50 + 0.70 = 2.20 available
		LotAllocator allocator = new LotAllocator(
				List.of(lot(1, "2024-06-01T00:00:00Z", "5.00", "1.50"), lot(2, "2025-01-01T00:00:00Z", "0.70")));

		// 3.1234: funded 2.20, unfunded 3.1234 - 2.20 = 0.9234
		Allocation a = allocator.allocate(t("2025-03-01T00:00:00Z"), d("3.1234"));

		assertThat(a.takes()).containsExactly(new Take(1, d("1.50")), new Take(2, d("0.70")));
		assertThat(a.funded()).isEqualByComparingTo("2.20");
		assertThat(a.unfunded()).isEqualByComparingTo("0.9234");
		assertThat(a.funded().add(a.unfunded())).isEqualByComparingTo("3.1234");
		assertThat(allocator.touched().values()).allSatisfy(r -> assertThat(r).isEqualByComparingTo("0"));
		assertThat(allocator.remaining()).isEqualByComparingTo("0");

		// after that, a call is wholly unfunded
		Allocation next = allocator.allocate(t("2025-03-01T00:01:00Z"), d("0.01"));
		assertThat(next.takes()).isEmpty();
		assertThat(next.funded()).isEqualByComparingTo("0");
		assertThat(next.unfunded()).isEqualByComparingTo("0.01");
	}

	@Test
	void noLotsAtAll() {
		LotAllocator allocator = new LotAllocator(List.of());

		Allocation a = allocator.allocate(t("2025-03-01T00:00:00Z"), d("0.05"));

		assertThat(a.takes()).isEmpty();
		assertThat(a.unfunded()).isEqualByComparingTo("0.05");
		assertThat(allocator.remaining()).isEqualByComparingTo("0");
	}

	@Test
	void anExactlyExhaustingChargeIsFullyFunded() {
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2025-01-01T00:00:00Z", "2.50")));

		Allocation a = allocator.allocate(t("2025-03-01T00:00:00Z"), d("2.5000"));

		assertThat(a.takes()).containsExactly(new Take(1, d("2.50")));
		assertThat(a.unfunded().signum()).isZero();
		assertThat(allocator.touched().get(1L)).isEqualByComparingTo("0");
	}

	@Test
	void aZeroChargeTakesNothingAndTouchesNothing() {
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2025-01-01T00:00:00Z", "2.50")));

		Allocation a = allocator.allocate(t("2025-03-01T00:00:00Z"), BigDecimal.ZERO);

		assertThat(a.takes()).isEmpty();
		assertThat(a.funded()).isEqualByComparingTo("0");
		assertThat(a.unfunded()).isEqualByComparingTo("0");
		assertThat(allocator.touched()).isEmpty();
		assertThat(allocator.remaining()).isEqualByComparingTo("2.50");
	}

	@Test
	void aNegativeChargeIsRejectedAndChangesNothing() {
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2025-01-01T00:00:00Z", "2.50")));

		assertThatIllegalArgumentException().isThrownBy(() -> allocator.allocate(t("2025-03-01T00:00:00Z"), d("-0.01")))
			.withMessageContaining("-0.01");
		assertThat(allocator.touched()).isEmpty();
		assertThat(allocator.remaining()).isEqualByComparingTo("2.50");
	}

	@Test
	void touchedIsAReadOnlySnapshot() {
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2025-01-01T00:00:00Z", "2.50")));
		allocator.allocate(t("2025-03-01T00:00:00Z"), d("1.00"));

		Map<Long, BigDecimal> touched = allocator.touched();
		assertThatThrownBy(() -> touched.put(2L, BigDecimal.ONE)).isInstanceOf(UnsupportedOperationException.class);

		// a later allocation does not change an earlier snapshot, a new snapshot has the
		// new remainder
		allocator.allocate(t("2025-03-01T00:01:00Z"), d("0.50"));
		assertThat(touched.get(1L)).isEqualByComparingTo("1.50");
		assertThat(allocator.touched().get(1L)).isEqualByComparingTo("1.00");
	}

	@Test
	void touchedReportsEveryLotTakenFromWithItsNewRemainderOnce() {
		// lot 1 3.00 (expires 2025-06-01), lot 2 3.00 (expires 2025-09-01), lot 3 3.00
		// (2026-01-01)
		LotAllocator allocator = new LotAllocator(List.of(lot(1, "2024-06-01T00:00:00Z", "3.00"),
				lot(2, "2024-09-01T00:00:00Z", "3.00"), lot(3, "2025-01-01T00:00:00Z", "3.00")));
		List<Allocation> all = new ArrayList<>();
		// 2.00 from 1 (1.00 left); 2.00 = 1.00 from 1 + 1.00 from 2 (2.00 left); 0.50
		// from 2 (1.50 left)
		all.add(allocator.allocate(t("2025-03-01T00:00:00Z"), d("2.00")));
		all.add(allocator.allocate(t("2025-03-01T00:01:00Z"), d("2.00")));
		all.add(allocator.allocate(t("2025-03-01T00:02:00Z"), d("0.50")));

		assertThat(all).extracting(Allocation::takes)
			.containsExactly(List.of(new Take(1, d("2.00"))), List.of(new Take(1, d("1.00")), new Take(2, d("1.00"))),
					List.of(new Take(2, d("0.50"))));
		Map<Long, BigDecimal> touched = allocator.touched();
		assertThat(touched).containsOnlyKeys(1L, 2L);
		assertThat(touched.get(1L)).isEqualByComparingTo("0");
		assertThat(touched.get(2L)).isEqualByComparingTo("1.50");
		// 0 + 1.50 + 3.00
		assertThat(allocator.remaining()).isEqualByComparingTo("4.50");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({
			// exactly 12 calendar months, same instant
			"2025-03-03T08:14:37Z, 2026-03-03T08:14:37Z", "2025-01-31T10:00:00Z, 2026-01-31T10:00:00Z",
			// a leap day: the next year has no 29 February, the last day of the month
			"2024-02-29T00:00:00Z, 2025-02-28T00:00:00Z", "2024-02-29T23:59:59.5Z, 2025-02-28T23:59:59.5Z",
			// a day before a leap day, into a leap year
			"2023-02-28T12:00:00Z, 2024-02-28T12:00:00Z", "2023-03-01T00:00:00Z, 2024-03-01T00:00:00Z",
			// year end, counted in UTC
			"2024-12-31T23:30:00Z, 2025-12-31T23:30:00Z" })
	void twelveCalendarMonthsLater(String purchased, String expires) {
		assertThat(Lot.expiryOf(Instant.parse(purchased))).isEqualTo(Instant.parse(expires));
	}

	@Test
	void validityIsTwelveMonths() {
		assertThat(Lot.VALIDITY_MONTHS).isEqualTo(12);
	}

}
