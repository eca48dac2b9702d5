package io.creditshub.calls;

import java.util.Locale;

/** The Teams PSTN usage report's Call Type values (FORMATS.md section 1). */
public enum CallType {

	USER_IN(false), USER_OUT(true), USER_OUT_CONF(true), USER_OUT_TRANSFER(true), USER_OUT_FORWARDING(true),
	CONF_IN(false), CONF_OUT(true), UNASSIGNED_IN(false), UCAP_IN(false), UCAP_OUT(true);

	private final boolean outbound;

	/** The export's spelling (lower case), computed once: asked for on every row. */
	private final String label;

	CallType(boolean outbound) {
		this.outbound = outbound;
		this.label = name().toLowerCase(Locale.ROOT);
	}

	private static final CallType[] ALL = values();

	public boolean outbound() {
		return outbound;
	}

	public String label() {
		return label;
	}

	/**
	 * @throws IllegalArgumentException naming the value when it is not one of the
	 * export's call types
	 */
	public static CallType parse(String value) {
		String v = value.strip();
		for (CallType t : ALL) {
			if (t.label.equalsIgnoreCase(v)) {
				return t;
			}
		}
		throw new IllegalArgumentException("unknown Call Type '" + io.creditshub.system.Text.echo(value)
				+ "' (expected one of user_in, user_out, user_out_conf, user_out_transfer, user_out_forwarding, "
				+ "conf_in, conf_out, unassigned_in, ucap_in, ucap_out)");
	}

}
