package io.creditshub.api;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import io.creditshub.report.Forecast;
import io.creditshub.report.ReportService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What an organization's admin (or an operator) can read about an organization. */
@RestController
@RequestMapping(path = "/api/orgs", produces = MediaType.APPLICATION_JSON_VALUE)
@Validated
@Tag(name = "organizations",
		description = "Balances, lots, ledger, calls, pools, forecast and reports of an organization")
class OrganizationsController {

	private final OrganizationRepository organizations;

	private final LotRepository lots;

	private final ApiQueries queries;

	private final ReportService reports;

	private final Access access;

	private final Clock clock;

	private final io.creditshub.licensing.LicenseRepository licenseRepository;

	OrganizationsController(OrganizationRepository organizations, LotRepository lots, ApiQueries queries,
			ReportService reports, Access access, Clock clock,
			io.creditshub.licensing.LicenseRepository licenseRepository) {
		this.licenseRepository = licenseRepository;
		this.organizations = organizations;
		this.lots = lots;
		this.queries = queries;
		this.reports = reports;
		this.access = access;
		this.clock = clock;
	}

	record OrgView(String orgId, String name, String currency, String country, List<String> adminEmails,
			List<String> financeEmails, boolean autoRecharge, BigDecimal triggerAmount, BigDecimal rechargeAmount,
			boolean paymentMethodOnFile, BigDecimal balance, boolean suspended, Instant balanceReachedZeroAt) {

	}

	/**
	 * The balance shown is what is available now: lots past their expiry are left out
	 * even before the expiry batch posts their forfeit (DOMAIN rule 1). When suspended,
	 * the time the balance reached zero: the start of the call that used up the funds
	 * (DOMAIN rule 8).
	 */
	OrgView view(Organization o) {
		return new OrgView(o.orgId(), o.name(), o.currency(), o.country(), o.adminEmails(), o.financeEmails(),
				o.autoRecharge(), o.triggerAmount(), o.rechargeAmount(), o.paymentMethod() != null,
				lots.available(o.orgId(), clock.instant()), o.suspended(),
				o.suspended() ? queries.reachedZeroAt(o.orgId()) : null);
	}

	@GetMapping
	@Operation(summary = "The organizations the caller may see (all, for an operator)")
	List<OrgView> list() {
		Caller caller = access.caller();
		return organizations.findAll().stream().filter(o -> caller.mayAccess(o.orgId())).map(this::view).toList();
	}

	Organization org(String orgId) {
		access.check(orgId);
		return organizations.find(orgId)
			.orElseThrow(() -> new Access.NotFoundException("No organization '" + orgId + "'"));
	}

	@GetMapping("/{org}")
	OrgView get(@PathVariable("org") String orgId) {
		return view(org(orgId));
	}

	record LotView(long lotId, String source, BigDecimal amount, BigDecimal remaining, Instant purchasedAt,
			Instant expiresAt, String reference) {
	}

	record BalanceView(String orgId, String currency, BigDecimal balance, BigDecimal expiredAwaitingForfeit,
			boolean suspended, Instant balanceReachedZeroAt, List<LotView> lots) {
	}

	@GetMapping("/{org}/balance")
	@Operation(summary = "Balance available now and the unexpired lots with money left, soonest expiry first; "
			+ "expiredAwaitingForfeit: what lots past their expiry still hold until the expiry batch forfeits it")
	BalanceView balance(@PathVariable("org") String orgId) {
		Organization o = org(orgId);
		Instant now = clock.instant();
		BigDecimal available = lots.available(orgId, now);
		List<LotView> open = lots.openLots(orgId, now)
			.stream()
			.map((Lot l) -> new LotView(l.lotId(), l.source(), l.amount(), l.remaining(), l.purchasedAt(),
					l.expiresAt(), l.reference()))
			.toList();
		return new BalanceView(o.orgId(), o.currency(), available, o.balance().subtract(available), o.suspended(),
				o.suspended() ? queries.reachedZeroAt(orgId) : null, open);
	}

	@GetMapping("/{org}/ledger")
	@Operation(summary = "Ledger entries in posting order, paged; filter by type and period (occurred at, [from, to))")
	ApiQueries.Page<ApiQueries.LedgerItem> ledger(@PathVariable("org") String orgId,
			@RequestParam(required = false) io.creditshub.ledger.EntryType type,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		org(orgId);
		return queries.ledger(orgId, type == null ? null : type.name(), from, to, page, size);
	}

	@GetMapping("/{org}/calls")
	@Operation(summary = "Calls with how each was paid, paged; filter by user (UPN or object id), period, paidBy")
	ApiQueries.Page<ApiQueries.CallItem> calls(@PathVariable("org") String orgId,
			@RequestParam(required = false) String user,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(required = false) String paidBy, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		org(orgId);
		return queries.calls(orgId, user, from, to, paidBy, page, size);
	}

	@GetMapping("/{org}/license-exports")
	@Operation(summary = "The organization's license exports, newest first, each with the time its licenses take "
			+ "effect and where that time came from (DOMAIN rule 11): FIRST_EXPORT (covers every earlier call), "
			+ "FILE_NAME (the date-time in the file name), RECEIVED (no date in the name: when the hub received it) or "
			+ "REDATED (re-dated by an operator: POST /api/corrections/license-redate)")
	List<io.creditshub.licensing.LicenseRepository.Export> licenseExports(@PathVariable("org") String orgId) {
		org(orgId);
		return licenseRepository.exports(orgId);
	}

	@GetMapping("/{org}/pools")
	@Operation(summary = "Included-minute pools of a month (default: this month) and their use")
	List<ReportService.PoolUse> pools(@PathVariable("org") String orgId,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month) {
		org(orgId);
		return reports.pools(orgId, month == null ? YearMonth.now(clock.withZone(ZoneOffset.UTC)) : month);
	}

	@GetMapping("/{org}/forecast")
	@Operation(summary = "Average daily spend, the day the balance reaches zero, recommended auto-recharge settings")
	Forecast forecast(@PathVariable("org") String orgId) {
		Organization o = org(orgId);
		return reports.forecast(orgId, LocalDate.now(clock.withZone(ZoneOffset.UTC)),
				lots.available(orgId, clock.instant()));
	}

	/** The first month a report can be asked for (no call before 2000 is accepted). */
	static final YearMonth EARLIEST_REPORT = YearMonth.of(2000, 1);

	@GetMapping("/{org}/reports")
	@Operation(summary = "The monthly usage workbooks written so far")
	List<String> reports(@PathVariable("org") String orgId) {
		org(orgId);
		return ApiQueries.reportFiles(reports.reportFolder(orgId));
	}

	@GetMapping(path = "/{org}/reports/{month}",
			produces = { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@Operation(summary = "Download a month's usage workbook (written on first request)")
	ResponseEntity<Resource> download(@PathVariable("org") String orgId,
			@PathVariable @DateTimeFormat(pattern = "yyyy-MM") YearMonth month) throws IOException {
		org(orgId);
		// issue 12: only months the hub can have books for, so a request cannot make a
		// file per month of history
		YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
		if (month.isBefore(EARLIEST_REPORT) || month.isAfter(now)) {
			throw new IllegalArgumentException(
					"month must be between " + EARLIEST_REPORT + " and " + now + ": " + month);
		}
		Path file = reports.usageWorkbookPath(orgId, month);
		if (!Files.exists(file)) {
			file = reports.usageWorkbook(orgId, month);
		}
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"")
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.contentLength(Files.size(file))
			.body(new FileSystemResource(file));
	}

}
