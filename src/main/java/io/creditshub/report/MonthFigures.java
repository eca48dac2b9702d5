package io.creditshub.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A month's figures as the workbooks compute them, for readers other than the workbooks
 * (the web console): the ledger totals of an organization and its spend per day. The same
 * queries and the same accumulation as {@link ReportService}, so a page and the workbook
 * of the same month always agree.
 */
@Service
public class MonthFigures {

	private final ReportRepository repository;

	private final TransactionTemplate readOnly;

	MonthFigures(ReportRepository repository, TransactionTemplate tx) {
		this.repository = repository;
		this.readOnly = new TransactionTemplate(tx.getTransactionManager());
		this.readOnly.setReadOnly(true);
	}

	/**
	 * Ledger totals of a month: closing = opening + purchases + recharges + adjustments -
	 * usage - expired.
	 */
	public record Totals(BigDecimal opening, BigDecimal purchases, BigDecimal recharges, BigDecimal adjustments,
			BigDecimal usage, BigDecimal unfunded, BigDecimal expired, BigDecimal closing) {
	}

	public Totals totals(String orgId, YearMonth month) {
		ReportRepository.Totals t = repository.totals(orgId, ReportService.from(month), ReportService.to(month));
		return new Totals(t.opening(), t.purchases(), t.recharges(), t.adjustments(), t.usage(), t.unfunded(),
				t.expired(), t.closing());
	}

	/**
	 * One UTC day of a month: calls started, paid from funds and pools (credits), left
	 * unfunded.
	 */
	public record Day(LocalDate day, long calls, BigDecimal paid, BigDecimal unfunded) {
	}

	/**
	 * Every day of the month, days without calls included (as the workbook's By day
	 * sheet).
	 */
	public List<Day> days(String orgId, String name, String currency, YearMonth month) {
		Instant from = ReportService.from(month), to = ReportService.to(month);
		MonthReport r = new MonthReport(orgId, name, currency, month);
		readOnly.executeWithoutResult(s -> repository.calls(orgId, from, to, rs -> UsageWorkbook.accumulate(r, rs)));
		List<Day> days = new ArrayList<>();
		r.days.forEach((day, d) -> days.add(new Day(day, d.calls, d.paid, d.unfunded)));
		return days;
	}

}
