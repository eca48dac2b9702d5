package io.creditshub.licensing;

/** Phone number digits. */
public final class Digits {

	private Digits() {
	}

	/**
	 * The leading digits of an E.164 number after an optional '+' (or "tel:+"), stopping
	 * at a mask or other character.
	 */
	public static String leading(String number) {
		if (number == null) {
			return "";
		}
		String s = number.strip();
		if (s.regionMatches(true, 0, "tel:", 0, 4)) {
			s = s.substring(4);
		}
		int i = s.startsWith("+") ? 1 : 0;
		int start = i;
		while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
			i++;
		}
		return s.substring(start, i);
	}

	/**
	 * All digits of a phone number as written in an export ("+1 (425) 555-0100" ->
	 * 14255550100).
	 */
	public static String all(String number) {
		if (number == null) {
			return null;
		}
		StringBuilder sb = new StringBuilder();
		for (char c : number.toCharArray()) {
			if (c >= '0' && c <= '9') {
				sb.append(c);
			}
		}
		return sb.length() == 0 ? null : sb.toString();
	}

}
