package io.creditshub.licensing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The country of a dialled E.164 number (Google libphonenumber), for deciding domestic vs international.
 * Masked numbers ({@code +4930901820***}) and unknown ranges fall back to the main country of the calling
 * code. Cached by the first digits, so a million calls cost a few thousand parses.
 */
public final class Destinations {

	private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();

	private static final int CACHE_DIGITS = 7;

	private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

	/** ISO 3166 two-letter country, or null when the number has no recognizable calling code. */
	public String countryOf(String e164) {
		String digits = Digits.leading(e164);
		if (digits.isEmpty()) {
			return null;
		}
		boolean complete = e164 != null && !e164.contains("*") && digits.length() >= 8;
		String cacheKey = digits.length() > CACHE_DIGITS ? digits.substring(0, CACHE_DIGITS) : digits;
		if (!complete) {
			return byCallingCode(digits);
		}
		String hit = cache.get(cacheKey);
		if (hit != null) {
			return hit.isEmpty() ? null : hit;
		}
		String country;
		try {
			PhoneNumber n = PHONE.parse("+" + digits, "ZZ");
			country = PHONE.getRegionCodeForNumber(n);
			if (country == null || "ZZ".equals(country) || "001".equals(country)) {
				country = byCallingCode(digits);
			}
		}
		catch (NumberParseException e) {
			country = byCallingCode(digits);
		}
		cache.put(cacheKey, country == null ? "" : country);
		return country;
	}

	private static String byCallingCode(String digits) {
		for (int len = 1; len <= Math.min(3, digits.length()); len++) {
			String region = PHONE.getRegionCodeForCountryCode(Integer.parseInt(digits.substring(0, len)));
			if (region != null && !"ZZ".equals(region)) {
				return "001".equals(region) ? null : region;
			}
		}
		return null;
	}

}
