package io.creditshub.licensing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The license history (DOMAIN rules 5, 6): which record is in force at an instant, who
 * owns a number, and pool sizes = distinct holders located in the pool's country at any
 * time in the month x the catalog allowance.
 */
class LicenseBookTest {

	private static final Instant JAN_1 = Instant.parse("2025-01-01T00:00:00Z");

	private static final Instant MAR_1 = Instant.parse("2025-03-01T00:00:00Z");

	private static final Instant MAR_15 = Instant.parse("2025-03-15T00:00:00Z");

	private static final Instant APR_1 = Instant.parse("2025-04-01T00:00:00Z");

	private static final YearMonth FEBRUARY = YearMonth.of(2025, 2);

	private static final YearMonth MARCH = YearMonth.of(2025, 3);

	private static final YearMonth APRIL = YearMonth.of(2025, 4);

	private static final String DOMESTIC = "Communications Credits+Microsoft Teams Phone Standard"
			+ "+Microsoft Teams Domestic Calling Plan";

	private static final String DOMESTIC_120 = "Microsoft Teams Phone Standard"
			+ "+Microsoft Teams Domestic Calling Plan (120 min)";

	private static final String INTERNATIONAL = "Microsoft Teams Phone Standard+Microsoft Teams International Calling Plan";

	private static final String E5 = "Office 365 E5";

	private static final String RESOURCE = "Communications Credits+Microsoft Teams Phone Resource Account";

	private static LicenseCatalog catalog;

	@BeforeAll
	static void loadCatalog() throws IOException {
		try (InputStream in = LicenseBookTest.class.getResourceAsStream("/license-catalog.yaml")) {
			catalog = LicenseCatalog.parse(in);
		}
	}

	// ------------------------------------------------------------------ history

	@Test
	void userAtPicksTheRecordInForce_validFromInclusive_validToExclusive() {
		LicenseRecord before = record("u1", "US", null, false, "Microsoft Teams Phone Standard", MAR_1, MAR_15);
		LicenseRecord after = record("u1", "US", null, false, DOMESTIC, MAR_15, null);
		LicenseBook book = new LicenseBook(List.of(before, after), catalog);

		// [MAR_1, MAR_15) -> before; [MAR_15, open) -> after; earlier than MAR_1 ->
		// nothing
		assertThat(book.userAt("u1", MAR_1)).containsSame(before);
		assertThat(book.userAt("u1", MAR_15.minusNanos(1))).containsSame(before);
		assertThat(book.userAt("u1", MAR_15)).containsSame(after);
		assertThat(book.userAt("u1", Instant.parse("2026-01-01T00:00:00Z"))).containsSame(after);
		assertThat(book.userAt("u1", MAR_1.minusSeconds(1))).isEmpty();
	}

	@Test
	void userAtMatchesObjectIdCaseInsensitively_andUnknownOrNullIsEmpty() {
		LicenseRecord r = record("AbC-123", "US", null, false, DOMESTIC, MAR_1, null);
		LicenseBook book = new LicenseBook(List.of(r), catalog);

		assertThat(book.userAt("abc-123", MAR_15)).containsSame(r);
		assertThat(book.userAt("ABC-123", MAR_15)).containsSame(r);
		assertThat(book.userAt("someone-else", MAR_15)).isEmpty();
		assertThat(book.userAt(null, MAR_15)).isEmpty();
	}

	@Test
	void userAtAfterTheLicenseEndedIsEmpty() {
		LicenseRecord r = record("u1", "US", null, false, DOMESTIC, JAN_1, MAR_15);
		LicenseBook book = new LicenseBook(List.of(r), catalog);

		assertThat(book.userAt("u1", MAR_15.minusSeconds(1))).containsSame(r);
		assertThat(book.userAt("u1", MAR_15)).isEmpty();
	}

	@Test
	void managedOnlyWithRecords() {
		assertThat(new LicenseBook(List.of(), catalog).managed()).isFalse();
		assertThat(new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, MAR_1, null)), catalog).managed())
			.isTrue();
		assertThat(new LicenseBook(List.of(), catalog).catalog()).isSameAs(catalog);
	}

	// ------------------------------------------------------------------ numbers

	@Test
	void numberAtFindsTheResourceAccountInForce() {
		LicenseRecord oldOwner = record("aa-old", "US", "18005550100", false, RESOURCE, JAN_1, MAR_15);
		LicenseRecord newOwner = record("cq-new", "US", "18005550100", false, RESOURCE, MAR_15, null);
		LicenseRecord user = record("u1", "US", "12065550100", false, DOMESTIC, JAN_1, null);
		LicenseBook book = new LicenseBook(List.of(oldOwner, newOwner, user), catalog);

		assertThat(book.numberAt("18005550100", MAR_1)).containsSame(oldOwner);
		assertThat(book.numberAt("18005550100", MAR_15)).containsSame(newOwner);
		assertThat(book.numberAt("18005550100", JAN_1.minusSeconds(1))).isEmpty();
		assertThat(book.numberAt("12065550100", MAR_1)).containsSame(user);
		assertThat(book.numberAt("18885550199", MAR_1)).isEmpty();
		assertThat(book.numberAt("", MAR_1)).isEmpty();
		assertThat(book.numberAt(null, MAR_1)).isEmpty();
	}

	// ------------------------------------------------------------------ pool sizes

	@Test
	void poolSize_usDomesticIs3000PerHolder_deIs1200() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, null),
				record("u2", "US", null, false, DOMESTIC, JAN_1, null),
				record("d1", "DE", null, false, DOMESTIC, JAN_1, null)), catalog);

		// US: 2 holders x 3000 = 6000; DE: 1 holder x 1200 = 1200
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(6000);
		assertThat(book.poolSize(new PoolKey("DE", PoolType.DOMESTIC, MARCH))).isEqualTo(1200);
	}

	@Test
	void poolSize_usersOfAnotherCountryDoNotCount() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, null),
				record("d1", "DE", null, false, DOMESTIC, JAN_1, null),
				record("c1", "CA", null, false, DOMESTIC, JAN_1, null)), catalog);

		// Only u1 is located in the US: 1 x 3000 (the CA user feeds DOMESTIC/CA, even
		// though US-CA calls are domestic)
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
		assertThat(book.poolSize(new PoolKey("CA", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
		assertThat(book.poolSize(new PoolKey("FR", PoolType.DOMESTIC, MARCH))).isZero();
	}

	@Test
	void poolSize_eachPlanFeedsItsOwnPool() {
		LicenseBook book = new LicenseBook(List.of(record("d120", "US", null, false, DOMESTIC_120, JAN_1, null),
				record("intl", "US", null, false, INTERNATIONAL, JAN_1, null),
				record("e5", "US", null, false, E5, JAN_1, null)), catalog);

		// DOMESTIC: only the international-plan user (its domestic part) = 1 x 3000
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
		// DOMESTIC_120: 1 x 120
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC_120, MARCH))).isEqualTo(120);
		// INTERNATIONAL: 1 x 600
		assertThat(book.poolSize(new PoolKey("US", PoolType.INTERNATIONAL, MARCH))).isEqualTo(600);
		// CONFERENCING (E5 gives Audio Conferencing): 1 x 60
		assertThat(book.poolSize(new PoolKey("US", PoolType.CONFERENCING, MARCH))).isEqualTo(60);
	}

	@Test
	void poolSize_licenseEndedMidMonthCountsThatMonthNotTheNext() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, null),
				record("leaver", "US", null, false, DOMESTIC, JAN_1, MAR_15)), catalog);

		// March: u1 + leaver (held it 1-15 March) = 2 x 3000 = 6000; April: u1 only =
		// 3000
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(6000);
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, APRIL))).isEqualTo(3000);
	}

	@Test
	void poolSize_licenseEndingExactlyAtMonthStartDoesNotCountInThatMonth() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, APR_1)), catalog);

		// validTo is exclusive: held until 31 March 23:59:59.999... -> March 3000, April
		// 0
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, APRIL))).isZero();
	}

	@Test
	void poolSize_licenseStartingMidMonthCountsThatMonthNotTheMonthBefore() {
		LicenseBook book = new LicenseBook(List.of(record("joiner", "US", null, false, DOMESTIC, MAR_15, null)),
				catalog);

		// Assigned on 15 March: February 0, March 3000 (whole allowance, not prorated)
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, FEBRUARY))).isZero();
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
	}

	@Test
	void poolSize_blockedUsersCount() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, null),
				record("blocked", "US", null, true, DOMESTIC, JAN_1, null)), catalog);

		// 2 holders (one blocked) x 3000 = 6000
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(6000);
	}

	@Test
	void poolSize_userWithSeveralRecordsInTheMonthCountsOnce() {
		// License changed on 15 March (Credits added): two records, same holder
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false,
				"Microsoft Teams Phone Standard+Microsoft Teams Domestic Calling Plan", JAN_1, MAR_15),
				record("U1", "US", null, false, DOMESTIC, MAR_15, null)), catalog);

		// distinct holders (object id case-insensitive) = 1 -> 1 x 3000
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
	}

	@Test
	void poolSize_userWhoMovedCountryMidMonthCountsInBothCountries() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, MAR_15),
				record("u1", "DE", null, false, DOMESTIC, MAR_15, null)), catalog);

		// Located in the US 1-15 March and in DE from 15 March: March US 3000 and DE
		// 1200;
		// April only DE.
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
		assertThat(book.poolSize(new PoolKey("DE", PoolType.DOMESTIC, MARCH))).isEqualTo(1200);
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, APRIL))).isZero();
		assertThat(book.poolSize(new PoolKey("DE", PoolType.DOMESTIC, APRIL))).isEqualTo(1200);
	}

	@Test
	void poolSize_planDroppedMidMonthStillCountsThatMonth() {
		LicenseBook book = new LicenseBook(List.of(record("u1", "US", null, false, DOMESTIC, JAN_1, MAR_15),
				record("u1", "US", null, false, "Communications Credits+Microsoft Teams Phone Standard", MAR_15, null)),
				catalog);

		// Held the Domestic plan 1-15 March: March 3000; April the plan is gone: 0
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isEqualTo(3000);
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, APRIL))).isZero();
	}

	@Test
	void poolSize_usersWithoutAPlanOrLocationDoNotCount() {
		LicenseBook book = new LicenseBook(List.of(record("u1", null, null, false, DOMESTIC, JAN_1, null),
				record("u2", "US", null, false, "Communications Credits+Microsoft Teams Phone Standard", JAN_1, null),
				record("aa", "US", "18005550100", false, RESOURCE, JAN_1, null)), catalog);

		// u1 has no usage location, u2 no plan, aa is a resource account: 0
		assertThat(book.poolSize(new PoolKey("US", PoolType.DOMESTIC, MARCH))).isZero();
	}

	// ------------------------------------------------------------------ helpers

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

}
