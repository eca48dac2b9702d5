package io.creditshub.licensing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The country of a dialled number (libphonenumber), which decides domestic vs
 * international (DOMAIN rule 6).
 */
class DestinationsTest {

	private final Destinations destinations = new Destinations();

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({
			// NANP: the area code decides the country (+1 416 Toronto, +1 206 Seattle)
			"+14165550123,   CA", "+12065550100,   US", "+16135550199,   CA",
			// one calling code, one country
			"+4930123456,    DE", "+442079460018,  GB", "+447700900123,  GB", "+33142685300,   FR",
			// masked: the calling code's main country
			"+4930901820***, DE", "+44207946****,  GB",
			// with a tel: prefix
			"tel:+4930123456, DE" })
	void countryOf(String number, String country) {
		assertThat(destinations.countryOf(number)).isEqualTo(country);
	}

	@Test
	void emptyOrNullIsNull() {
		assertThat(destinations.countryOf("")).isNull();
		assertThat(destinations.countryOf(null)).isNull();
		assertThat(destinations.countryOf("+")).isNull();
		assertThat(destinations.countryOf("***")).isNull();
	}

	@Test
	void cachedAnswersStayRight() {
		// Same first 7 digits (the cache key) twice, then another country: answers are
		// unchanged
		assertThat(destinations.countryOf("+14165550123")).isEqualTo("CA");
		assertThat(destinations.countryOf("+14165550188")).isEqualTo("CA");
		assertThat(destinations.countryOf("+12065550100")).isEqualTo("US");
		assertThat(destinations.countryOf("+14165550123")).isEqualTo("CA");
	}

	@Test
	void nonGeographicCallingCodeIsNull() {
		// +800 (international freephone) has no country
		assertThat(destinations.countryOf("+80012345678")).isNull();
	}

	@org.junit.jupiter.api.Test
	void maskedNumbersOfASharedCallingCodeFindTheirCountry() {
		// +1 is shared by the US, Canada and the Caribbean: a masked Jamaican number is
		// not domestic to a US user
		org.assertj.core.api.Assertions.assertThat(new Destinations().countryOf("+1876555****")).isEqualTo("JM");
		org.assertj.core.api.Assertions.assertThat(new Destinations().countryOf("+1416555****")).isEqualTo("CA");
		org.assertj.core.api.Assertions.assertThat(new Destinations().countryOf("+7701123****")).isEqualTo("KZ");
	}

}
