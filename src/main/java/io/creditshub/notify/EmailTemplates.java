package io.creditshub.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the admin emails: a plain-text and an HTML body with the same content (a lead
 * sentence, a table of facts, what to do). Pure Java: everything it shows is an argument.
 */
public final class EmailTemplates {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private static final DateTimeFormatter WHEN_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private EmailTemplates() {
	}

	/** The account an email is about. */
	public record Account(String orgId, String name, String currency, List<String> admins) {
	}

	/**
	 * A payment method reference as shown to people (emails, API): without its middle
	 * part (card:visa-4242-2027-08 -> card:visa…-08).
	 */
	public static String maskPaymentMethod(String reference) {
		if (reference == null || reference.length() <= 8) {
			return reference;
		}
		return reference.substring(0, Math.min(9, reference.length() / 2)) + "…"
				+ reference.substring(reference.length() - 3);
	}

	public static Email rechargeSucceeded(Account a, String dedupKey, BigDecimal amount, String paymentMethod,
			BigDecimal newBalance, Instant lotExpiry, String reference, ZoneId zone) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Amount charged", EmailAmounts.format(amount, a.currency()));
		facts.put("Payment method", maskPaymentMethod(paymentMethod));
		facts.put("New balance", EmailAmounts.format(newBalance, a.currency()));
		facts.put("These funds expire", when(lotExpiry, zone));
		facts.put("Reference", reference);
		return render(a, dedupKey, EmailKind.RECHARGE_SUCCEEDED,
				"Auto-recharge: " + EmailAmounts.format(amount, a.currency()) + " added to " + a.name(),
				"Auto-recharge added " + EmailAmounts.format(amount, a.currency())
						+ " to the communications credits of " + a.name() + ".",
				facts, List.of("Nothing to do. The funds are available now; they expire 12 months after purchase."));
	}

	public static Email rechargeFailed(Account a, String dedupKey, BigDecimal amount, String paymentMethod,
			BigDecimal balance, BigDecimal trigger, String code, String reason, int failures, int maxFailures,
			boolean paused) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Amount", EmailAmounts.format(amount, a.currency()));
		facts.put("Payment method",
				paymentMethod == null || paymentMethod.isBlank() ? "(none set)" : maskPaymentMethod(paymentMethod));
		facts.put("Reason", reason);
		facts.put("Current balance", EmailAmounts.format(balance, a.currency()));
		facts.put("Recharge trigger", EmailAmounts.format(trigger, a.currency()));
		facts.put("Consecutive failures", failures + " of " + maxFailures);
		List<String> todo = new ArrayList<>();
		todo.add(whatToDo(code));
		todo.add(paused ? "Auto-recharge is now paused for this account: it resumes when the payment method is changed."
				: "Auto-recharge tries again the next night. After " + maxFailures
						+ " consecutive failures it pauses until the payment method is changed.");
		todo.add("Calls paid by credits stop when the balance reaches zero.");
		return render(a, dedupKey, EmailKind.RECHARGE_FAILED, "Auto-recharge failed for " + a.name() + ": " + reason,
				"Auto-recharge could not add " + EmailAmounts.format(amount, a.currency())
						+ " to the communications credits of " + a.name() + ".",
				facts, todo);
	}

	public static Email rechargePaused(Account a, String dedupKey, String paymentMethod, int failures, String reason) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Payment method",
				paymentMethod == null || paymentMethod.isBlank() ? "(none set)" : maskPaymentMethod(paymentMethod));
		facts.put("Consecutive failures", String.valueOf(failures));
		facts.put("Last reason", reason);
		return render(a, dedupKey, EmailKind.RECHARGE_PAUSED, "Auto-recharge paused for " + a.name(),
				"Auto-recharge is paused for " + a.name() + " after " + failures + " consecutive failures.", facts,
				List.of("Update the payment method of the account: auto-recharge resumes with the next night's batch.",
						"Until then no automatic recharge is attempted; calls paid by credits stop when the balance reaches zero."));
	}

	public static Email zeroBalance(Account a, String dedupKey, Instant at, boolean autoRecharge, ZoneId zone) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Balance", EmailAmounts.format(BigDecimal.ZERO, a.currency()));
		// DOMAIN rule 8: the start of the call that used up the funds, to the second
		facts.put("Reached zero at", at == null ? "" : WHEN_SECONDS.format(at.atZone(zone)) + " " + zone.getId());
		facts.put("Auto-recharge", autoRecharge ? "on" : "off");
		return render(a, dedupKey, EmailKind.ZERO_BALANCE, "Communications credits of " + a.name() + " reached zero",
				"The communications credits balance of " + a.name()
						+ " reached zero: calling paid by credits is suspended until funds are added.",
				facts,
				List.of("Add funds (a purchase or a recharge): the suspension is lifted as soon as they are posted.",
						"Calls made meanwhile are still recorded (as unfunded usage); nothing is lost."));
	}

	public static Email fundsExpired(Account a, String dedupKey, String lotReference, BigDecimal forfeited,
			Instant purchasedAt, Instant expiredAt, BigDecimal newBalance, ZoneId zone) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Funds", lotReference);
		facts.put("Purchased", when(purchasedAt, zone));
		facts.put("Expired", when(expiredAt, zone));
		facts.put("Amount forfeited", EmailAmounts.format(forfeited, a.currency()));
		facts.put("Balance now", EmailAmounts.format(newBalance, a.currency()));
		return render(a, dedupKey, EmailKind.FUNDS_EXPIRED,
				EmailAmounts.format(forfeited, a.currency()) + " of communications credits expired for " + a.name(),
				"Funds of " + a.name() + " reached their expiry, 12 months after purchase: what remained, "
						+ EmailAmounts.format(forfeited, a.currency()) + ", is forfeited.",
				facts,
				List.of("Nothing to do. Usage is always taken from the funds that expire first, so that as little as possible expires."));
	}

	public static Email fundsExpiring(Account a, String dedupKey, int days, String lotReference, BigDecimal remaining,
			Instant expiresAt, ZoneId zone) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Funds", lotReference);
		facts.put("Remaining", EmailAmounts.format(remaining, a.currency()));
		facts.put("Expires", when(expiresAt, zone));
		return render(a, dedupKey, EmailKind.FUNDS_EXPIRING,
				EmailAmounts.format(remaining, a.currency()) + " of communications credits of " + a.name()
						+ " expire within " + days + (days == 1 ? " day" : " days"),
				"Funds of " + a.name() + " with " + EmailAmounts.format(remaining, a.currency()) + " left expire on "
						+ when(expiresAt, zone) + ". What remains then is forfeited.",
				facts,
				List.of("Nothing to do if you expect to use them; usage always takes the funds that expire first."));
	}

	static String whatToDo(String code) {
		return switch (code == null ? "" : code) {
			case "CARD_EXPIRED" -> "The card on file has expired: update the payment method of the account.";
			case "DECLINED" -> "The payment was declined: check with the card issuer, or update the payment method.";
			case "TIMEOUT" -> "The payment service did not answer in time. The next attempt re-uses the same payment "
					+ "reference, so the account is never charged twice.";
			case "NO_PAYMENT_METHOD" ->
				"Auto-recharge is on but no payment method is set: set a payment method, or turn auto-recharge off.";
			case "INVALID_PAYMENT_METHOD" -> "The payment method is not usable: set a valid payment method.";
			default -> "The payment service reported an error; the next attempt re-uses the same payment reference.";
		};
	}

	private static String when(Instant at, ZoneId zone) {
		return at == null ? "" : WHEN.format(at.atZone(zone)) + " " + zone.getId();
	}

	/**
	 * The monthly usage workbook for an organization's finance addresses
	 * ({@code a.admins()} are the recipients).
	 */
	public static Email usageReport(Account a, String dedupKey, java.time.YearMonth month, BigDecimal opening,
			BigDecimal usage, BigDecimal closing, long calls) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Period", month.atDay(1) + " to " + month.atEndOfMonth() + " (UTC)");
		facts.put("Opening balance", EmailAmounts.format(opening, a.currency()));
		facts.put("Usage charged to credits", EmailAmounts.format(usage, a.currency()));
		facts.put("Closing balance", EmailAmounts.format(closing, a.currency()));
		facts.put("Calls", String.valueOf(calls));
		return render(a, dedupKey, EmailKind.USAGE_REPORT,
				"Communications credits usage for " + a.name() + ", " + month,
				"The usage report of " + a.name() + " for " + month + " is attached (Excel workbook: summary, calls, "
						+ "funds movements, daily spend and forecast).",
				facts, List.of("Open the attached workbook; the Summary sheet reconciles the month's balances.",
						"Check the Forecast sheet for the recommended auto-recharge settings."));
	}

	/** The consolidated finance workbook for the hub's finance address. */
	public static Email financeReport(List<String> to, String dedupKey, java.time.YearMonth month, int organizations) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Period", month.atDay(1) + " to " + month.atEndOfMonth() + " (UTC)");
		facts.put("Organizations", String.valueOf(organizations));
		return render(new Account(null, "the credits hub", null, to), dedupKey, EmailKind.FINANCE_REPORT,
				"Communications credits: consolidated finance report " + month,
				"The consolidated finance workbook for " + month + " is attached: one row per organization, totals per "
						+ "currency and the calls whose charge differs from the carrier's.",
				facts, List.of("Review the Discrepancies sheet with the carrier."));
	}

	/**
	 * A correction run changed an organization's books (DOMAIN rule 9: new entries,
	 * nothing edited): what it was and its totals.
	 */
	public static Email correction(Account a, String dedupKey, String correctionId, String what, int calls,
			BigDecimal refunded, BigDecimal forfeited, BigDecimal charged, BigDecimal unfundedChange,
			BigDecimal balance) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Correction", correctionId);
		facts.put("What", what);
		facts.put("Calls corrected", String.valueOf(calls));
		facts.put("Refunded to your funds", EmailAmounts.format(refunded.subtract(forfeited), a.currency()));
		if (forfeited.signum() != 0) {
			facts.put("Refund forfeited (funds already expired)", EmailAmounts.format(forfeited, a.currency()));
		}
		facts.put("Charged from your funds", EmailAmounts.format(charged, a.currency()));
		if (unfundedChange.signum() != 0) {
			facts.put("Change of unfunded usage", EmailAmounts.format(unfundedChange, a.currency()));
		}
		facts.put("Balance now", EmailAmounts.format(balance, a.currency()));
		return render(a, dedupKey, EmailKind.CORRECTION,
				"Correction " + correctionId + " of the communications credits of " + a.name(),
				"A correction was posted to the communications credits of " + a.name() + ": " + what + ".", facts,
				List.of("Nothing to do. The corrected calls are listed in the attached workbook; the correction shows in "
						+ "this month's usage report."));
	}

	static Email render(Account a, String dedupKey, EmailKind kind, String subject, String lead,
			Map<String, String> facts, List<String> todo) {
		StringBuilder text = new StringBuilder();
		text.append("Hello,\n\n").append(lead).append("\n\n");
		int width = facts.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
		facts.forEach(
				(k, v) -> text.append("  ").append(String.format("%-" + width + "s", k + ":")).append(v).append('\n'));
		text.append("\nWhat to do\n");
		todo.forEach(t -> text.append("  - ").append(t).append('\n'));
		text.append("\n-- \ncredits-hub, prepaid communications credits\n").append(footer(a, kind)).append('\n');

		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>")
			.append(esc(subject))
			.append("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">\n<p>Hello,</p>\n<p>")
			.append(esc(lead))
			.append("</p>\n<table style=\"border-collapse:collapse\">\n");
		facts.forEach((k, v) -> html.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">")
			.append(esc(k))
			.append("</th><td>")
			.append(esc(v))
			.append("</td></tr>\n"));
		html.append("</table>\n<h3>What to do</h3>\n<ul>\n");
		todo.forEach(t -> html.append("<li>").append(esc(t)).append("</li>\n"));
		html.append("</ul>\n<p style=\"color:#777;font-size:small\">credits-hub, prepaid communications credits<br>")
			.append(esc(footer(a, kind)))
			.append("</p>\n</body></html>\n");
		return new Email(dedupKey, a.orgId(), kind, a.admins(), subject, text.toString(), html.toString());
	}

	private static String footer(Account a, EmailKind kind) {
		if (a.orgId() == null) {
			return "You receive this email as the hub's finance contact.";
		}
		return "You receive this email as "
				+ (kind == EmailKind.USAGE_REPORT ? "a finance contact" : "an administrator") + " of " + a.name() + " ("
				+ a.orgId() + ").";
	}

	static String esc(String s) {
		if (s == null) {
			return "";
		}
		StringBuilder b = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			switch (c) {
				case '<' -> b.append("&lt;");
				case '>' -> b.append("&gt;");
				case '&' -> b.append("&amp;");
				case '"' -> b.append("&quot;");
				case '\'' -> b.append("&#39;");
				default -> b.append(c);
			}
		}
		return b.toString();
	}

}
