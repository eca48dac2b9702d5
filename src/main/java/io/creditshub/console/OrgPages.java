package io.creditshub.console;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.api.Access;
import io.creditshub.api.ApiQueries;
import io.creditshub.api.Caller;
import io.creditshub.expiry.ExpiryPlanner;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import io.creditshub.money.Money;
import io.creditshub.recharge.RechargeService;
import io.creditshub.report.Forecast;
import io.creditshub.report.MonthFigures;
import io.creditshub.report.ReportService;
import io.creditshub.config.LifecycleProperties;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An organization's pages: overview, calls, usage (pools, daily spend, forecast),
 * auto-recharge, workbook. Every handler starts with {@link #org}, the API's
 * per-organization check: an admin of another organization gets 403, whatever the URL
 * says.
 */
@Controller
@Hidden
@RequestMapping("/console")
class OrgPages {

	static final List<String> PAID_BY = List.of("pool", "credits", "unfunded", "not-chargeable");

	static final int PAGE_SIZE = 25;

	private final OrganizationRepository organizations;

	private final LotRepository lots;

	private final ApiQueries queries;

	private final ReportService reports;

	private final MonthFigures figures;

	private final RechargeService recharge;

	private final Access access;

	private final LifecycleProperties lifecycle;

	private final Clock clock;

	OrgPages(OrganizationRepository organizations, LotRepository lots, ApiQueries queries, ReportService reports,
			MonthFigures figures, RechargeService recharge, Access access, LifecycleProperties lifecycle, Clock clock) {
		this.organizations = organizations;
		this.lots = lots;
		this.queries = queries;
		this.reports = reports;
		this.figures = figures;
		this.recharge = recharge;
		this.access = access;
		this.lifecycle = lifecycle;
		this.clock = clock;
	}

	/**
	 * The organization, after the API's access check (403 before 404: an admin learns
	 * nothing of other ids).
	 */
	Organization org(String orgId, Model model) {
		access.check(orgId);
		Organization o = organizations.find(orgId)
			.orElseThrow(() -> new ConsoleErrors.NotFound("No organization '" + orgId + "'"));
		model.addAttribute("org", o);
		return o;
	}

	YearMonth thisMonth() {
		return YearMonth.now(clock.withZone(ZoneOffset.UTC));
	}

	@GetMapping
	String home() {
		Caller c = access.caller();
		if (c.operator()) {
			return "redirect:/console/operator";
		}
		if (c.orgs().size() == 1) {
			return "redirect:/console/orgs/" + c.orgs().iterator().next();
		}
		return "redirect:/console/orgs";
	}

	@GetMapping("/orgs")
	String list(Model model) {
		Caller c = access.caller();
		model.addAttribute("orgs", organizations.findAll().stream().filter(o -> c.mayAccess(o.orgId())).toList());
		return "console/orgs";
	}

	/**
	 * A lot with money left: days until it expires and the warning due (DOMAIN rule 3: 30
	 * and 2 days before).
	 */
	record LotRow(Lot lot, long daysLeft, String warning) {
	}

	@GetMapping("/orgs/{org}")
	String overview(@PathVariable("org") String orgId, Model model) {
		Organization o = org(orgId, model);
		Instant now = clock.instant();
		List<LotRow> rows = new ArrayList<>();
		for (Lot l : lots.openLots(orgId)) {
			long days = Duration.between(now, l.expiresAt()).toDays();
			String warning = ExpiryPlanner.forfeitNow(l.expiresAt(), now) ? "expired: forfeited by the next nightly run"
					: ExpiryPlanner.warningDue(l.expiresAt(), now, lifecycle.getExpiry().getWarningDays())
						.map(d -> "expires within " + d + " days")
						.orElse(null);
			rows.add(new LotRow(l, days, warning));
		}
		model.addAttribute("lots", rows);
		model.addAttribute("warnings", rows.stream().filter(r -> r.warning() != null).count());
		model.addAttribute("attempts", recharge.history(orgId, 5));
		model.addAttribute("paymentMethod", mask(o.paymentMethod()));
		model.addAttribute("month", thisMonth());
		return "console/overview";
	}

	@GetMapping("/orgs/{org}/calls")
	String calls(@PathVariable("org") String orgId,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month,
			@RequestParam(required = false) String user, @RequestParam(required = false) String paidBy,
			@RequestParam(defaultValue = "0") int page, Model model) {
		org(orgId, model);
		YearMonth m = month == null ? thisMonth() : month;
		String u = user == null || user.isBlank() ? null : user.strip();
		String p = paidBy == null || paidBy.isBlank() ? null : paidBy.toLowerCase(Locale.ROOT);
		if (p != null && !PAID_BY.contains(p)) {
			throw new IllegalArgumentException("'" + paidBy + "' is not one of " + String.join(", ", PAID_BY));
		}
		int pg = Math.max(page, 0);
		Instant from = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant to = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		ApiQueries.Page<ApiQueries.CallItem> calls = queries.calls(orgId, u, from, to, p, pg, PAGE_SIZE);
		model.addAttribute("month", m);
		model.addAttribute("user", u == null ? "" : u);
		model.addAttribute("paidBy", p == null ? "" : p);
		model.addAttribute("paidByOptions", PAID_BY);
		model.addAttribute("calls", calls);
		long pages = Math.max(1, (calls.total() + PAGE_SIZE - 1) / PAGE_SIZE);
		model.addAttribute("pages", pages);
		model.addAttribute("first", calls.total() == 0 ? 0 : (long) pg * PAGE_SIZE + 1);
		model.addAttribute("last", (long) pg * PAGE_SIZE + calls.items().size());
		return "console/calls";
	}

	/**
	 * One day's bar of the daily spend chart (SVG coordinates, computed here: no script,
	 * no inline style).
	 */
	record Bar(LocalDate day, double x, double width, double paidY, double paidHeight, double unfundedY,
			double unfundedHeight, String label) {
	}

	static final double CHART_WIDTH = 720, CHART_HEIGHT = 180;

	@GetMapping("/orgs/{org}/usage")
	String usage(@PathVariable("org") String orgId,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month, Model model) {
		Organization o = org(orgId, model);
		YearMonth m = month == null ? thisMonth() : month;
		model.addAttribute("month", m);
		model.addAttribute("pools", reports.pools(orgId, m));
		List<MonthFigures.Day> days = figures.days(orgId, o.name(), o.currency(), m);
		BigDecimal max = days.stream()
			.map(d -> d.paid().add(d.unfunded()))
			.max(BigDecimal::compareTo)
			.orElse(BigDecimal.ZERO);
		double top = max.signum() > 0 ? max.doubleValue() : 1;
		double slot = CHART_WIDTH / Math.max(days.size(), 1);
		List<Bar> bars = new ArrayList<>();
		BigDecimal paid = BigDecimal.ZERO, unfunded = BigDecimal.ZERO;
		for (int i = 0; i < days.size(); i++) {
			MonthFigures.Day d = days.get(i);
			double ph = d.paid().doubleValue() / top * CHART_HEIGHT;
			double uh = d.unfunded().doubleValue() / top * CHART_HEIGHT;
			bars.add(new Bar(d.day(), i * slot + 1, slot - 2, CHART_HEIGHT - ph, ph, CHART_HEIGHT - ph - uh, uh,
					d.day() + ": " + d.calls() + " call(s), paid " + money(d.paid(), o.currency()) + ", unfunded "
							+ money(d.unfunded(), o.currency())));
			paid = paid.add(d.paid());
			unfunded = unfunded.add(d.unfunded());
		}
		model.addAttribute("bars", bars);
		model.addAttribute("chartMax", max);
		model.addAttribute("paidTotal", paid);
		model.addAttribute("unfundedTotal", unfunded);
		model.addAttribute("forecast", forecast(o));
		return "console/usage";
	}

	Forecast forecast(Organization o) {
		return reports.forecast(o.orgId(), LocalDate.now(clock.withZone(ZoneOffset.UTC)), o.balance());
	}

	/**
	 * Applies the forecast's recommended trigger and recharge amounts (the payment method
	 * on file stays).
	 */
	@PostMapping("/orgs/{org}/forecast/apply")
	String applyForecast(@PathVariable("org") String orgId, Model model, RedirectAttributes flash) {
		Organization o = org(orgId, model);
		Forecast f = forecast(o);
		// the forecast always gives valid settings (at least 1 and 10, issue 12); with a
		// 95th percentile day of 0
		// (fewer than 5 days of spend in 90) those are only its floors, no recommendation
		// from the spend
		if (f.p95Daily().signum() <= 0) {
			flash.addFlashAttribute("error", "Not enough spend in the last 90 days to recommend settings.");
		}
		else if (o.paymentMethod() == null) {
			flash.addFlashAttribute("error", "No payment method on file: set one under Auto-recharge first.");
		}
		else {
			BigDecimal recharge = f.recommendedRecharge().max(f.recommendedTrigger());
			this.recharge.configure(orgId, true, f.recommendedTrigger(), recharge, null);
			flash.addFlashAttribute("notice", "Auto-recharge on: below " + money(f.recommendedTrigger(), o.currency())
					+ ", recharge " + money(recharge, o.currency()) + ".");
			return "redirect:/console/orgs/" + orgId;
		}
		return "redirect:/console/orgs/" + orgId + "/usage";
	}

	/**
	 * The auto-recharge form; the rules are the API's (FundsController.AutoRecharge,
	 * RechargeService.configure).
	 */
	static final class RechargeForm {

		private boolean enabled;

		private String triggerAmount = "";

		private String rechargeAmount = "";

		private String paymentMethod = "";

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTriggerAmount() {
			return triggerAmount;
		}

		public void setTriggerAmount(String triggerAmount) {
			this.triggerAmount = triggerAmount == null ? "" : triggerAmount.strip();
		}

		public String getRechargeAmount() {
			return rechargeAmount;
		}

		public void setRechargeAmount(String rechargeAmount) {
			this.rechargeAmount = rechargeAmount == null ? "" : rechargeAmount.strip();
		}

		public String getPaymentMethod() {
			return paymentMethod;
		}

		public void setPaymentMethod(String paymentMethod) {
			this.paymentMethod = paymentMethod == null ? "" : paymentMethod.strip();
		}

	}

	@GetMapping("/orgs/{org}/auto-recharge")
	String rechargeForm(@PathVariable("org") String orgId, Model model) {
		Organization o = org(orgId, model);
		RechargeForm form = new RechargeForm();
		form.setEnabled(o.autoRecharge());
		form.setTriggerAmount(plain(o.triggerAmount(), o.currency()));
		form.setRechargeAmount(plain(o.rechargeAmount(), o.currency()));
		return rechargePage(o, form, Map.of(), model);
	}

	private String rechargePage(Organization o, RechargeForm form, Map<String, String> errors, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("paymentMethod", mask(o.paymentMethod()));
		model.addAttribute("attempts", recharge.history(o.orgId(), 10));
		model.addAttribute("month", thisMonth());
		return "console/auto-recharge";
	}

	@PostMapping("/orgs/{org}/auto-recharge")
	String saveRecharge(@PathVariable("org") String orgId, @ModelAttribute RechargeForm form, Model model,
			RedirectAttributes flash) {
		Organization o = org(orgId, model);
		Map<String, String> errors = new LinkedHashMap<>();
		BigDecimal trigger = amount(form.getTriggerAmount(), o.currency(), "triggerAmount", errors);
		BigDecimal amount = amount(form.getRechargeAmount(), o.currency(), "rechargeAmount", errors);
		String pm = form.getPaymentMethod().isEmpty() ? null : form.getPaymentMethod();
		if (pm != null && pm.length() > 200) {
			errors.put("paymentMethod", "At most 200 characters.");
		}
		if (form.isEnabled()) {
			// the API's rule: when enabled, trigger > 0, recharge >= trigger and a
			// payment method
			if (trigger == null && !errors.containsKey("triggerAmount")) {
				errors.put("triggerAmount", "Required when auto-recharge is on.");
			}
			else if (trigger != null && trigger.signum() <= 0) {
				errors.put("triggerAmount", "Must be more than 0.");
			}
			if (amount == null && !errors.containsKey("rechargeAmount")) {
				errors.put("rechargeAmount", "Required when auto-recharge is on.");
			}
			else if (amount != null && trigger != null && amount.compareTo(trigger) < 0) {
				errors.put("rechargeAmount",
						"Must be at least the trigger amount (" + money(trigger, o.currency()) + ").");
			}
			if (pm == null && o.paymentMethod() == null) {
				errors.put("paymentMethod", "Required: no payment method is on file yet.");
			}
		}
		if (!errors.isEmpty()) {
			model.addAttribute("error", "Nothing was changed: correct the fields marked below.");
			return rechargePage(o, form, errors, model);
		}
		try {
			recharge.configure(orgId, form.isEnabled(), trigger, amount, pm);
		}
		catch (IllegalArgumentException e) {
			model.addAttribute("error", "Nothing was changed: " + e.getMessage() + ".");
			return rechargePage(o, form, errors, model);
		}
		flash.addFlashAttribute("notice", "Auto-recharge settings saved.");
		return "redirect:/console/orgs/" + orgId;
	}

	/**
	 * An amount typed in a form: a number, not negative, at most the currency's decimals.
	 */
	static BigDecimal amount(String text, String currency, String field, Map<String, String> errors) {
		if (text == null || text.isBlank()) {
			return null;
		}
		BigDecimal v;
		try {
			v = new BigDecimal(text.strip());
		}
		catch (NumberFormatException e) {
			errors.put(field, "'" + text + "' is not an amount (use digits and a dot, e.g. 25.00).");
			return null;
		}
		if (v.signum() < 0) {
			errors.put(field, "Must not be negative.");
			return null;
		}
		int digits = Money.minorUnitDigits(currency);
		if (v.stripTrailingZeros().scale() > digits) {
			errors.put(field, currency + " amounts have at most " + digits + " decimals.");
			return null;
		}
		return v;
	}

	@GetMapping("/orgs/{org}/workbook")
	ResponseEntity<Resource> workbook(@PathVariable("org") String orgId,
			@RequestParam @DateTimeFormat(pattern = "yyyy-MM") YearMonth month, Model model) throws IOException {
		org(orgId, model);
		Path file = reports.usageWorkbookPath(orgId, month);
		if (!Files.exists(file)) {
			file = reports.usageWorkbook(orgId, month);
		}
		return xlsx(file);
	}

	static ResponseEntity<Resource> xlsx(Path file) throws IOException {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"")
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.contentLength(Files.size(file))
			.body(new FileSystemResource(file));
	}

	private static String money(BigDecimal v, String currency) {
		return new ConsoleFormat().money(v, currency);
	}

	private static String plain(BigDecimal v, String currency) {
		return new ConsoleFormat().plain(v, currency);
	}

	/** Payment method references without their middle part, as the API shows them. */
	static String mask(String reference) {
		if (reference == null || reference.length() <= 8) {
			return reference;
		}
		return reference.substring(0, Math.min(9, reference.length() / 2)) + "…"
				+ reference.substring(reference.length() - 3);
	}

}
