package io.creditshub.report;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.licensing.LicenseBook;
import io.creditshub.licensing.LicenseCatalog;
import io.creditshub.licensing.LicenseRepository;
import io.creditshub.licensing.PoolKey;
import io.creditshub.notify.Email;
import io.creditshub.notify.EmailTemplates;
import io.creditshub.notify.MailOutbox;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.config.CreditsProperties;
import io.creditshub.system.DataFolders;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the monthly workbooks from the ledger: one per organization
 * ({@code outbox/reports/<org>/<org>-usage-<yyyy-mm>.xlsx}) and the consolidated finance
 * workbook ({@code outbox/reports/finance-<yyyy-mm>.xlsx}). Regenerating a month
 * overwrites the file.
 */
@Service
public class ReportService {

	private static final Logger log = LoggerFactory.getLogger(ReportService.class);

	private final ReportRepository repository;

	private final OrganizationRepository organizations;

	private final LicenseRepository licenses;

	private final LicenseCatalog catalog;

	private final DataFolders folders;

	private final TransactionTemplate tx;

	private final TransactionTemplate writeTx;

	private final MailOutbox mail;

	private final BusinessCalendar calendar;

	private final CreditsProperties properties;

	private final java.time.Clock clock;

	private final io.creditshub.ledger.BookPeriods books;

	public ReportService(ReportRepository repository, OrganizationRepository organizations, LicenseRepository licenses,
			LicenseCatalog catalog, DataFolders folders, TransactionTemplate tx, MailOutbox mail,
			BusinessCalendar calendar, CreditsProperties properties, java.time.Clock clock,
			io.creditshub.ledger.BookPeriods books) {
		this.books = books;
		this.repository = repository;
		this.organizations = organizations;
		this.licenses = licenses;
		this.catalog = catalog;
		this.folders = folders;
		TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
		readOnly.setReadOnly(true);
		this.tx = readOnly;
		this.writeTx = tx;
		this.mail = mail;
		this.calendar = calendar;
		this.properties = properties;
		this.clock = clock;
	}

	/** What a monthly run wrote and queued. */
	public record MonthlyRun(YearMonth month, List<Path> workbooks, int emailsQueued, int emailsAlreadySent) {

		@Override
		public String toString() {
			return "reports " + month + ": " + workbooks.size() + " workbook(s) written, " + emailsQueued
					+ " email(s) queued"
					+ (emailsAlreadySent > 0 ? ", " + emailsAlreadySent + " already sent before (use resend)" : "");
		}

	}

	/**
	 * The scheduled run (routes/report-monthly.camel.yaml): the month that ended before
	 * today in the business zone.
	 */
	public MonthlyRun runForLastMonth() {
		return sendMonthly(YearMonth.from(calendar.today()).minusMonths(1), false);
	}

	/**
	 * Writes every organization's workbook and the consolidated one for a month, and
	 * queues each as an email attachment (organization: its finance addresses;
	 * consolidated: credits.reports.finance-email). Regenerating overwrites the files; an
	 * email of the same month is queued once, unless {@code resend}.
	 */
	public MonthlyRun sendMonthly(YearMonth month, boolean resend) {
		List<Path> written = new ArrayList<>();
		List<MonthReport> gathered = new ArrayList<>();
		int queued = 0, already = 0;
		String suffix = resend ? ":resend:" + clock.millis() : "";
		List<Organization> orgs = organizations.findAll();
		for (Organization org : orgs) {
			MonthReport r = writeUsageWorkbook(org, month);
			gathered.add(r);
			Path file = usageWorkbookPath(org.orgId(), month);
			written.add(file);
			if (org.financeEmails().isEmpty()) {
				log.warn("report {} {}: no finance address, the workbook is not emailed", org.orgId(), month);
				continue;
			}
			ReportRepository.Totals t = r.totals;
			Email email = EmailTemplates
				.usageReport(new EmailTemplates.Account(org.orgId(), org.name(), org.currency(), org.financeEmails()),
						"usage-report:" + org.orgId() + ":" + month + suffix, month, t.opening(), t.usage(),
						t.closing(), r.calls)
				.withAttachment(file);
			if (Boolean.TRUE.equals(writeTx.execute(s -> mail.enqueue(email)))) {
				queued++;
			}
			else {
				already++;
			}
		}
		Path finance = writeFinanceWorkbook(month, gathered);
		written.add(finance);
		List<String> to = java.util.Arrays.stream(properties.getReports().getFinanceEmail().split("[;,]"))
			.map(String::strip)
			.filter(x -> !x.isEmpty())
			.toList();
		if (!to.isEmpty()) {
			Email email = EmailTemplates.financeReport(to, "finance-report:" + month + suffix, month, orgs.size())
				.withAttachment(finance);
			if (Boolean.TRUE.equals(writeTx.execute(s -> mail.enqueue(email)))) {
				queued++;
			}
			else {
				already++;
			}
		}
		MonthlyRun run = new MonthlyRun(month, written, queued, already);
		log.info("{}", run);
		return run;
	}

	/** The folder of an organization's workbooks. */
	public Path reportFolder(String orgId) {
		return folders.outbox().resolve("reports").resolve(orgId);
	}

	/** Where an organization's workbook for a month goes. */
	public Path usageWorkbookPath(String orgId, YearMonth month) {
		return reportFolder(orgId).resolve(orgId + "-usage-" + month + ".xlsx");
	}

	public Path financeWorkbookPath(YearMonth month) {
		return folders.outbox().resolve("reports").resolve("finance-" + month + ".xlsx");
	}

	/** Writes one organization's usage workbook for a month. */
	public Path usageWorkbook(String orgId, YearMonth month) {
		Organization org = organizations.find(orgId)
			.orElseThrow(() -> new IllegalArgumentException("unknown organization: " + orgId));
		writeUsageWorkbook(org, month);
		return usageWorkbookPath(orgId, month);
	}

	/**
	 * Gathers an organization's month and writes its workbook; the gathered figures serve
	 * the email and the finance workbook.
	 */
	private MonthReport writeUsageWorkbook(Organization org, YearMonth month) {
		long started = System.nanoTime();
		String orgId = org.orgId();
		Path target = usageWorkbookPath(orgId, month);
		closeBooks(orgId, month);
		MonthReport r = tx.execute(status -> {
			long t0 = System.nanoTime();
			MonthReport report = figures(org, month);
			report.figuresNanos = System.nanoTime() - t0;
			// one pass over the calls: each is added to the figures and written to the
			// Calls sheet
			writeAtomically(target,
					out -> UsageWorkbook.write(report, repository.movements(orgId, from(month), to(month)),
							handler -> repository.calls(orgId, from(month), to(month), handler), out));
			return report;
		});
		log.info(
				"report {} {}: {} calls, written to {} in {} s (figures {} s, calls sheets {} s: CPU {} s reading "
						+ "and making rows, {} s compressing; other sheets and zip {} s)",
				orgId, month, r.calls, target, seconds(System.nanoTime() - started), seconds(r.figuresNanos),
				seconds(r.rowsNanos), seconds(r.rowsCpuNanos), seconds(r.deflateCpuNanos), seconds(r.zipNanos));
		return r;
	}

	/**
	 * DOMAIN rule 9: a month's report, once made after the month ended, closes its books
	 * (and every earlier month's): what is posted afterwards belongs to a later month, so
	 * the report never changes when it is made again.
	 */
	private void closeBooks(String orgId, YearMonth month) {
		writeTx.executeWithoutResult(s -> books.close(orgId, month, clock.instant()));
	}

	/** Writes the consolidated finance workbook for a month. */
	public Path financeWorkbook(YearMonth month) {
		organizations.findAll().forEach(o -> closeBooks(o.orgId(), month));
		List<MonthReport> reports = tx.execute(status -> {
			List<MonthReport> list = new ArrayList<>();
			for (Organization org : organizations.findAll()) {
				list.add(gather(org, month));
			}
			return list;
		});
		return writeFinanceWorkbook(month, reports);
	}

	private Path writeFinanceWorkbook(YearMonth month, List<MonthReport> reports) {
		Path target = financeWorkbookPath(month);
		writeAtomically(target, out -> FinanceWorkbook.write(month, reports, out));
		log.info("report finance {}: written to {}", month, target);
		return target;
	}

	/**
	 * Every organization's workbook and the consolidated one (each organization's month
	 * gathered once).
	 */
	public List<Path> all(YearMonth month) {
		List<Path> paths = new ArrayList<>();
		List<MonthReport> gathered = new ArrayList<>();
		for (Organization org : organizations.findAll()) {
			gathered.add(writeUsageWorkbook(org, month));
			paths.add(usageWorkbookPath(org.orgId(), month));
		}
		paths.add(writeFinanceWorkbook(month, gathered));
		return paths;
	}

	/** Included-minute pools of a month: type, country, size and minutes used. */
	public record PoolUse(String type, String country, int size, int used) {
	}

	public List<PoolUse> pools(String orgId, YearMonth month) {
		LicenseBook book = new LicenseBook(licenses.history(orgId), catalog);
		Map<String, Integer> used = new HashMap<>();
		for (Object[] p : repository.poolUsage(orgId, month.toString())) {
			used.put(p[1] + "/" + p[0], (Integer) p[2]);
		}
		List<PoolUse> list = new ArrayList<>();
		for (PoolKey k : book.poolsIn(month)) {
			list.add(new PoolUse(k.type().label(), k.country(), book.poolSize(k),
					used.getOrDefault(k.type().name() + "/" + k.country(), 0)));
		}
		return list;
	}

	/**
	 * The spend forecast as of a day (the 90 days before it count), from the current
	 * balance.
	 */
	public Forecast forecast(String orgId, LocalDate asOf, java.math.BigDecimal balance) {
		Instant to = asOf.atStartOfDay().toInstant(ZoneOffset.UTC);
		return Forecast.of(repository.dailySpend(orgId, to.minusSeconds(90L * 86_400), to), asOf, balance,
				properties.getReports().getTriggerDays());
	}

	MonthReport gather(Organization org, YearMonth month) {
		MonthReport r = figures(org, month);
		repository.calls(org.orgId(), from(month), to(month), rs -> UsageWorkbook.accumulate(r, rs));
		return r;
	}

	/**
	 * A month's figures but those of its calls (the usage workbook adds each call while
	 * it writes its row).
	 */
	private MonthReport figures(Organization org, YearMonth month) {
		MonthReport r = new MonthReport(org.orgId(), org.name(), org.currency(), month);
		Instant from = from(month), to = to(month);
		r.totals = repository.totals(org.orgId(), from, to);
		for (PoolUse p : pools(org.orgId(), month)) {
			r.pools.add(new MonthReport.Pool(p.type(), p.country(), p.size(), p.used()));
		}
		LocalDate asOf = month.plusMonths(1).atDay(1);
		r.forecast = Forecast.of(repository.dailySpend(org.orgId(), to.minusSeconds(90L * 86_400), to), asOf,
				r.totals.closing(), properties.getReports().getTriggerDays());
		return r;
	}

	private static String seconds(long nanos) {
		return String.format("%.2f", nanos / 1e9);
	}

	static Instant from(YearMonth month) {
		return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
	}

	static Instant to(YearMonth month) {
		return from(month.plusMonths(1));
	}

	interface Writer {

		void write(OutputStream out) throws IOException;

	}

	/**
	 * Writes to a temporary file beside the target, then moves it in place: a reader
	 * never sees half a workbook.
	 */
	static void writeAtomically(Path target, Writer writer) {
		io.creditshub.system.AtomicFiles.write(target, writer::write);
	}

}
