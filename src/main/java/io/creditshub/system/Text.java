package io.creditshub.system;

/**
 * Text as the hub shows and stores it: values echoed in error messages, characters a
 * database cannot hold.
 */
public final class Text {

	private static final int ECHO = 60;

	private Text() {
	}

	/**
	 * A value cut short for an error message (control characters shown as \\u0000, line
	 * breaks as spaces).
	 */
	public static String echo(String value) {
		if (value == null) {
			return "";
		}
		String v = printable(value.replace('\n', ' ').replace('\r', ' '));
		return v.length() <= ECHO ? v : v.substring(0, ECHO) + "...(" + v.length() + " chars)";
	}

	/**
	 * The text with every character a database cannot store or a reader cannot see
	 * escaped as {@code \\uXXXX}: C0 control characters other than tab and line breaks
	 * (NUL above all: PostgreSQL text cannot hold it), DEL, and unpaired surrogates.
	 */
	public static String printable(String s) {
		if (s == null) {
			return null;
		}
		int bad = firstUnstorable(s);
		if (bad < 0) {
			return s;
		}
		StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, bad);
		for (int i = bad; i < s.length(); i++) {
			char c = s.charAt(i);
			if (unstorable(s, i)) {
				b.append(String.format("\\u%04X", (int) c));
			}
			else {
				b.append(c);
			}
		}
		return b.toString();
	}

	/**
	 * The index of the first character that cannot be stored as text (see
	 * {@link #printable}), or -1.
	 */
	public static int firstUnstorable(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (unstorable(s, i)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean unstorable(String s, int i) {
		char c = s.charAt(i);
		if (c < 0x20) {
			return c != '\t' && c != '\n' && c != '\r';
		}
		if (c == 0x7F) {
			return true;
		}
		if (Character.isHighSurrogate(c)) {
			return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
		}
		if (Character.isLowSurrogate(c)) {
			return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
		}
		return false;
	}

}
