package io.creditshub.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Benchmark and demo data: writes a synthetic Teams "PSTN usage report" export
 * (FORMATS.md section 1) with the 20 real columns, CRLF line ends, UTF-8, rows in
 * start-time order. Pure Java: Spring does not start.
 * <ul>
 * <li>~85% outbound calls of ~500 users ({@code user_out}, transfers, forwards,
 * conference dial-out) to numbers the sample rate table rates in USD: +1, +44, +447, +49,
 * +4915/16/17, +33, +91 (some German numbers masked with {@code ***}, as real exports
 * do);</li>
 * <li>~15% inbound: {@code user_in} (not chargeable) and a few {@code ucap_in} to the
 * organization's toll-free +1800 numbers (charged per minute);</li>
 * <li>durations 0..1800 s (some unanswered), start times weighted to weekday business
 * hours, about a month for a million rows;</li>
 * <li>UsageId, Call ID and object ids are version-4 UUIDs drawn from
 * {@code new Random(seed)}: the same seed gives the same file, byte for byte.</li>
 * </ul>
 * Memory is constant (one row at a time through a {@link BufferedWriter}). The file is
 * written as {@code <out>.part} (which the intake never takes) and renamed to
 * {@code <out>} when complete.
 */
@Command(name = "generate-cdrs", mixinStandardHelpOptions = true,
		description = "Write a synthetic Teams PSTN usage export (20 columns, CRLF, UTF-8, start-time order) for "
				+ "benchmarks and demos. Does not start the hub; prints rows, bytes and seconds.")
class GenerateCdrsCommand implements Callable<Integer> {

	/** The 20 columns of the Teams export, in the export's order. */
	static final String HEADER = "UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,"
			+ "Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,"
			+ "End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability";

	private static final String CRLF = "\r\n";

	@ParentCommand
	HubCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--rows", paramLabel = "N", defaultValue = "1000000",
			description = "Number of call rows (default: ${DEFAULT-VALUE}).")
	long rows;

	@Option(names = "--out", paramLabel = "FILE", required = true,
			description = "File to write, e.g. data/inbox/cdr/contoso/PSTN.calls.bench.csv (folders are created).")
	Path out;

	@Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--start", paramLabel = "INSTANT", defaultValue = "2025-03-01T00:00:00Z",
			description = "Start time of the first call, ISO-8601 UTC (default: ${DEFAULT-VALUE}). The sample rate "
					+ "table is in force from 2025-01-01.")
	String start;

	@Option(names = "--bom",
			description = "Begin the file with a UTF-8 byte order mark, as the admin center export does.")
	boolean bom;

	@Override
	public Integer call() throws IOException {
		if (rows < 0) {
			throw new ParameterException(spec.commandLine(), "--rows must be 0 or more: " + rows);
		}
		Instant first;
		try {
			first = Instant.parse(start);
		}
		catch (DateTimeParseException e) {
			throw new ParameterException(spec.commandLine(), "--start is not an ISO-8601 UTC instant: " + start);
		}
		Path target = out.toAbsolutePath().normalize();
		if (target.getParent() != null) {
			Files.createDirectories(target.getParent());
		}
		Path part = target.resolveSibling(target.getFileName() + ".part");
		long began = System.nanoTime();
		try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(part), StandardCharsets.UTF_8),
				1 << 20)) {
			if (bom) {
				w.write('\ufeff');
			}
			w.write(HEADER);
			w.write(CRLF);
			new Generator(new Random(seed), first).write(w, rows);
		}
		catch (IOException | RuntimeException e) {
			Files.deleteIfExists(part);
			throw e;
		}
		try {
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
		}
		double seconds = (System.nanoTime() - began) / 1e9;
		long bytes = Files.size(target);
		parent.out.printf("generate-cdrs: %d rows, %d bytes, %.2f s (%.0f rows/s) -> %s%n", rows, bytes, seconds,
				seconds > 0 ? rows / seconds : rows, target);
		return Launcher.OK;
	}

	/** Makes the rows; all randomness comes from one seeded {@link Random}. */
	static final class Generator {

		private static final String[] FIRST = { "Ann", "Bob", "Eve", "Carlos", "Mei", "Raj", "Olga", "Tom", "Fatima",
				"Liam", "Noah", "Emma", "José", "Zoë", "Søren", "Björn", "Chloé", "Ngozi", "Hiroshi", "Ana", "Priya",
				"Lukas", "Sofía", "Omar", "Grace" };

		private static final String[] LAST = { "Lee", "Kim", "Diaz", "Smith", "Müller", "Núñez", "Ångström", "O'Brien",
				"Nakamura", "Patel", "Kowalski", "García", "Dubois", "Okafor", "Schmidt", "Rossi", "Novák", "Jensen",
				"Chen", "Brown" };

		/**
		 * The organization's toll-free numbers (inbound calls to them are charged from
		 * credits).
		 */
		private static final String[] TOLL_FREE = { "+18005550199", "+18005550142", "+18005550177" };

		private static final int USERS = 500;

		/**
		 * Mean gap between two call starts at weight 1 (night); weekday office hours are
		 * 4x busier.
		 */
		private static final double BASE_GAP_SECONDS = 4.5;

		private final Random random;

		private final String[] userId = new String[USERS], upn = new String[USERS], name = new String[USERS],
				phone = new String[USERS];

		/**
		 * Nanoseconds since the epoch of the current call start (rows are in start-time
		 * order).
		 */
		private long clockNanos;

		private String lastCallId;

		private final StringBuilder row = new StringBuilder(512);

		Generator(Random random, Instant first) {
			this.random = random;
			this.clockNanos = first.getEpochSecond() * 1_000_000_000L + first.getNano();
			for (int i = 0; i < USERS; i++) {
				String f = FIRST[random.nextInt(FIRST.length)], l = LAST[random.nextInt(LAST.length)];
				userId[i] = uuid();
				String local = ascii(f) + "." + ascii(l) + i;
				upn[i] = local.toLowerCase(java.util.Locale.ROOT) + "@contoso.com";
				// some exports write "Last, First": a comma to quote
				name[i] = random.nextInt(10) == 0 ? l + ", " + f : f + " " + l;
				phone[i] = "+1425" + digits(7);
			}
		}

		void write(Writer w, long count) throws IOException {
			for (long i = 0; i < count; i++) {
				nextStart();
				row.setLength(0);
				appendCall();
				row.append(CRLF);
				w.append(row);
			}
		}

		private void appendCall() {
			int kind = random.nextInt(1000);
			int user = random.nextInt(USERS);
			String usageId = uuid();
			String callId;
			String type;
			String conference = "";
			if (kind < 700) {
				type = "user_out";
			}
			else if (kind < 740) {
				type = "user_out_transfer";
			}
			else if (kind < 780) {
				type = "user_out_forwarding";
			}
			else if (kind < 830) {
				type = "conf_out";
			}
			else if (kind < 850) {
				type = "user_out_conf";
			}
			else if (kind < 995) {
				type = "user_in";
			}
			else {
				type = "ucap_in";
			}
			// a transferred or forwarded leg often belongs to the call of the row before
			// (Call ID repeats)
			boolean leg = (type.equals("user_out_transfer") || type.equals("user_out_forwarding")) && lastCallId != null
					&& random.nextInt(2) == 0;
			callId = leg ? lastCallId : uuid();
			lastCallId = callId;
			if (type.startsWith("conf") || type.equals("user_out_conf")) {
				conference = Integer.toString(100_000_000 + random.nextInt(900_000_000));
			}
			int duration = duration();
			long startNanos = clockNanos;
			long endNanos = startNanos + (duration + random.nextInt(9)) * 1_000_000_000L
					+ random.nextInt(1000) * 1_000_000L;

			String country;
			String domestic;
			String number;
			if (type.equals("user_in")) {
				country = "United States";
				domestic = "Domestic";
				number = phone[user];
			}
			else if (type.equals("ucap_in")) {
				country = "United States";
				domestic = "Domestic";
				number = TOLL_FREE[random.nextInt(TOLL_FREE.length)];
			}
			else {
				int d = random.nextInt(100);
				if (d < 60) {
					country = "United States";
					domestic = "Domestic";
					number = "+1" + (2 + random.nextInt(8)) + digits(2) + (2 + random.nextInt(8)) + digits(6);
				}
				else if (d < 68) {
					country = "United Kingdom";
					domestic = "International";
					number = "+44" + (random.nextBoolean() ? "20" : "161") + digits(8);
				}
				else if (d < 73) {
					country = "United Kingdom";
					domestic = "International";
					number = "+447" + (random.nextBoolean() ? "700" : "911") + digits(6);
				}
				else if (d < 79) {
					country = "Germany";
					domestic = "International";
					number = "+49" + (random.nextBoolean() ? "30" : "89") + digits(8);
					if (random.nextInt(5) == 0) {
						number = number.substring(0, number.length() - 3) + "***";
					}
				}
				else if (d < 84) {
					country = "Germany";
					domestic = "International";
					number = "+491" + (5 + random.nextInt(3)) + digits(9);
				}
				else if (d < 91) {
					country = "France";
					domestic = "International";
					number = "+33" + (1 + random.nextInt(5)) + digits(8);
				}
				else {
					country = "India";
					domestic = "International";
					number = "+91" + (random.nextBoolean() ? "11" : "22") + digits(8);
				}
			}

			boolean resource = type.equals("ucap_in");
			StringBuilder r = row;
			r.append(usageId).append(',').append(callId).append(',').append(conference).append(",US,");
			if (resource) {
				r.append(",,,,");
			}
			else {
				r.append(userId[user]).append(',').append(upn[user]).append(',');
				csv(r, name[user]);
				r.append(',').append(phone[user]).append(',');
			}
			r.append(type).append(',').append(resource ? "service" : "user").append(',').append(domestic).append(',');
			r.append(country).append(',').append(number).append(',');
			time(r, startNanos);
			r.append(',');
			time(r, endNanos);
			r.append(',').append(duration).append(",0,,USD,").append(resource ? "MCOPSTN_PAYG_1" : "MCOPSTNPP");
		}

		/** 0..1800 s: some unanswered, most a few minutes, a tail of long calls. */
		private int duration() {
			int p = random.nextInt(100);
			if (p < 6) {
				return 0;
			}
			if (p < 94) {
				return (int) Math.min(1800, 1 + Math.round(-Math.log(1 - random.nextDouble()) * 150));
			}
			return 600 + random.nextInt(1201);
		}

		/**
		 * Advances the start clock by an exponential gap, shorter in weekday office hours
		 * (08-18 UTC).
		 */
		private void nextStart() {
			long seconds = Math.floorDiv(clockNanos, 1_000_000_000L);
			int hour = (int) Math.floorMod(seconds / 3600, 24L);
			// 1970-01-01 was a Thursday: day 0 = Thursday, weekend = days 2 and 3 mod 7
			int weekday = (int) Math.floorMod(Math.floorDiv(seconds, 86_400L), 7L);
			boolean weekend = weekday == 2 || weekday == 3;
			double weight = weekend ? 0.5 : hour >= 8 && hour < 18 ? 4 : 1;
			double gap = -Math.log(1 - random.nextDouble()) * BASE_GAP_SECONDS / weight;
			// Teams writes 7 fractional digits; keep whole milliseconds
			clockNanos += Math.max(1, Math.round(gap * 1000)) * 1_000_000L;
		}

		/** ISO-8601 UTC with 7 fractional digits, e.g. 2025-03-03T08:14:37.2200000Z. */
		private static void time(StringBuilder r, long epochNanos) {
			long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
			int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
			LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
			r.append(t.getYear()).append('-');
			pad(r, t.getMonthValue(), 2).append('-');
			pad(r, t.getDayOfMonth(), 2).append('T');
			pad(r, t.getHour(), 2).append(':');
			pad(r, t.getMinute(), 2).append(':');
			pad(r, t.getSecond(), 2).append('.');
			pad(r, nanos / 100, 7).append('Z');
		}

		private static StringBuilder pad(StringBuilder r, int value, int width) {
			String s = Integer.toString(value);
			for (int i = s.length(); i < width; i++) {
				r.append('0');
			}
			return r.append(s);
		}

		/** RFC 4180: quotes a field with a comma, quote or line break. */
		private static void csv(StringBuilder r, String value) {
			if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
					&& value.indexOf('\r') < 0) {
				r.append(value);
				return;
			}
			r.append('"').append(value.replace("\"", "\"\"")).append('"');
		}

		private String digits(int n) {
			char[] c = new char[n];
			for (int i = 0; i < n; i++) {
				c[i] = (char) ('0' + random.nextInt(10));
			}
			return new String(c);
		}

		/** A version-4 UUID from the seeded random. */
		private String uuid() {
			long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
			long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
			return new UUID(msb, lsb).toString();
		}

		private static String ascii(String s) {
			return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
				.replaceAll("\\p{M}", "")
				.replace("ø", "o")
				.replace("Ø", "O")
				.replace("'", "")
				.replace("ß", "ss");
		}

	}

}
