package io.creditshub.licensing;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.calls.CallType;
import io.creditshub.money.RoundingRule;
import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.creditshub.rating.RateSegment;
import io.creditshub.rating.RatingEngine;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DOMAIN rules 5 and 6 as specified by the {@link FundingPolicy} Javadoc: who pays, which
 * pool, how much of the call a pool covers, what is left for credits and why credits may
 * refuse. Pure Java, real classpath catalog.
 *
 * <p>
 * Every rate here has no connection fee. Pool sizes come from the book (catalog
 * allowances: domestic 3000 in the US/CA, 1200 in Europe; domestic-120 120; international
 * 600; conferencing 60 per user per month); the minutes already used are handed to
 * {@link Pools}.
 */
class FundingPolicyTest {

	private static final Instant FEB_1 = Instant.parse("2025-02-01T00:00:00Z");

	private static final Instant MAR_10 = Instant.parse("2025-03-10T12:00:00Z");

	private static final YearMonth MARCH = YearMonth.of(2025, 3);

	private static final YearMonth APRIL = YearMonth.of(2025, 4);

	private static final Instant RATES_FROM = Instant.parse("2025-01-01T00:00:00Z");

	// License bundles as they appear in the export's Licenses column
	private static final String DOMESTIC_USER = "Communications Credits+Microsoft Teams Phone Standard"
			+ "+Microsoft Teams Domestic Calling Plan";

	private static final String INTERNATIONAL_USER = "Communications Credits+Microsoft Teams Phone Standard"
			+ "+Microsoft Teams International Calling Plan";

	private static final String DOMESTIC_120_USER = "Communications Credits+Microsoft Teams Phone Standard"
			+ "+Microsoft Teams Domestic Calling Plan (120 min)";

	private static final String CONFERENCING_USER = "Communications Credits+Microsoft Teams Audio Conferencing";

	private static final String RESOURCE_ACCOUNT = "Communications Credits+Microsoft Teams Phone Resource Account";

	/** +1: USD 0.06/min, 60/60. */
	private static final Rate US_LANDLINE = rate("1", NumberType.LANDLINE, "0.06", 60, 60, false);

	/** +44: 0.12/min, 1/1, Zone A. */
	private static final Rate GB_PER_SECOND = rate("44", NumberType.LANDLINE, "0.12", 1, 1, true);

	/** +44 conference dial-out: 0.12/min, 60/60, Zone A. */
	private static final Rate GB_ZONE_A = rate("44", NumberType.LANDLINE, "0.12", 60, 60, true);

	/** +91: 0.20/min, 60/60, not Zone A. */
	private static final Rate INDIA = rate("91", NumberType.LANDLINE, "0.20", 60, 60, false);

	/** +33: 0.10/min, 60/60. */
	private static final Rate FRANCE = rate("33", NumberType.LANDLINE, "0.10", 60, 60, true);

	/** +1800: toll-free 0.05/min, 1/1. */
	private static final Rate US_TOLL_FREE = rate("1800", NumberType.TOLL_FREE, "0.05", 1, 1, false);

	private static LicenseCatalog catalog;

	private final FundingPolicy policy = new FundingPolicy(new Destinations());

	@BeforeAll
	static void loadCatalog() throws IOException {
		try (InputStream in = FundingPolicyTest.class.getResourceAsStream("/license-catalog.yaml")) {
			catalog = LicenseCatalog.parse(in);
		}
	}

	// ------------------------------------------------------------------ pools exhausted
	// mid-call

	@Test
	void poolExhaustedMidCall_60_60_restRatedFromOffset120() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 2998));

		// 1 user x 3000 = 3000 min, 2998 used: 2 left. A 300 s call needs ceil(300/60) =
		// 5 min: 2 covered.
		// Rest rated from offset 120 s at 60/60: units 120-180, 180-240, 240-300 = 180 s;
		// 0.06 * 180 / 60 = 0.18 (the full call would be 0.30).
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 300, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.18"));
		assertThat(d.refusal()).isNull();
		assertThat(d.creditsAllowed()).isTrue();
		assertThat(pools.remaining(domestic)).isZero();
		assertThat(pools.changed()).containsExactly(Map.entry(domestic, 3000));
	}

	@Test
	void poolExhaustedMidCall_1_1_restRatedFromOffset120() {
		// A GB user (Europe: 1200 min per user) calling a GB number on a 1/1 rate at
		// 0.12/min
		LicenseBook book = book(user("g1", "GB", DOMESTIC_USER));
		PoolKey domestic = new PoolKey("GB", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 1198));

		// 1200 - 1198 = 2 min left. 290 s needs ceil(290/60) = 5 min: 2 covered (120 s).
		// Rest: 290 - 120 = 170 s at 1/1; 0.12 * 170 / 60 = 0.34 (the full call would be
		// 0.58).
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "g1", "+442079460018", MAR_10, 290, GB_PER_SECOND), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.34"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.used(domestic)).isEqualTo(1200);
	}

	@Test
	void poolExhaustedMidCall_30_6_firstIncrementDoesNotApplyAgain() {
		Rate thirtySix = rate("1", NumberType.LANDLINE, "0.12", 30, 6, false);
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 2998));

		// 2 min left; a 125 s call needs ceil(125/60) = 3 min: 2 covered (120 s).
		// The whole call at 30/6 bills units 0-30, 30-36, ..., 114-120, 120-126: the
		// uncovered part is the
		// one 6 s unit 120-126 (the first increment was used at second 0 and does not
		// apply again):
		// 0.12 * 6 / 60 = 0.012 -> half-up 0.01 (not a fresh 30 s first unit: 0.12 * 30 /
		// 60 = 0.06).
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 125, thirtySix),
				book, pools);

		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.01"));
	}

	@Test
	void poolExhaustedMidCall_atASegmentStart_thatSegmentsFirstIncrementApplies() {
		// 0.20/min 60/60 for the first two minutes, then from second 120 0.06/min 30/6
		Rate twoPart = new Rate(0, "1", "dest 1", NumberType.LANDLINE, "USD", BigDecimal.ZERO,
				List.of(new RateSegment(0, new BigDecimal("0.20"), 60, 60),
						new RateSegment(120, new BigDecimal("0.06"), 30, 6)),
				RATES_FROM, null, false, RoundingRule.DEFAULT);
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 2998));

		// 2 min left; 125 s = 3 min, 2 covered. The whole call bills 0-60, 60-120
		// (segment 1) and 120-150
		// (segment 2's first unit, 30 s): the uncovered part is that 30 s unit; 0.06 * 30
		// / 60 = 0.03.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 125, twoPart),
				book, pools);

		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.03"));
	}

	@Test
	void poolWithEnoughMinutesCoversTheWholeCall() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of());

		// 3000 left; 61 s -> ceil(61/60) = 2 min covered; nothing for credits.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 61, US_LANDLINE),
				book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isZero();
		assertThat(d.refusal()).isNull();
		assertThat(pools.used(domestic)).isEqualTo(2);
	}

	// ------------------------------------------------------------------ month boundary

	@Test
	void monthBoundary_callStartingLastSecondsOfMarchUsesMarchPool_midnightCallUsesApril() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey march = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		PoolKey april = new PoolKey("US", PoolType.DOMESTIC, APRIL);
		Pools pools = pools(book, Map.of());

		// Starts 23:59:30 on 31 March, lasts 120 s (ends 00:01:30 on 1 April):
		// ceil(120/60) = 2 min from MARCH.
		FundingPolicy.Decision late = policy.decide(
				call(CallType.USER_OUT, "u1", "+12065550100", Instant.parse("2025-03-31T23:59:30Z"), 120, US_LANDLINE),
				book, pools);
		// Starts 00:00:00 on 1 April, 60 s: 1 min from APRIL.
		FundingPolicy.Decision midnight = policy.decide(
				call(CallType.USER_OUT, "u1", "+12065550100", Instant.parse("2025-04-01T00:00:00Z"), 60, US_LANDLINE),
				book, pools);

		assertThat(late.pool()).isEqualTo(march);
		assertThat(late.poolMinutes()).isEqualTo(2);
		assertThat(midnight.pool()).isEqualTo(april);
		assertThat(midnight.poolMinutes()).isEqualTo(1);
		assertThat(pools.used(march)).isEqualTo(2);
		assertThat(pools.used(april)).isEqualTo(1);
	}

	@Test
	void monthBoundary_exhaustedMarchPoolIsNotRefilledByApril() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey march = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		PoolKey april = new PoolKey("US", PoolType.DOMESTIC, APRIL);
		Pools pools = pools(book, Map.of(march, 3000));

		// March exhausted (3000 of 3000): a call starting 23:59:30 on 31 March pays from
		// credits even though it
		// ends in April; 120 s at 60/60 = 2 units; 0.06 * 120 / 60 = 0.12. April is
		// untouched.
		FundingPolicy.Decision d = policy.decide(
				call(CallType.USER_OUT, "u1", "+12065550100", Instant.parse("2025-03-31T23:59:30Z"), 120, US_LANDLINE),
				book, pools);

		assertThat(d.pool()).isEqualTo(march);
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.12"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.used(april)).isZero();
	}

	// ------------------------------------------------------------------ domestic vs
	// international

	@Test
	void usToCanadaIsDomestic_usesUsDomesticPool() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of());

		// +1 416 (Toronto, CA) from a US user: US and CA are one domestic zone. 180 s ->
		// 3 min from DOMESTIC/US.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+14165550123", MAR_10, 180, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(3);
		assertThat(d.creditsDue()).isZero();
		assertThat(pools.used(domestic)).isEqualTo(3);
	}

	@Test
	void germanUserCallingFranceIsInternational_domesticPlanPaysFromCredits() {
		LicenseBook book = book(user("d1", "DE", DOMESTIC_USER));
		Pools pools = pools(book, Map.of());

		// DE -> FR is international; a Domestic Calling Plan has no international pool:
		// 120 s at 0.10/min 60/60 = 0.10 * 120 / 60 = 0.20 from credits.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "d1", "+33142685300", MAR_10, 120, FRANCE),
				book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.20"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void germanUserCallingGermanyIsDomestic() {
		LicenseBook book = book(user("d1", "DE", DOMESTIC_USER));
		Rate germany = rate("49", NumberType.LANDLINE, "0.05", 60, 60, true);
		Pools pools = pools(book, Map.of());

		// DE -> DE: DOMESTIC/DE (1200 min); 60 s -> 1 min covered.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "d1", "+4930123456", MAR_10, 60, germany),
				book, pools);

		assertThat(d.pool()).isEqualTo(new PoolKey("DE", PoolType.DOMESTIC, MARCH));
		assertThat(d.poolMinutes()).isEqualTo(1);
		assertThat(d.creditsDue()).isZero();
	}

	// ------------------------------------------------------------------ 120-minute plan

	@Test
	void domestic120UserDrawsOnlyThe120Pool() {
		LicenseBook book = book(user("small", "US", DOMESTIC_120_USER), user("big", "US", DOMESTIC_USER));
		PoolKey pool120 = new PoolKey("US", PoolType.DOMESTIC_120, MARCH);
		PoolKey pool3000 = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of());

		// Sizes: DOMESTIC_120 = 1 x 120 = 120; DOMESTIC = 1 x 3000 = 3000 (the 120 user
		// adds nothing to it).
		assertThat(pools.size(pool120)).isEqualTo(120);
		assertThat(pools.size(pool3000)).isEqualTo(3000);
		// 300 s -> 5 min from DOMESTIC_120 only.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "small", "+12065550100", MAR_10, 300, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(pool120);
		assertThat(d.poolMinutes()).isEqualTo(5);
		assertThat(d.creditsDue()).isZero();
		assertThat(pools.used(pool120)).isEqualTo(5);
		assertThat(pools.used(pool3000)).isZero();
	}

	@Test
	void domestic120UserWithExhausted120PoolPaysFromCredits_3000PoolUntouched() {
		LicenseBook book = book(user("small", "US", DOMESTIC_120_USER), user("big", "US", DOMESTIC_USER));
		PoolKey pool120 = new PoolKey("US", PoolType.DOMESTIC_120, MARCH);
		PoolKey pool3000 = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(pool120, 120));

		// 120 of 120 used, the 3000 pool is full but not theirs: 180 s at 60/60 = 0.06 *
		// 180 / 60 = 0.18 from
		// credits (the user holds Communications Credits + Phone System + a Calling Plan:
		// allowed).
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "small", "+12065550100", MAR_10, 180, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(pool120);
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.18"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.used(pool3000)).isZero();
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void domestic120UserPartlyCovered_remainderToCredits() {
		LicenseBook book = book(user("small", "US", DOMESTIC_120_USER), user("big", "US", DOMESTIC_USER));
		PoolKey pool120 = new PoolKey("US", PoolType.DOMESTIC_120, MARCH);
		Pools pools = pools(book, Map.of(pool120, 119));

		// 1 min left of 120; 240 s -> 4 min, 1 covered; rest from 60 s: 180 s = 0.06 *
		// 180 / 60 = 0.18.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "small", "+12065550100", MAR_10, 240, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(pool120);
		assertThat(d.poolMinutes()).isEqualTo(1);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.18"));
		assertThat(pools.used(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isZero();
	}

	// ------------------------------------------------------------------ international
	// plan

	@Test
	void internationalPlan_internationalCallDrawsInternationalAndDomesticPools() {
		LicenseBook book = book(user("i1", "US", INTERNATIONAL_USER));
		PoolKey intl = new PoolKey("US", PoolType.INTERNATIONAL, MARCH);
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of());

		// Sizes: INTERNATIONAL 600, DOMESTIC 3000. US -> GB, 300 s: 5 min from both
		// pools.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "i1", "+442079460018", MAR_10, 300, GB_PER_SECOND), book, pools);

		assertThat(d.pool()).isEqualTo(intl);
		assertThat(d.poolMinutes()).isEqualTo(5);
		assertThat(d.creditsDue()).isZero();
		assertThat(pools.used(intl)).isEqualTo(5);
		assertThat(pools.used(domestic)).isEqualTo(5);
	}

	@Test
	void internationalPlan_whicheverRunsOutFirst_domesticHasOneMinuteLeft() {
		LicenseBook book = book(user("i1", "US", INTERNATIONAL_USER));
		PoolKey intl = new PoolKey("US", PoolType.INTERNATIONAL, MARCH);
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 2999));

		// DOMESTIC 3000 - 2999 = 1 left, INTERNATIONAL 600 left: min(5, 600, 1) = 1 min
		// covered.
		// Rest from 60 s at 1/1: 300 - 60 = 240 s; 0.12 * 240 / 60 = 0.48.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "i1", "+442079460018", MAR_10, 300, GB_PER_SECOND), book, pools);

		assertThat(d.pool()).isEqualTo(intl);
		assertThat(d.poolMinutes()).isEqualTo(1);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.48"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.used(domestic)).isEqualTo(3000);
		assertThat(pools.used(intl)).isEqualTo(1);
	}

	@Test
	void internationalPlan_whicheverRunsOutFirst_internationalHasOneMinuteLeft() {
		LicenseBook book = book(user("i1", "US", INTERNATIONAL_USER));
		PoolKey intl = new PoolKey("US", PoolType.INTERNATIONAL, MARCH);
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(intl, 599));

		// INTERNATIONAL 600 - 599 = 1 left, DOMESTIC 3000: 1 min covered; rest 240 s at
		// 1/1 = 0.48.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "i1", "+442079460018", MAR_10, 300, GB_PER_SECOND), book, pools);

		assertThat(d.poolMinutes()).isEqualTo(1);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.48"));
		assertThat(pools.used(intl)).isEqualTo(600);
		assertThat(pools.used(domestic)).isEqualTo(1);
	}

	@Test
	void internationalPlan_domesticCallDrawsOnlyDomesticPool() {
		LicenseBook book = book(user("i1", "US", INTERNATIONAL_USER));
		PoolKey intl = new PoolKey("US", PoolType.INTERNATIONAL, MARCH);
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of());

		// US -> US 120 s: 2 min from DOMESTIC; INTERNATIONAL untouched.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "i1", "+12065550100", MAR_10, 120, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(pools.used(intl)).isZero();
	}

	// ------------------------------------------------------------------ pool types never
	// mix

	@Test
	void poolsOfDifferentTypesDoNotMix_exhaustedDomesticDoesNotBorrowConferencing() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER), user("c1", "US", CONFERENCING_USER));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		PoolKey conferencing = new PoolKey("US", PoolType.CONFERENCING, MARCH);
		Pools pools = pools(book, Map.of(domestic, 3000));

		// DOMESTIC exhausted, CONFERENCING has 60: a user_out call by the domestic user
		// pays from credits:
		// 120 s at 0.06 60/60 = 0.12.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 120, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.12"));
		assertThat(pools.remaining(conferencing)).isEqualTo(60);
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void poolsOfDifferentTypesDoNotMix_exhaustedConferencingDoesNotBorrowDomestic() {
		// E5 + Domestic Calling Plan + Credits: feeds both DOMESTIC (3000) and
		// CONFERENCING (60)
		LicenseBook book = book(user("e5", "US",
				"Communications Credits+Microsoft 365 E5 (with Teams)" + "+Microsoft Teams Domestic Calling Plan"));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		PoolKey conferencing = new PoolKey("US", PoolType.CONFERENCING, MARCH);
		Pools pools = pools(book, Map.of(conferencing, 60));

		// Conference dial-out to GB (Zone A), conferencing 60 of 60 used: 180 s at 0.12
		// 60/60 =
		// 0.12 * 180 / 60 = 0.36 from credits; DOMESTIC untouched.
		FundingPolicy.Decision d = policy.decide(call(CallType.CONF_OUT, "e5", "+442079460018", MAR_10, 180, GB_ZONE_A),
				book, pools);

		assertThat(d.pool()).isEqualTo(conferencing);
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.36"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.used(domestic)).isZero();
	}

	// ------------------------------------------------------------------ inbound

	@Test
	void inboundUserCallUsesNoPool() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		Pools pools = pools(book, Map.of());

		// user_in never draws a pool; if it reaches the policy with a (non-toll-free)
		// rate, the full amount
		// stays for credits: 120 s at 0.06 60/60 = 0.12.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_IN, "u1", "+12065550100", MAR_10, 120, US_LANDLINE),
				book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.12"));
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void tollFreeInboundToResourceAccount_chargedFromCredits() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER), account("aa1", "US", "18005550100", RESOURCE_ACCOUNT));
		Pools pools = pools(book, Map.of());

		// ucap_in to +1 800 555 0100 owned by the auto attendant (Credits + Resource
		// Account):
		// 150 s at 0.05/min 1/1 = 0.05 * 150 / 60 = 0.125 -> half-up 0.13. No pool.
		FundingPolicy.Call c = new FundingPolicy.Call(CallType.UCAP_IN, null, "+12065550100", "+18005550100", MAR_10,
				150, US_TOLL_FREE, amount(US_TOLL_FREE, 150));
		FundingPolicy.Decision d = policy.decide(c, book, pools);

		assertThat(policy.payer(c, book)).get().extracting(LicenseRecord::objectId).isEqualTo("aa1");
		assertThat(d.pool()).isNull();
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.13"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void tollFreeInboundToNumberNobodyOwns_refusedNoLicense() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER), account("aa1", "US", "18005550100", RESOURCE_ACCOUNT));
		Pools pools = pools(book, Map.of());

		// +1 888 555 0199 is owned by no account in the export: 150 s = 0.13 due,
		// refused.
		FundingPolicy.Call c = new FundingPolicy.Call(CallType.UCAP_IN, null, "+12065550100", "+18885550199", MAR_10,
				150, US_TOLL_FREE, amount(US_TOLL_FREE, 150));
		FundingPolicy.Decision d = policy.decide(c, book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.13"));
		assertThat(d.creditsAllowed()).isFalse();
		assertThat(d.refusal()).startsWith("no license").contains("+18885550199");
	}

	@Test
	void tollFreeInboundToResourceAccountWithoutCredits_refused() {
		LicenseBook book = book(account("aa1", "US", "18005550100", "Microsoft Teams Phone Resource Account"));
		Pools pools = pools(book, Map.of());

		// Resource Account license alone (no Communications Credits): 60 s at 0.05 1/1 =
		// 0.05, refused.
		FundingPolicy.Call c = new FundingPolicy.Call(CallType.UCAP_IN, null, "+12065550100", "+18005550100", MAR_10,
				60, US_TOLL_FREE, amount(US_TOLL_FREE, 60));
		FundingPolicy.Decision d = policy.decide(c, book, pools);

		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.05"));
		assertThat(d.refusal()).isEqualTo("no Communications Credits license");
	}

	@Test
	void outboundCallToTollFreeUsesNoPool() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		Pools pools = pools(book, Map.of());

		// Calls to toll-free numbers use no pool: 60 s at 0.05 1/1 = 0.05 from credits.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+18005550100", MAR_10, 60, US_TOLL_FREE), book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.05"));
		assertThat(pools.changed()).isEmpty();
	}

	// ------------------------------------------------------------------ conference
	// dial-out

	@Test
	void conferenceDialOutToZoneA_usesConferencingPool() {
		LicenseBook book = book(user("c1", "US", CONFERENCING_USER));
		PoolKey conferencing = new PoolKey("US", PoolType.CONFERENCING, MARCH);
		Pools pools = pools(book, Map.of());

		// CONFERENCING = 1 x 60 = 60 min; conf_out to GB (Zone A), 180 s -> 3 min
		// covered, nothing due.
		FundingPolicy.Decision d = policy.decide(call(CallType.CONF_OUT, "c1", "+442079460018", MAR_10, 180, GB_ZONE_A),
				book, pools);

		assertThat(d.pool()).isEqualTo(conferencing);
		assertThat(d.poolMinutes()).isEqualTo(3);
		assertThat(d.creditsDue()).isZero();
		assertThat(pools.used(conferencing)).isEqualTo(3);
	}

	@Test
	void conferenceDialOutByUserOutConfToZoneA_usesConferencingPool() {
		LicenseBook book = book(user("c1", "US", CONFERENCING_USER));
		PoolKey conferencing = new PoolKey("US", PoolType.CONFERENCING, MARCH);
		Pools pools = pools(book, Map.of(conferencing, 58));

		// 60 - 58 = 2 min left; user_out_conf 300 s = 5 min: 2 covered, rest from 120 s
		// at 60/60:
		// 180 s * 0.12 / 60 = 0.36.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT_CONF, "c1", "+442079460018", MAR_10, 300, GB_ZONE_A), book, pools);

		assertThat(d.pool()).isEqualTo(conferencing);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.36"));
		assertThat(d.refusal()).isNull();
	}

	@Test
	void conferenceDialOutToNonZoneA_chargedToCredits() {
		LicenseBook book = book(user("c1", "US", CONFERENCING_USER));
		Pools pools = pools(book, Map.of());

		// India is not Zone A: no pool; 180 s at 0.20 60/60 = 0.20 * 180 / 60 = 0.60 from
		// credits.
		FundingPolicy.Decision d = policy.decide(call(CallType.CONF_OUT, "c1", "+912212345678", MAR_10, 180, INDIA),
				book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.60"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void conferenceDialOutToZoneAWithoutAudioConferencing_chargedToCredits() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		Pools pools = pools(book, Map.of());

		// Phone System + Domestic plan but no Audio Conferencing: no conferencing pool
		// (and conf_out never uses
		// the domestic pool); 60 s at 0.12 60/60 = 0.12 from credits.
		FundingPolicy.Decision d = policy.decide(call(CallType.CONF_OUT, "u1", "+442079460018", MAR_10, 60, GB_ZONE_A),
				book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.12"));
		assertThat(d.refusal()).isNull();
	}

	// ------------------------------------------------------------------ refusals (DOMAIN
	// rule 5)

	@Test
	void userWithoutCommunicationsCredits_refused() {
		LicenseBook book = book(
				user("u1", "US", "Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan"));
		Pools pools = pools(book, Map.of());

		// International on a domestic plan: no pool; 300 s at 0.12 1/1 = 0.12 * 300 / 60
		// = 0.60, refused.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+442079460018", MAR_10, 300, GB_PER_SECOND), book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.60"));
		assertThat(d.creditsAllowed()).isFalse();
		assertThat(d.refusal()).isEqualTo("no Communications Credits license");
	}

	@Test
	void creditsWithoutBaseLicense_refusedNoPlan() {
		// Credits + Phone System but no Calling Plan and no Audio Conferencing
		LicenseBook book = book(user("u1", "US", "Communications Credits+Microsoft Teams Phone Standard"),
				user("u2", "US", "Communications Credits"));
		Pools pools = pools(book, Map.of());

		// 60 s at 0.06 60/60 = 0.06 each, no pool (no plan), refused.
		FundingPolicy.Decision phoneOnly = policy
			.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 60, US_LANDLINE), book, pools);
		FundingPolicy.Decision creditsOnly = policy
			.decide(call(CallType.USER_OUT, "u2", "+12065550100", MAR_10, 60, US_LANDLINE), book, pools);

		assertThat(phoneOnly.pool()).isNull();
		assertThat(phoneOnly.creditsDue()).isEqualTo(new BigDecimal("0.06"));
		assertThat(phoneOnly.refusal()).startsWith("no plan");
		assertThat(creditsOnly.pool()).isNull();
		assertThat(creditsOnly.refusal()).startsWith("no plan");
	}

	@Test
	void planWithoutPhoneSystem_noPoolAndRefusedNoPlan() {
		// Credits + Domestic Calling Plan but no Phone System: the plan is useless
		// without Phone System
		LicenseBook book = book(user("u1", "US", "Communications Credits+Microsoft Teams Domestic Calling Plan"));
		Pools pools = pools(book, Map.of());

		// 60 s at 0.06 = 0.06; no pool, refused.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 60, US_LANDLINE),
				book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.06"));
		assertThat(d.refusal()).startsWith("no plan");
	}

	@Test
	void userAbsentFromLicenseBook_refusedNoLicense() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER));
		Pools pools = pools(book, Map.of());

		// "ghost" is not in the export: 60 s at 0.06 = 0.06, refused.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "ghost", "+12065550100", MAR_10, 60, US_LANDLINE), book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.06"));
		assertThat(d.refusal()).startsWith("no license").contains("ghost");
	}

	@Test
	void userWhoseLicenseEndedBeforeTheCall_refusedNoLicense() {
		LicenseBook book = book(
				record("u1", "US", null, false, DOMESTIC_USER, FEB_1, Instant.parse("2025-03-01T00:00:00Z")));
		Pools pools = pools(book, Map.of());

		// License ended on 1 March, call on 10 March: no record in force -> no pool; 0.06
		// refused.
		FundingPolicy.Decision d = policy.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 60, US_LANDLINE),
				book, pools);

		assertThat(d.pool()).isNull();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.06"));
		assertThat(d.refusal()).startsWith("no license");
	}

	@Test
	void organizationWithoutAnyLicenseRecord_fullAmountNoRefusalNoPool() {
		LicenseBook book = new LicenseBook(List.of(), catalog);
		Pools pools = pools(book, Map.of());

		// Not managed: no judgement; 300 s at 0.06 60/60 = 0.30 from credits.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "anyone", "+12065550100", MAR_10, 300, US_LANDLINE), book, pools);

		assertThat(book.managed()).isFalse();
		assertThat(d.pool()).isNull();
		assertThat(d.poolMinutes()).isZero();
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.30"));
		assertThat(d.refusal()).isNull();
		assertThat(pools.changed()).isEmpty();
	}

	@Test
	void poolPartlyCoveringAndNoCreditsLicense_refusalMentionsExhaustedPool() {
		LicenseBook book = book(
				user("u1", "US", "Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan"));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 2998));

		// 2 left; 300 s = 5 min, 2 covered; rest 180 s at 0.06 = 0.18 which credits may
		// not pay.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 300, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.18"));
		assertThat(d.refusal()).startsWith("pool ")
			.contains("exhausted")
			.contains("domestic/US/2025-03")
			.contains("2 of 5 min covered")
			.endsWith("no Communications Credits license");
		assertThat(pools.used(domestic)).isEqualTo(3000);
	}

	@Test
	void poolFullyCoveringNeedsNoCreditsLicense() {
		LicenseBook book = book(
				user("u1", "US", "Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan"));
		Pools pools = pools(book, Map.of());

		// 300 s = 5 min, all covered by the 3000-min pool: nothing due, so no refusal
		// even without credits.
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "u1", "+12065550100", MAR_10, 300, US_LANDLINE), book, pools);

		assertThat(d.poolMinutes()).isEqualTo(5);
		assertThat(d.creditsDue()).isZero();
		assertThat(d.refusal()).isNull();
	}

	// ------------------------------------------------------------------ blocked users

	@Test
	void blockedUserCountsForPoolSizeAndFundsNormally() {
		LicenseBook book = book(user("u1", "US", DOMESTIC_USER),
				record("blocked", "US", null, true, DOMESTIC_USER, FEB_1, null));
		PoolKey domestic = new PoolKey("US", PoolType.DOMESTIC, MARCH);
		Pools pools = pools(book, Map.of(domestic, 5998));

		// 2 users (one blocked) x 3000 = 6000; 5998 used: 2 left. Blocked user's 300 s
		// call: 2 covered,
		// rest 180 s at 0.06 = 0.18 from credits, allowed.
		assertThat(pools.size(domestic)).isEqualTo(6000);
		FundingPolicy.Decision d = policy
			.decide(call(CallType.USER_OUT, "blocked", "+12065550100", MAR_10, 300, US_LANDLINE), book, pools);

		assertThat(d.pool()).isEqualTo(domestic);
		assertThat(d.poolMinutes()).isEqualTo(2);
		assertThat(d.creditsDue()).isEqualTo(new BigDecimal("0.18"));
		assertThat(d.refusal()).isNull();
	}

	// ------------------------------------------------------------------ helpers

	private static Rate rate(String prefix, NumberType type, String perMinute, int first, int next, boolean zoneA) {
		return new Rate(0, prefix, "dest " + prefix, type, "USD", BigDecimal.ZERO,
				List.of(new RateSegment(0, new BigDecimal(perMinute), first, next)), RATES_FROM, null, zoneA,
				RoundingRule.DEFAULT);
	}

	private static BigDecimal amount(Rate rate, int seconds) {
		return RatingEngine.rate(rate, seconds).amount();
	}

	private static FundingPolicy.Call call(CallType type, String user, String to, Instant at, int seconds, Rate rate) {
		return new FundingPolicy.Call(type, user, "+12065550999", to, at, seconds, rate, amount(rate, seconds));
	}

	private static Set<Capability> caps(String licenses) {
		Set<Capability> caps = EnumSet.noneOf(Capability.class);
		for (String product : licenses.split("\\+")) {
			caps.addAll(catalog.capabilitiesOf(product)
				.orElseThrow(() -> new IllegalArgumentException("not in catalog: " + product)));
		}
		return caps;
	}

	private static LicenseRecord record(String id, String country, String phone, boolean blocked, String licenses,
			Instant from, Instant to) {
		return new LicenseRecord(id, id + "@contoso.example", id, country, phone, blocked, licenses, caps(licenses),
				from, to);
	}

	private static LicenseRecord user(String id, String country, String licenses) {
		return record(id, country, null, false, licenses, FEB_1, null);
	}

	private static LicenseRecord account(String id, String country, String phone, String licenses) {
		return record(id, country, phone, false, licenses, FEB_1, null);
	}

	private static LicenseBook book(LicenseRecord... records) {
		return new LicenseBook(new ArrayList<>(List.of(records)), catalog);
	}

	private static Pools pools(LicenseBook book, Map<PoolKey, Integer> used) {
		return new Pools(book, new HashMap<>(used));
	}

}
