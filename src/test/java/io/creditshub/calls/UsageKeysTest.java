package io.creditshub.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

/**
 * Issue 14, DOMAIN rule 10: the compact key of a UsageId ({@link UsageKeys}) is
 * deterministic, a canonical GUID is its own key, and two different UsageIds of one
 * organization never share a key (the database's one key per call would otherwise refuse
 * a genuine call as a duplicate).
 */
class UsageKeysTest {

	@Example
	void aGuidIsItsOwnKeyAndOtherIdsGetANameBasedVersion5Uuid() {
		String guid = "39772979-843a-4410-8f4b-7afb2d014b31";
		assertThat(UsageKeys.key("contoso", guid)).isEqualTo(UUID.fromString(guid));
		assertThat(UsageKeys.text(guid)).isNull();
		UUID other = UsageKeys.key("contoso", "sip-call-0002");
		assertThat(other.version()).isEqualTo(5);
		assertThat(other.variant()).isEqualTo(2);
		assertThat(UsageKeys.text("sip-call-0002")).isEqualTo("sip-call-0002");
		// the same id in another organization's space is another key (the key is per
		// organization anyway)
		assertThat(UsageKeys.key("fabrikam", "sip-call-0002")).isNotEqualTo(other);
		// a GUID not in canonical lower case (kept as written before issue 17) keeps its
		// text and gets a key of its own
		String upper = guid.toUpperCase(java.util.Locale.ROOT);
		assertThat(UsageKeys.key("contoso", upper)).isNotEqualTo(UUID.fromString(guid));
		assertThat(UsageKeys.text(upper)).isEqualTo(upper);
		// RFC 4122 appendix B's example: v5 of "www.example.com" in the DNS name space
		// (as RFC 9562 lists it)
		assertThat(UsageKeys.nameBased(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"))
			.isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
	}

	@Property(tries = 200)
	void differentUsageIdsOfAnOrganizationNeverShareAKey(@ForAll("orgs") String org,
			@ForAll @Size(min = 2, max = 500) @UniqueElements List<@net.jqwik.api.From("usageIds") String> ids) {
		Map<UUID, String> seen = new HashMap<>();
		for (String id : ids) {
			UUID key = UsageKeys.key(org, id);
			String before = seen.put(key, id);
			assertThat(before).as("%s and %s share key %s", before, id, key).isNull();
			assertThat(UsageKeys.key(org, id)).as("deterministic").isEqualTo(key);
			// the shown text gives the key back (API, reports and corrections look calls
			// up by it)
			String shown = UsageKeys.text(id) != null ? UsageKeys.text(id) : key.toString();
			assertThat(shown).isEqualTo(id);
			assertThat(UsageKeys.key(org, shown)).isEqualTo(key);
		}
	}

	@Provide
	Arbitrary<String> orgs() {
		return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
	}

	@Provide
	Arbitrary<String> usageIds() {
		Arbitrary<String> guids = Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString());
		Arbitrary<String> upper = guids.map(g -> g.toUpperCase(java.util.Locale.ROOT));
		// the name-based keys of texts that look like GUIDs but are not canonical, and
		// plain carrier ids
		Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(100).excludeChars('\u0000');
		Arbitrary<String> near = guids.map(g -> g.substring(0, 35));
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, guids), net.jqwik.api.Tuple.of(1, upper),
				net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(1, near));
	}

}
