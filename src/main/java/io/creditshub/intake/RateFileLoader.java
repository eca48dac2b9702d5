package io.creditshub.intake;

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
import org.springframework.stereotype.Component;

/**
 * Loads a rate table file (README "Rate table") as a new rate table version. A rate table is all or nothing:
 * one bad row refuses the whole file (with every bad line listed), since a half-loaded table would refuse or
 * mis-rate calls.
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

	RateFileLoader(RateTableRepository rateTables) {
		this.rateTables = rateTables;
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
						throw new IllegalArgumentException("segments of rate " + first.prefix + " " + first.type.label()
								+ " from " + first.from + " disagree on destination, connection fee, effective to, zone A,"
								+ " rounding or max cost (lines " + first.line + " and " + r.line + ")");
					}
				}
				if (first.to != null && !first.to.isAfter(first.from)) {
					throw new IllegalArgumentException("Effective To " + first.to + " is not after Effective From " + first.from);
				}
				rates.add(new Rate(0, first.prefix, first.destination, first.type, first.currency, first.fee,
						group.stream().map(RateRow::segment).toList(), first.from, first.to, first.zoneA, first.rounding,
						first.maxCost));
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
		long version = rateTables.store(fileId, csv.file().getFileName().toString(), rates);
		return new LoadResult(rows, rows, 0, "rate table version " + version + ": " + rates.size() + " rates");
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
		// CGRateS MaxCost: "Max Cost" with "Max Cost Strategy" *free (caps the call's cost) or *disconnect (informational)
		String maxText = row.get(MAX_COST);
		String strategyText = row.get(MAX_COST_STRATEGY);
		io.creditshub.rating.MaxCost maxCost = null;
		if (!maxText.isEmpty()) {
			BigDecimal max = Rows.decimal(MAX_COST, maxText);
			if (max.signum() < 0) {
				throw new IllegalArgumentException(MAX_COST + " must not be negative");
			}
			maxCost = new io.creditshub.rating.MaxCost(max, strategyText.isEmpty()
					? io.creditshub.rating.MaxCost.Strategy.FREE : io.creditshub.rating.MaxCost.Strategy.parse(strategyText));
		}
		else if (!strategyText.isEmpty()) {
			throw new IllegalArgumentException(MAX_COST_STRATEGY + " given without a " + MAX_COST);
		}
		return new RateRow(row.line(), prefix, destination, type, currency, fee,
				new RateSegment(start, rate, first, next), from, to, zoneA, rounding, maxCost);
	}

}
