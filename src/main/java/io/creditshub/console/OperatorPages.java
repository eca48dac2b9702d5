package io.creditshub.console;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import io.creditshub.intake.IntakeJournal;
import io.creditshub.intake.IntakeService;
import io.creditshub.ledger.EntryType;
import io.creditshub.audit.AuditReport;
import io.creditshub.audit.Auditor;
import io.creditshub.ledger.Reconciler;
import io.creditshub.notify.OutboxReader;
import io.creditshub.report.MonthFigures;
import io.creditshub.report.ReportService;
import io.creditshub.batch.BatchRuns;
import io.creditshub.carrier.CarrierCheck;
import io.creditshub.carrier.CarrierConnectionState;
import io.creditshub.config.CarrierProperties;
import io.creditshub.carrier.Carriers;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Operator and finance pages (operator role, enforced by
 * {@link ConsoleSecurityConfiguration}): intake files with re-drive, carriers, batch
 * runs, emails not sent, reconcile, add funds; the month's figures of every organization
 * with totals per currency and the consolidated workbook.
 */
@Controller
@Hidden
@RequestMapping("/console")
class OperatorPages {

	private final IntakeJournal journal;

	private final IntakeService intake;

	private final Carriers carriers;

	private final CarrierConnectionState carrierState;

	private final CarrierCheck carrierCheck;

	private final BatchRuns batchRuns;

	private final OutboxReader outbox;

	private final Reconciler reconciler;

	private final OrganizationRepository organizations;

	private final LotRepository lots;

	private final FundsService funds;

	private final MonthFigures figures;

	private final ReportService reports;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final Auditor auditor;

	OperatorPages(IntakeJournal journal, IntakeService intake, Carriers carriers, CarrierConnectionState carrierState,
			CarrierCheck carrierCheck, BatchRuns batchRuns, OutboxReader outbox, Reconciler reconciler,
			OrganizationRepository organizations, LotRepository lots, FundsService funds, MonthFigures figures,
			ReportService reports, TransactionTemplate tx, Clock clock, Auditor auditor) {
		this.auditor = auditor;
		this.journal = journal;
		this.intake = intake;
		this.carriers = carriers;
		this.carrierState = carrierState;
		this.carrierCheck = carrierCheck;
		this.batchRuns = batchRuns;
		this.outbox = outbox;
		this.reconciler = reconciler;
		this.organizations = organizations;
		this.lots = lots;
		this.funds = funds;
		this.figures = figures;
		this.reports = reports;
		this.tx = tx;
		this.clock = clock;
	}

	/** A configured carrier with its connection state. */
	record CarrierRow(CarrierProperties carrier, CarrierConnectionState.Connection state) {
	}

	@GetMapping("/operator")
	String operator(Model model) {
		List<IntakeJournal.Entry> files = journal.recent(50);
		model.addAttribute("files", files);
		// a refused file can be re-driven while it is still in error/ (the journal keeps
		// where it was refused)
		model.addAttribute("redrivable",
				files.stream()
					.filter(f -> "ERROR".equals(f.status()) && f.location() != null
							&& java.nio.file.Files.exists(java.nio.file.Path.of(f.location())))
					.map(IntakeJournal.Entry::fileId)
					.collect(java.util.stream.Collectors.toSet()));
		List<CarrierRow> rows = new ArrayList<>();
		for (CarrierProperties c : carriers.all()) {
			rows.add(new CarrierRow(c, carrierState.get(c.getName())));
		}
		model.addAttribute("carriers", rows);
		model.addAttribute("batches", new TreeMap<>(batchRuns.health().getDetails()));
		List<OutboxReader.Unsent> unsent = outbox.unsent(100);
		model.addAttribute("emails", unsent);
		model.addAttribute("emailsFailing", unsent.stream().filter(OutboxReader.Unsent::failing).count());
		model.addAttribute("emailsSent", outbox.sent());
		List<Reconciler.OrgCheck> checks = reconciler.check();
		model.addAttribute("reconcile", checks);
		model.addAttribute("reconcileOk", checks.stream().allMatch(Reconciler.OrgCheck::ok));
		// the audit of the books against the data folder (issue 11): the running hub's
		// last, or one now
		AuditReport audit = auditor.last();
		model.addAttribute("audit", audit != null ? audit : auditor.audit());
		model.addAttribute("orgs", organizations.findAll());
		return "console/operator";
	}

	@PostMapping("/operator/files/{fileId}/redrive")
	String redrive(@PathVariable long fileId, RedirectAttributes flash) {
		try {
			flash.addFlashAttribute("notice", "File " + fileId + " is back in the inbox ("
					+ intake.redrive(fileId).getFileName() + "); it is processed with the next poll.");
		}
		catch (IllegalStateException | IllegalArgumentException e) {
			flash.addFlashAttribute("error", "Not re-driven: " + e.getMessage());
		}
		return "redirect:/console/operator#files";
	}

	@PostMapping("/operator/carriers/{name}/check")
	String checkCarrier(@PathVariable String name, RedirectAttributes flash) {
		CarrierProperties c = carriers.all()
			.stream()
			.filter(x -> x.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new ConsoleErrors.NotFound("No carrier '" + name + "'"));
		CarrierCheck.Result r = carrierCheck.check(c);
		flash.addFlashAttribute(r.ok() ? "notice" : "error",
				"Carrier " + name + ": " + (r.ok() ? "connected" : r.detail()) + "; host key "
						+ (r.hostKeyFingerprint() == null ? "unknown" : r.hostKeyFingerprint()) + "; files waiting "
						+ r.waiting());
		return "redirect:/console/operator#carriers";
	}

	/**
	 * Adds funds as the API does (FundsController): a lot expiring 12 months after
	 * purchase, idempotent by reference.
	 */
	@PostMapping("/operator/funds")
	String addFunds(@RequestParam String orgId, @RequestParam String amount, @RequestParam String reference,
			@RequestParam(required = false) String purchasedOn, RedirectAttributes flash) {
		Organization org = organizations.find(orgId)
			.orElseThrow(() -> new ConsoleErrors.NotFound("No organization '" + orgId + "'"));
		Map<String, String> errors = new LinkedHashMap<>();
		BigDecimal value = OrgPages.amount(amount, org.currency(), "amount", errors);
		if (value != null && value.signum() <= 0) {
			errors.put("amount", "Must be more than 0.");
		}
		else if (value == null && !errors.containsKey("amount")) {
			errors.put("amount", "Required.");
		}
		String ref = reference == null ? "" : reference.strip();
		if (ref.isEmpty() || ref.length() > 200) {
			errors.put("reference", "Required, at most 200 characters (the order reference makes it idempotent).");
		}
		Instant at = clock.instant();
		if (purchasedOn != null && !purchasedOn.isBlank()) {
			try {
				at = LocalDate.parse(purchasedOn.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
				if (at.isAfter(clock.instant().plusSeconds(86_400))) {
					errors.put("purchasedOn", "Must not be in the future.");
				}
			}
			catch (DateTimeParseException e) {
				errors.put("purchasedOn", "Not a date (yyyy-mm-dd).");
			}
		}
		if (!errors.isEmpty()) {
			flash.addFlashAttribute("fundsErrors", errors);
			flash.addFlashAttribute("fundsForm", Map.of("orgId", orgId, "amount", amount, "reference", ref,
					"purchasedOn", purchasedOn == null ? "" : purchasedOn));
			flash.addFlashAttribute("error", "No funds added: correct the fields marked below.");
			return "redirect:/console/operator#funds";
		}
		Instant purchased = at;
		boolean[] created = { false };
		Long lotId = tx.execute(status -> {
			organizations.lock(orgId);
			Optional<Lot> existing = lots.all(orgId).stream().filter(l -> l.reference().equals(ref)).findFirst();
			if (existing.isPresent()) {
				return existing.get().lotId();
			}
			created[0] = true;
			return funds.addLot(orgId, EntryType.PURCHASE, value, org.currency(), purchased, ref, null, null);
		});
		ConsoleFormat fmt = new ConsoleFormat();
		flash.addFlashAttribute("notice", created[0]
				? "Added " + fmt.money(value, org.currency()) + " to " + orgId + " (lot " + lotId + ", order " + ref
						+ ")."
				: "Order " + ref + " was already added to " + orgId + " (lot " + lotId + "): nothing added twice.");
		return "redirect:/console/operator#funds";
	}

	/** One organization's month for finance. */
	record FinanceRow(Organization org, MonthFigures.Totals totals) {
	}

	@GetMapping("/finance")
	String finance(@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month, Model model) {
		YearMonth m = month == null ? YearMonth.now(clock.withZone(ZoneOffset.UTC)) : month;
		List<FinanceRow> rows = new ArrayList<>();
		Map<String, BigDecimal[]> perCurrency = new TreeMap<>();
		for (Organization o : organizations.findAll()) {
			MonthFigures.Totals t = figures.totals(o.orgId(), m);
			rows.add(new FinanceRow(o, t));
			// never added across currencies
			BigDecimal[] sum = perCurrency.computeIfAbsent(o.currency(), c -> new BigDecimal[] { BigDecimal.ZERO,
					BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO });
			BigDecimal[] add = { t.opening(), t.purchases().add(t.recharges()), t.usage(), t.unfunded(), t.expired(),
					t.closing() };
			for (int i = 0; i < sum.length; i++) {
				sum[i] = sum[i].add(add[i]);
			}
		}
		model.addAttribute("month", m);
		model.addAttribute("rows", rows);
		model.addAttribute("perCurrency", perCurrency);
		return "console/finance";
	}

	@GetMapping("/finance/workbook")
	ResponseEntity<Resource> financeWorkbook(@RequestParam @DateTimeFormat(pattern = "yyyy-MM") YearMonth month)
			throws IOException {
		return OrgPages.xlsx(reports.financeWorkbook(month));
	}

}
