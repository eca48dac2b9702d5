package io.creditshub.licensing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The country of a dialled E.164 number (Google libphonenumber), for deciding domestic vs
 * international. Masked numbers ({@code +4930901820***}) and unknown ranges fall back to
 * the main country of the calling code. Cached by the first digits, so a million calls
 * cost a few thousand parses.
 */
public final class Destinations {

	private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();

	private static final int CACHE_DIGITS = 7;

	private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

	/**
	 * ISO 3166 two-letter country, or null when the number has no recognizable calling
	 * code.
	 */
	public String countryOf(String e164) {
		String digits = Digits.leading(e164);
		if (digits.isEmpty()) {
			return null;
		}
		boolean masked = e164 != null && e164.contains("*");
		String cacheKey = digits.length() > CACHE_DIGITS ? digits.substring(0, CACHE_DIGITS) : digits;
		if (masked) {
			return maskedCountry(e164.strip(), digits);
		}
		if (digits.length() < 8) {
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

	/**
	 * A masked number ({@code +1876555****}): where its calling code is shared by several
	 * countries (+1, +7, +44...), the masked digits are filled with a few candidates
	 * until one gives a valid number, whose country is taken.
	 */
	private String maskedCountry(String e164, String digits) {
		String main = byCallingCode(digits);
		if (main == null) {
			return null;
		}
		int code = PHONE.getCountryCodeForRegion(main);
		if (PHONE.getRegionCodesForCountryCode(code).size() <= 1) {
			return main;
		}
		String key = "*" + (digits.length() > CACHE_DIGITS ? digits.substring(0, CACHE_DIGITS) : digits);
		String hit = cache.get(key);
		if (hit != null) {
			return hit.isEmpty() ? null : hit;
		}
		String found = main;
		String body = e164.startsWith("+") ? e164.substring(1) : e164;
		for (char fill : new char[] { '0', '5', '1', '2' }) {
			try {
				PhoneNumber n = PHONE.parse("+" + body.replace('*', fill), "ZZ");
				if (PHONE.isValidNumber(n)) {
					String region = PHONE.getRegionCodeForNumber(n);
					if (region != null && !"ZZ".equals(region) && !"001".equals(region)) {
						found = region;
						break;
					}
				}
			}
			catch (NumberParseException e) {
				// try the next filling
			}
		}
		cache.put(key, found);
		return found;
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
