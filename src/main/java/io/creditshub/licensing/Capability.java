package io.creditshub.licensing;

import java.util.Locale;

/**
 * What a license gives (FORMATS.md section 2); product names map to these through the
 * {@link LicenseCatalog}.
 */
public enum Capability {

	CREDITS, PHONE_SYSTEM, DOMESTIC_PLAN, DOMESTIC_120, INTERNATIONAL_PLAN, AUDIO_CONFERENCING, RESOURCE_ACCOUNT;

	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Capability parse(String label) {
		String v = label.strip().toUpperCase(Locale.ROOT).replace('-', '_');
		try {
			return valueOf(v);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("unknown capability '" + label + "'");
		}
	}

}
