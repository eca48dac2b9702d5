package io.creditshub.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one organization's month, gathered before the workbook is written. */
final class MonthReport {

	final String orgId;

	final String name;

	final String currency;

	final YearMonth month;

	ReportRepository.Totals totals;

	long calls, chargeableCalls, includedMinutes, discrepancies;

	/** Calls booked this month with an earlier call time (late CDRs, DOMAIN rule 9). */
	long lateCalls;

	final Map<LocalDate, Day> days = new TreeMap<>();

	final Map<String, Spend> destinations = new TreeMap<>();

	final Map<String, Spend> users = new TreeMap<>();

	final List<Pool> pools = new ArrayList<>();

	final List<Discrepancy> discrepancyList = new ArrayList<>();

	Forecast forecast;

	/**
	 * Where the writing of the workbook went, in nanoseconds: figures (the ledger's),
	 * rows (the Calls sheets, one pass over the calls), zip (the other sheets and the
	 * file's parts).
	 */
	long figuresNanos, rowsNanos, zipNanos;

	/**
	 * CPU time of the Calls sheets: the thread that reads the calls and makes the rows,
	 * the one that compresses them.
	 */
	long rowsCpuNanos, deflateCpuNanos;

	MonthReport(String orgId, String name, String currency, YearMonth month) {
		this.orgId = orgId;
		this.name = name;
		this.currency = currency;
		this.month = month;
		for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
			days.put(d, new Day());
		}
	}

	/** One day of the month. */
	static final class Day {

		long calls, seconds, includedMinutes;

		BigDecimal paid = BigDecimal.ZERO, unfunded = BigDecimal.ZERO;

	}

	/** Spend of one destination or user. */
	static final class Spend {

		long calls, seconds;

		BigDecimal paid = BigDecimal.ZERO, unfunded = BigDecimal.ZERO;

		BigDecimal cost() {
			return paid.add(unfunded);
		}

	}

	record Pool(String type, String country, int size, int used) {
	}

	record Discrepancy(String orgId, String usageId, java.time.Instant startedAt, String destination, BigDecimal ours,
			BigDecimal producers, String currency) {
	}

	/** Top entries by cost (paid + unfunded), descending. */
	static List<Map.Entry<String, Spend>> top(Map<String, Spend> map, int n) {
		return map.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue().cost().compareTo(a.getValue().cost()))
			.filter(e -> e.getValue().cost().signum() > 0)
			.limit(n)
			.toList();
	}

}
