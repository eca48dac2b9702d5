package io.creditshub.licensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped license catalog (src/main/resources/license-catalog.yaml, FORMATS section
 * 2): product names to capabilities, allowances by country group, domestic zones, and the
 * pools a set of capabilities feeds.
 */
class LicenseCatalogTest {

	private static LicenseCatalog catalog;

	@BeforeAll
	static void loadCatalog() throws IOException {
		try (InputStream in = LicenseCatalogTest.class.getResourceAsStream("/license-catalog.yaml")) {
			catalog = LicenseCatalog.parse(in);
		}
	}

	private static LicenseCatalog parse(String yaml) throws IOException {
		return LicenseCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
	}

	// ------------------------------------------------------------------ products

	@Test
	void productLookupIsCaseInsensitiveAndTrimmed() {
		assertThat(catalog.capabilitiesOf("Communications Credits")).contains(EnumSet.of(Capability.CREDITS));
		assertThat(catalog.capabilitiesOf("communications credits")).contains(EnumSet.of(Capability.CREDITS));
		assertThat(catalog.capabilitiesOf("  MICROSOFT TEAMS PHONE STANDARD "))
			.contains(EnumSet.of(Capability.PHONE_SYSTEM));
		assertThat(catalog.capabilitiesOf("microsoft teams domestic calling plan (120 MIN)"))
			.contains(EnumSet.of(Capability.DOMESTIC_120));
	}

	@Test
	void everyProductOfTheFormatsTable() {
		assertThat(catalog.capabilitiesOf("Microsoft Teams Domestic Calling Plan"))
			.contains(EnumSet.of(Capability.DOMESTIC_PLAN));
		assertThat(catalog.capabilitiesOf("Microsoft Teams International Calling Plan"))
			.contains(EnumSet.of(Capability.INTERNATIONAL_PLAN));
		assertThat(catalog.capabilitiesOf("Microsoft Teams Audio Conferencing"))
			.contains(EnumSet.of(Capability.AUDIO_CONFERENCING));
		assertThat(catalog.capabilitiesOf("Microsoft Teams Phone Resource Account"))
			.contains(EnumSet.of(Capability.RESOURCE_ACCOUNT));
	}

	@Test
	void unknownProductIsEmpty() {
		assertThat(catalog.capabilitiesOf("Contoso Galactic Calling")).isEmpty();
		assertThat(catalog.capabilitiesOf("")).isEmpty();
	}

	@Test
	void e5GivesPhoneSystemAndAudioConferencing() {
		EnumSet<Capability> e5 = EnumSet.of(Capability.PHONE_SYSTEM, Capability.AUDIO_CONFERENCING);
		assertThat(catalog.capabilitiesOf("Office 365 E5")).contains(e5);
		assertThat(catalog.capabilitiesOf("Microsoft 365 E5")).contains(e5);
		assertThat(catalog.capabilitiesOf("Microsoft 365 E5 (with Teams)")).contains(e5);
		// issue 12: the "(no Teams)" E5 suites keep Teams Phone and Audio Conferencing
		// (Microsoft's service plans
		// MCOEV and MCOMEETADV); E3 suites and Teams EEA are known but give none of them
		assertThat(catalog.capabilitiesOf("Office 365 E5 (no Teams)")).contains(e5);
		assertThat(catalog.capabilitiesOf("Microsoft 365 E5 (no Teams)")).contains(e5);
		for (String none : new String[] { "Microsoft 365 E3 (no Teams)", "Microsoft Teams EEA", "Office 365 E3" }) {
			assertThat(catalog.capabilitiesOf(none)).as(none).contains(EnumSet.noneOf(Capability.class));
		}
		assertThat(catalog.capabilitiesOf("Microsoft 365 Domestic Calling Plan (120 Minutes)"))
			.contains(EnumSet.of(Capability.DOMESTIC_120));
		assertThat(catalog.capabilitiesOf("Microsoft 365 Business Voice"))
			.contains(EnumSet.of(Capability.PHONE_SYSTEM, Capability.DOMESTIC_PLAN, Capability.AUDIO_CONFERENCING));
	}

	// ------------------------------------------------------------------ allowances

	@Test
	void allowanceByGroupAndStar() {
		// domestic: north-america 3000, europe 1200, "*" 1200
		assertThat(catalog.allowance(PoolType.DOMESTIC, "US")).isEqualTo(3000);
		assertThat(catalog.allowance(PoolType.DOMESTIC, "CA")).isEqualTo(3000);
		assertThat(catalog.allowance(PoolType.DOMESTIC, "PR")).isEqualTo(3000);
		assertThat(catalog.allowance(PoolType.DOMESTIC, "DE")).isEqualTo(1200);
		assertThat(catalog.allowance(PoolType.DOMESTIC, "GB")).isEqualTo(1200);
		assertThat(catalog.allowance(PoolType.DOMESTIC, "NO")).isEqualTo(1200); // quoted
																				// "NO" in
																				// the
																				// file
		assertThat(catalog.allowance(PoolType.DOMESTIC, "JP")).isEqualTo(1200); // not in
																				// a
																				// group:
																				// "*"
		assertThat(catalog.allowance(PoolType.DOMESTIC, null)).isEqualTo(1200); // no
																				// location:
																				// "*"
		// the other pools only have "*"
		assertThat(catalog.allowance(PoolType.DOMESTIC_120, "US")).isEqualTo(120);
		assertThat(catalog.allowance(PoolType.DOMESTIC_120, "DE")).isEqualTo(120);
		assertThat(catalog.allowance(PoolType.INTERNATIONAL, "US")).isEqualTo(600);
		assertThat(catalog.allowance(PoolType.INTERNATIONAL, "FR")).isEqualTo(600);
		assertThat(catalog.allowance(PoolType.CONFERENCING, "US")).isEqualTo(60);
		assertThat(catalog.allowance(PoolType.CONFERENCING, "DE")).isEqualTo(60);
	}

	@Test
	void allowanceWithoutStarOrPoolIsZero() throws IOException {
		LicenseCatalog small = parse("""
				products:
				  "Plan": [domestic-plan]
				groups:
				  na: [US]
				allowances:
				  domestic:
				    na: 3000
				""");

		assertThat(small.allowance(PoolType.DOMESTIC, "US")).isEqualTo(3000);
		assertThat(small.allowance(PoolType.DOMESTIC, "DE")).isZero();
		assertThat(small.allowance(PoolType.CONFERENCING, "US")).isZero();
	}

	// ------------------------------------------------------------------ domestic zones

	@Test
	void domesticZones() {
		assertThat(catalog.domestic("US", "CA")).isTrue();
		assertThat(catalog.domestic("CA", "US")).isTrue();
		assertThat(catalog.domestic("US", "US")).isTrue();
		assertThat(catalog.domestic("US", "MX")).isFalse();
		assertThat(catalog.domestic("US", "PR")).isFalse(); // same allowance group, but
															// not a domestic zone
		assertThat(catalog.domestic("DE", "DE")).isTrue();
		assertThat(catalog.domestic("DE", "FR")).isFalse();
		assertThat(catalog.domestic("DE", "AT")).isFalse();
		assertThat(catalog.domestic(null, "US")).isFalse();
		assertThat(catalog.domestic("US", null)).isFalse();
	}

	// ------------------------------------------------------------------ bad catalogs

	@Test
	void unquotedNoIsRefusedWithAClearMessage() {
		// YAML 1.1 reads an unquoted NO as the boolean false
		assertThatIllegalArgumentException().isThrownBy(() -> parse("""
				products:
				  "Communications Credits": [credits]
				groups:
				  europe: [DE, NO, SE]
				allowances:
				  domestic:
				    europe: 1200
				"""))
			.withMessageContaining("license catalog")
			.withMessageContaining("'false' is not a two-letter country code")
			.withMessageContaining("\"NO\"");
	}

	@Test
	void unquotedNoInADomesticZoneIsRefusedToo() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("""
				products:
				  "Communications Credits": [credits]
				domestic-zones:
				  - [SE, NO]
				allowances:
				  domestic:
				    "*": 1200
				""")).withMessageContaining("'false' is not a two-letter country code");
	}

	@Test
	void quotedNoIsAccepted() throws IOException {
		LicenseCatalog c = parse("""
				products:
				  "Communications Credits": [credits]
				groups:
				  nordics: ["NO", SE]
				domestic-zones:
				  - ["NO", SE]
				allowances:
				  domestic:
				    nordics: 900
				""");

		assertThat(c.allowance(PoolType.DOMESTIC, "NO")).isEqualTo(900);
		assertThat(c.domestic("NO", "SE")).isTrue();
	}

	@Test
	void unknownCapabilityIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("""
				products:
				  "Something": [teleportation]
				allowances:
				  domestic:
				    "*": 1200
				""")).withMessageContaining("unknown capability 'teleportation'");
	}

	@Test
	void notAMappingIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("- just\n- a list\n"))
			.withMessageContaining("not a YAML mapping");
	}

	// ------------------------------------------------------------------ pools of
	// capabilities

	@Test
	void poolsOf() {
		assertThat(LicenseCatalog.poolsOf(EnumSet.of(Capability.DOMESTIC_PLAN))).containsExactly(PoolType.DOMESTIC);
		assertThat(LicenseCatalog.poolsOf(EnumSet.of(Capability.INTERNATIONAL_PLAN))).containsExactly(PoolType.DOMESTIC,
				PoolType.INTERNATIONAL);
		assertThat(LicenseCatalog.poolsOf(EnumSet.of(Capability.DOMESTIC_PLAN, Capability.INTERNATIONAL_PLAN)))
			.containsExactly(PoolType.DOMESTIC, PoolType.INTERNATIONAL);
		assertThat(LicenseCatalog.poolsOf(EnumSet.of(Capability.DOMESTIC_120))).containsExactly(PoolType.DOMESTIC_120);
		assertThat(LicenseCatalog.poolsOf(EnumSet.of(Capability.PHONE_SYSTEM, Capability.AUDIO_CONFERENCING)))
			.containsExactly(PoolType.CONFERENCING);
		assertThat(LicenseCatalog.poolsOf(EnumSet.allOf(Capability.class))).containsExactly(PoolType.DOMESTIC,
				PoolType.DOMESTIC_120, PoolType.INTERNATIONAL, PoolType.CONFERENCING);
		assertThat(LicenseCatalog
			.poolsOf(EnumSet.of(Capability.CREDITS, Capability.PHONE_SYSTEM, Capability.RESOURCE_ACCOUNT))).isEmpty();
		assertThat(LicenseCatalog.poolsOf(EnumSet.noneOf(Capability.class))).isEmpty();
	}

}
