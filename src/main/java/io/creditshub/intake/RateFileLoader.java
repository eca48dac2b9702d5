package io.creditshub.intake;

import io.creditshub.intake.Rows;
import io.creditshub.money.Money;
import io.creditshub.money.RoundingRule;
import io.creditshub.rates.RateTableRepository;
import io.creditshub.rating.NumberType;
import io.creditshub.rating.Rate;
import io.creditshub.rating.RateSegment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Loads a rate table file (README "Rate table") as a new rate table version. A rate table
 * is all or nothing: one bad row refuses the whole file (with every bad line listed),
 * since a half-loaded table would refuse or mis-rate calls.
 */
@Component
class RateFileLoader implements FileLoader {

	static final String PREFIX = "Prefix", DESTINATION = "Destination", NUMBER_TYPE = "Number Type",
			CURRENCY = "Currency", RATE = "Rate Per Minute", CONNECTION_FEE = "Connection Fee",
			FIRST = "First Increment", NEXT = "Next Increment", FROM = "Effective From", TO = "Effective To",
			ZONE_A = "Zone A", SEGMENT_START = "Segment Start", ROUNDING = "Rounding", DECIMALS = "Decimals",
			MAX_COST = "Max Cost", MAX_COST_STRATEGY = "Max Cost Strategy";

	private static final int MAX_LISTED = 20;

	private final RateTableRepository rateTables;

	private final io.creditshub.config.CreditsProperties properties;

	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

	private final java.time.Clock clock;

	RateFileLoader(RateTableRepository rateTables, io.creditshub.config.CreditsProperties properties,
			org.springframework.jdbc.core.simple.JdbcClient jdbc, java.time.Clock clock) {
		this.rateTables = rateTables;
		this.properties = properties;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Whether a rate file replaces the table in force (every (prefix, number type) not in
	 * it stops) or updates it (only its pairs change, the rest stay): an update says so
	 * in its file name, {@code *.update.csv} or {@code update-*.csv} (FORMATS.md section
	 * 3, issue 17 item 5); any other name replaces, as before.
	 */
	enum Mode {

		REPLACE, UPDATE;

		static Mode of(String fileName) {
			String n = fileName.toLowerCase(java.util.Locale.ROOT);
			return n.contains(".update.") || n.startsWith("update-") || n.startsWith("update.") ? UPDATE : REPLACE;
		}

	}

	private static String key(Rate r) {
		return "+" + r.prefix() + " " + r.numberType().label();
	}

	@Override
	public FileKind kind() {
		return FileKind.RATES;
	}

	@Override
	public List<String> requiredColumns() {
		return List.of(PREFIX, DESTINATION, NUMBER_TYPE, CURRENCY, RATE, FIRST, NEXT, FROM);
	}

	@Override
	public String keyColumn() {
		return PREFIX;
	}

	private record RateRow(long line, String prefix, String destination, NumberType type, String currency,
			BigDecimal fee, RateSegment segment, Instant from, Instant to, boolean zoneA, RoundingRule rounding,
			io.creditshub.rating.MaxCost maxCost) {
	}

	@Override
	public LoadResult load(String orgId, long fileId, CsvInput csv, RejectsWriter rejects) {
		List<String> errors = new ArrayList<>();
		Map<String, List<RateRow>> groups = new LinkedHashMap<>();
		int rows = 0;
		for (CsvInput.Row row : csv) {
			rows++;
			try {
				RateRow r = parse(row);
				String key = r.prefix + "|" + r.type + "|" + r.currency + "|" + r.from;
				groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
			}
			catch (IllegalArgumentException e) {
				errors.add("line " + row.line() + ": " + e.getMessage());
			}
		}
		List<Rate> rates = new ArrayList<>();
		for (List<RateRow> group : groups.values()) {
			RateRow first = group.get(0);
			try {
				for (RateRow r : group) {
					if (r.fee.compareTo(first.fee) != 0 || !Objects.equals(r.to, first.to) || r.zoneA != first.zoneA
							|| !r.rounding.equals(first.rounding) || !r.destination.equals(first.destination)
							|| !Objects.equals(r.maxCost, first.maxCost)) {
						throw new IllegalArgumentException(
								"segments of rate " + first.prefix + " " + first.type.label() + " from " + first.from
										+ " disagree on destination, connection fee, effective to, zone A,"
										+ " rounding or max cost (lines " + first.line + " and " + r.line + ")");
					}
				}
				if (first.to != null && !first.to.isAfter(first.from)) {
					throw new IllegalArgumentException(
							"Effective To " + first.to + " is not after Effective From " + first.from);
				}
				rates.add(new Rate(0, first.prefix, first.destination, first.type, first.currency, first.fee,
						group.stream().map(RateRow::segment).toList(), first.from, first.to, first.zoneA,
						first.rounding, first.maxCost));
			}
			catch (IllegalArgumentException e) {
				errors.add("line " + first.line + ": " + e.getMessage());
			}
		}
		if (rows == 0) {
			throw new FileRejectedException("rate table has a header but no rates");
		}
		if (!errors.isEmpty()) {
			StringBuilder reason = new StringBuilder("rate table refused whole: " + errors.size()
					+ " bad row(s); nothing was loaded, the previous version stays in force\n");
			errors.stream().limit(MAX_LISTED).forEach(e -> reason.append("  ").append(e).append('\n'));
			if (errors.size() > MAX_LISTED) {
				reason.append("  ... and ").append(errors.size() - MAX_LISTED).append(" more\n");
			}
			throw new FileRejectedException(reason.toString().strip());
		}
		String fileName = csv.file().getFileName().toString();
		Mode mode = Mode.of(fileName);
		Optional<Long> currentVersion = rateTables.currentVersion();
		List<Rate> current = currentVersion.map(rateTables::rates).orElse(List.of());
		String note = "";
		if (mode == Mode.UPDATE) {
			// every rate of a (prefix, number type) pair in the file replaces that pair's
			// rates; the others stay
			java.util.Set<String> changed = new java.util.HashSet<>();
			rates.forEach(r -> changed.add(key(r)));
			List<Rate> merged = new ArrayList<>();
			current.stream().filter(r -> !changed.contains(key(r))).forEach(merged::add);
			int kept = merged.size();
			merged.addAll(rates);
			rates = merged;
			note = " (update of version " + currentVersion.map(String::valueOf).orElse("-") + ": " + changed.size()
					+ " prefix(es) changed or added, " + kept + " rate(s) kept)";
		}
		else if (!current.isEmpty()) {
			note = guardReplacement(fileId, current, rates);
		}
		long version = rateTables.store(fileId, fileName, rates);
		return new LoadResult(rows, rows, 0, "rate table version " + version + ": " + rates.size() + " rates" + note);
	}

	/**
	 * A replacement that would drop more than the configured share of the (prefix, number
	 * type) pairs in force is held (the file goes to error/ with the list of what it
	 * would drop) unless an operator confirmed this content with
	 * {@code rates accept FILE-ID}: a one-row file once replaced a whole tariff and 1,450
	 * of the next 2,000 calls found no rate.
	 */
	private String guardReplacement(long fileId, List<Rate> current, List<Rate> replacement) {
		Instant now = clock.instant();
		java.util.Set<String> inForce = new java.util.TreeSet<>();
		current.stream()
			.filter(r -> r.effectiveTo() == null || r.effectiveTo().isAfter(now))
			.forEach(r -> inForce.add(key(r)));
		java.util.Set<String> kept = new java.util.HashSet<>();
		replacement.forEach(r -> kept.add(key(r)));
		List<String> dropped = inForce.stream().filter(k -> !kept.contains(k)).toList();
		if (dropped.isEmpty()) {
			return "";
		}
		double share = inForce.isEmpty() ? 0 : (double) dropped.size() / inForce.size();
		double max = properties.getIntake().getRatesMaxDropShare();
		String drops = dropped.size() + " of the " + inForce.size() + " prefix(es) in force (" + Math.round(share * 100)
				+ " %)";
		if (share > max && !accepted(fileId)) {
			StringBuilder reason = new StringBuilder("rate table held: it replaces the table in force and would drop "
					+ drops + ", more than credits.intake.rates-max-drop-share (" + Math.round(max * 100) + " %). "
					+ "Nothing was loaded. To load only some prefixes, name the file *.update.csv; to replace the table "
					+ "anyway, confirm it: rates accept <file id> (see `files`). It would drop:\n");
			dropped.stream().limit(200).forEach(d -> reason.append("  ").append(d).append('\n'));
			if (dropped.size() > 200) {
				reason.append("  ... and ").append(dropped.size() - 200).append(" more\n");
			}
			throw new FileRejectedException(reason.toString().strip());
		}
		return " (replacement: " + drops + " dropped" + (share > max ? ", confirmed by an operator" : "") + ")";
	}

	private boolean accepted(long fileId) {
		return jdbc.sql("""
				SELECT COUNT(*) FROM rate_file_acceptance a JOIN ingest_file f ON f.sha256 = a.sha256
				WHERE f.file_id = :id""").param("id", fileId).query(Long.class).single() > 0;
	}

	private static RateRow parse(CsvInput.Row row) {
		if (!row.consistent()) {
			throw new IllegalArgumentException("has " + row.size() + " fields, the header has " + row.expectedSize());
		}
		String prefix = Rows.required(row, PREFIX);
		if (prefix.startsWith("+")) {
			prefix = prefix.substring(1);
		}
		if (prefix.isEmpty() || prefix.length() > 15 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException(PREFIX + " '" + Rows.echo(prefix) + "' is not 1-15 E.164 digits");
		}
		String destination = Rows.required(row, DESTINATION);
		if (destination.length() > 200) {
			throw new IllegalArgumentException(DESTINATION + " is longer than 200 characters");
		}
		NumberType type = NumberType.parse(Rows.required(row, NUMBER_TYPE));
		String currency = Rows.required(row, CURRENCY).toUpperCase(java.util.Locale.ROOT);
		if (!Money.isValidCurrency(currency)) {
			throw new IllegalArgumentException(CURRENCY + " '" + Rows.echo(currency) + "' is not an ISO 4217 code");
		}
		BigDecimal rate = Rows.decimal(RATE, Rows.required(row, RATE));
		String feeText = row.get(CONNECTION_FEE);
		BigDecimal fee = feeText.isEmpty() ? BigDecimal.ZERO : Rows.decimal(CONNECTION_FEE, feeText);
		if (rate.signum() < 0 || fee.signum() < 0) {
			throw new IllegalArgumentException("rate and connection fee must not be negative");
		}
		int first = Rows.integer(FIRST, Rows.required(row, FIRST));
		int next = Rows.integer(NEXT, Rows.required(row, NEXT));
		String startText = row.get(SEGMENT_START);
		int start = startText.isEmpty() ? 0 : Rows.integer(SEGMENT_START, startText);
		Instant from = Times.parse(Rows.required(row, FROM));
		String toText = row.get(TO);
		Instant to = toText.isEmpty() ? null : Times.parse(toText);
		boolean zoneA = Rows.bool(ZONE_A, row.get(ZONE_A));
		RoundingRule rounding = RoundingRule.parse(row.get(ROUNDING), row.get(DECIMALS));
		// CGRateS MaxCost: "Max Cost" with "Max Cost Strategy" *free (caps the call's
		// cost) or *disconnect (informational)
		String maxText = row.get(MAX_COST);
		String strategyText = row.get(MAX_COST_STRATEGY);
		io.creditshub.rating.MaxCost maxCost = null;
		if (!maxText.isEmpty()) {
			BigDecimal max = Rows.decimal(MAX_COST, maxText);
			if (max.signum() < 0) {
				throw new IllegalArgumentException(MAX_COST + " must not be negative");
			}
			maxCost = new io.creditshub.rating.MaxCost(max,
					strategyText.isEmpty() ? io.creditshub.rating.MaxCost.Strategy.FREE
							: io.creditshub.rating.MaxCost.Strategy.parse(strategyText));
		}
		else if (!strategyText.isEmpty()) {
			throw new IllegalArgumentException(MAX_COST_STRATEGY + " given without a " + MAX_COST);
		}
		return new RateRow(row.line(), prefix, destination, type, currency, fee,
				new RateSegment(start, rate, first, next), from, to, zoneA, rounding, maxCost);
	}

}
