package io.creditshub.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which encoding an intake file is in (issue 12): exports re-saved by Excel are not
 * UTF-8. Decided from the bytes:
 * <ul>
 * <li>a byte order mark: UTF-8, UTF-16LE or UTF-16BE (Excel's "Unicode text");</li>
 * <li>no mark, every byte sequence valid UTF-8: UTF-8;</li>
 * <li>no mark, not UTF-8 and no valid multi-byte UTF-8 sequence at all: Windows-1252
 * (Excel's "CSV (Comma delimited)"; Latin-1 text reads the same);</li>
 * <li>valid multi-byte UTF-8 and invalid bytes in one file: broken text, refused with the
 * line of the first invalid byte.</li>
 * </ul>
 */
final class TextEncoding {

	static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	private TextEncoding() {
	}

	/**
	 * The decision: the charset, how many bytes of mark to skip, and a name for people.
	 */
	record Detected(Charset charset, int bomBytes, String label) {
	}

	static Detected detect(Path file) {
		try (InputStream raw = Files.newInputStream(file); InputStream in = new BufferedInputStream(raw, 1 << 16)) {
			in.mark(4);
			int b0 = in.read(), b1 = in.read(), b2 = in.read();
			in.reset();
			if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
				return scanUtf8(in, file, 3);
			}
			if (b0 == 0xFF && b1 == 0xFE) {
				return new Detected(StandardCharsets.UTF_16LE, 2, "UTF-16LE");
			}
			if (b0 == 0xFE && b1 == 0xFF) {
				return new Detected(StandardCharsets.UTF_16BE, 2, "UTF-16BE");
			}
			return scanUtf8(in, file, 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + file, e);
		}
	}

	/**
	 * True when the file starts with a UTF-16 byte order mark (its NUL bytes are text,
	 * not binary).
	 */
	static boolean utf16(byte[] head) {
		return head.length >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
				|| (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF);
	}

	private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
		.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L, LOW_7 = 0x7F7F7F7F7F7F7F7FL, LF = 0x0A0A0A0A0A0A0A0AL;

	/** How many of the eight ASCII bytes in w are line feeds (exact, no branch). */
	static int lineFeeds(long w) {
		long x = w ^ LF; // a line feed becomes a zero byte
		long t = ~(((x & LOW_7) + LOW_7) | x | LOW_7); // 0x80 where a byte of x is zero
		return Long.bitCount(t);
	}

	private static Detected scanUtf8(InputStream in, Path file, int bom) throws IOException {
		in.skipNBytes(bom);
		long line = 1, firstInvalidLine = 0;
		boolean multibyte = false;
		int need = 0; // continuation bytes still expected
		byte[] buf = new byte[1 << 16];
		int n;
		while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
			for (int i = 0; i < n; i++) {
				if (need == 0 && (i & 7) == 0 && i + 8 <= n) {
					// eight plain ASCII bytes at once (most of a CSV file): only their
					// line feeds count
					long w = (long) LONGS.get(buf, i);
					if ((w & HIGH_BITS) == 0) {
						line += lineFeeds(w);
						i += 7;
						continue;
					}
				}
				int b = buf[i] & 0xFF;
				if (need > 0) {
					if ((b & 0xC0) == 0x80) {
						if (--need == 0) {
							multibyte = true;
						}
						continue;
					}
					need = 0;
					firstInvalidLine = firstInvalidLine == 0 ? line : firstInvalidLine;
				}
				if (b < 0x80) {
					if (b == '\n') {
						line++;
					}
				}
				else if (b >= 0xC2 && b <= 0xDF) {
					need = 1;
				}
				else if (b >= 0xE0 && b <= 0xEF) {
					need = 2;
				}
				else if (b >= 0xF0 && b <= 0xF4) {
					need = 3;
				}
				else if (firstInvalidLine == 0) {
					firstInvalidLine = line;
				}
			}
			if (firstInvalidLine != 0 && multibyte) {
				break;
			}
		}
		if (need > 0 && firstInvalidLine == 0) {
			firstInvalidLine = line; // cut in the middle of a character at the end
		}
		if (firstInvalidLine == 0) {
			return new Detected(StandardCharsets.UTF_8, bom, "UTF-8");
		}
		if (!multibyte && bom == 0) {
			return new Detected(WINDOWS_1252, 0, "Windows-1252");
		}
		throw new FileRejectedException("not valid UTF-8 text (line " + firstInvalidLine + " has a byte that is not "
				+ "UTF-8, while other lines are UTF-8): the file mixes encodings; save it again as UTF-8");
	}

}
