package io.creditshub.calls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compact key of a call (issue 14): the UsageId as a {@code uuid} (16 bytes, against
 * 37 for its text). DOMAIN rule 10: one database-enforced key per call,
 * {@code call_record (org_id, usage_key)}.
 * <ul>
 * <li>A UsageId that is a GUID in its canonical lower-case form (as Teams writes it, and
 * as the intake stores it since issue 17) is its own key, and no text is kept
 * ({@link #text} null: the text is the key's).</li>
 * <li>Any other UsageId (another carrier's call id, or a GUID written otherwise in a
 * database made before issue 17) maps to a name-based UUID (version 5, SHA-1) of the text
 * in the organization's own name space, itself a version 5 UUID of the organization id in
 * {@link #HUB}. The text is kept in {@code call_record.usage_text}, so the API and
 * reports show the carrier's id. Two different texts of one organization collide only if
 * SHA-1 does (UsageKeysTest).</li>
 * </ul>
 * The same rule is applied by the migration (V20261130_200) to the rows of an existing
 * database.
 */
public final class UsageKeys {

	/** The hub's name space for organizations' name spaces (a fixed, random UUID). */
	public static final UUID HUB = UUID.fromString("5b1f3c52-9a1e-4d43-8f0e-6c2a1d7e4b90");

	private static final ConcurrentHashMap<String, UUID> SPACES = new ConcurrentHashMap<>();

	private UsageKeys() {
	}

	/** The key of a UsageId of an organization. */
	public static UUID key(String orgId, String usageId) {
		if (isCanonicalGuid(usageId)) {
			return UUID.fromString(usageId);
		}
		return nameBased(space(orgId), usageId);
	}

	/** The text to keep beside the key: null when the key's own text is the UsageId. */
	public static String text(String usageId) {
		return isCanonicalGuid(usageId) ? null : usageId;
	}

	/** A GUID in the canonical lower-case form (what {@link UUID#toString()} gives). */
	public static boolean isCanonicalGuid(String s) {
		return isGuid(s, false);
	}

	/**
	 * Whether s is a GUID written 8-4-4-4-12 in hex digits: in lower case only, or in
	 * either case. By hand, not a regular expression: asked twice on every row of a CDR
	 * file (a regular expression was 5 % of the intake's time).
	 */
	public static boolean isGuid(String s, boolean anyCase) {
		if (s.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = s.charAt(i);
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (c != '-') {
					return false;
				}
			}
			else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || anyCase && c >= 'A' && c <= 'F')) {
				return false;
			}
		}
		return true;
	}

	/** The name space of an organization's non-GUID UsageIds. */
	public static UUID space(String orgId) {
		return SPACES.computeIfAbsent(orgId, o -> nameBased(HUB, "org:" + o));
	}

	/** A version 5 (SHA-1, RFC 4122 section 4.3) UUID of a name in a name space. */
	public static UUID nameBased(UUID namespace, String name) {
		MessageDigest sha1;
		try {
			sha1 = MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		ByteBuffer ns = ByteBuffer.allocate(16);
		ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
		sha1.update(ns.array());
		byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
		h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
		h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
		ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
		return new UUID(b.getLong(), b.getLong());
	}

	/**
	 * SQL for the UsageId as shown (the carrier's text, else the GUID's canonical text)
	 * of the call_record row aliased {@code alias}, with a space on each side (text
	 * blocks drop the trailing space before it).
	 */
	public static String shown(String alias) {
		return " COALESCE(" + alias + ".usage_text, CAST(" + alias + ".usage_key AS varchar(36))) ";
	}

}
