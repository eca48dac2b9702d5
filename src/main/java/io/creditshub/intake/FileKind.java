package io.creditshub.intake;

import java.util.Locale;

/**
 * The kinds of intake file, in the order a drain of the inbox takes them (reference data
 * before calls).
 */
public enum FileKind {

	RATES, ACCOUNTS, LICENSES, FUNDS, CDR;

	/** The inbox/archive/error sub-folder of this kind. */
	public String folder() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** CDR and license files sit in a folder per organization. */
	public boolean perOrganization() {
		return this == CDR || this == LICENSES;
	}

}
