package io.creditshub.intake;

import io.creditshub.intake.Rows;
import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.money.Money;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Loads an accounts file (README "Accounts"): creates organizations or updates their
 * settings.
 */
@Component
class AccountFileLoader implements FileLoader {

	static final String ORG = "Organization Id", NAME = "Name", CURRENCY = "Currency", COUNTRY = "Country",
			ADMINS = "Admin Emails", FINANCE = "Finance Emails", AUTO = "Auto Recharge", TRIGGER = "Trigger Amount",
			RECHARGE = "Recharge Amount", PAYMENT = "Payment Method";

	/**
	 * Organization ids are folder names too (inbox/cdr/&lt;org-id&gt;): keep them simple.
	 */
	static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s;,]+@[^@\\s;,]+\\.[^@\\s;,]+");

	private final OrganizationRepository organizations;

	AccountFileLoader(OrganizationRepository organizations) {
		this.organizations = organizations;
	}

	@Override
	public FileKind kind() {
		return FileKind.ACCOUNTS;
	}

	@Override
	public List<String> requiredColumns() {
		return List.of(ORG, NAME, CURRENCY, COUNTRY);
	}

	@Override
	public String keyColumn() {
		return ORG;
	}

	@Override
	public LoadResult load(String orgId, long fileId, CsvInput csv, RejectsWriter rejects) {
		int rows = 0, created = 0, updated = 0;
		Set<String> seen = new HashSet<>();
		for (CsvInput.Row row : csv) {
			rows++;
			String id = row.get(ORG);
			try {
				Organization o = parse(row);
				if (!seen.add(o.orgId())) {
					throw new IllegalArgumentException("organization " + o.orgId() + " appears twice in this file");
				}
				var existing = organizations.find(o.orgId());
				if (existing.isPresent() && !existing.get().currency().equals(o.currency())
						&& (existing.get().balance().signum() != 0 || organizations.hasLedger(o.orgId()))) {
					throw new IllegalArgumentException("currency cannot change from " + existing.get().currency()
							+ " to " + o.currency() + " once the organization has ledger entries");
				}
				if (organizations.upsert(o)) {
					created++;
				}
				else {
					updated++;
				}
			}
			catch (IllegalArgumentException e) {
				rejects.add(new RowReject(row.line(), id, e.getMessage()));
			}
		}
		return new LoadResult(rows, created + updated, rejects.count(),
				created + " organization(s) created, " + updated + " updated");
	}

	private static Organization parse(CsvInput.Row row) {
		if (!row.consistent()) {
			throw new IllegalArgumentException("has " + row.size() + " fields, the header has " + row.expectedSize());
		}
		String id = Rows.required(row, ORG);
		if (!ORG_ID.matcher(id).matches()) {
			throw new IllegalArgumentException(ORG + " '" + Rows.echo(id)
					+ "' must be 1-64 letters, digits, '.', '_' or '-' (it names the CDR folder)");
		}
		String currency = Rows.required(row, CURRENCY).toUpperCase(Locale.ROOT);
		if (!Money.isValidCurrency(currency)) {
			throw new IllegalArgumentException(CURRENCY + " '" + Rows.echo(currency) + "' is not an ISO 4217 code");
		}
		String country = Rows.required(row, COUNTRY).toUpperCase(Locale.ROOT);
		if (!Arrays.asList(Locale.getISOCountries()).contains(country)) {
			throw new IllegalArgumentException(
					COUNTRY + " '" + Rows.echo(country) + "' is not an ISO 3166 two-letter code");
		}
		boolean auto = Rows.bool(AUTO, row.get(AUTO));
		BigDecimal trigger = amount(row, TRIGGER, currency);
		BigDecimal recharge = amount(row, RECHARGE, currency);
		String payment = row.optional(PAYMENT);
		if (payment != null && payment.length() > 200) {
			throw new IllegalArgumentException(PAYMENT + " is longer than 200 characters");
		}
		if (auto && (trigger == null || recharge == null || payment == null || recharge.signum() <= 0)) {
			throw new IllegalArgumentException(
					"auto-recharge on needs a Trigger Amount, a positive Recharge Amount and a Payment Method");
		}
		String name = Rows.required(row, NAME);
		if (name.length() > 200) {
			throw new IllegalArgumentException(NAME + " is longer than 200 characters");
		}
		return new Organization(id, name, currency, country, emails(row, ADMINS), emails(row, FINANCE), auto, trigger,
				recharge, payment, BigDecimal.ZERO, false);
	}

	private static BigDecimal amount(CsvInput.Row row, String column, String currency) {
		String v = row.get(column);
		if (v.isEmpty()) {
			return null;
		}
		BigDecimal d = Rows.decimal(column, v);
		if (d.signum() < 0) {
			throw new IllegalArgumentException(column + " must not be negative");
		}
		if (d.stripTrailingZeros().scale() > Money.minorUnitDigits(currency)) {
			throw new IllegalArgumentException(column + " " + v + " has more decimals than " + currency + " allows");
		}
		return d;
	}

	private static List<String> emails(CsvInput.Row row, String column) {
		String v = row.get(column);
		if (v.isEmpty()) {
			return List.of();
		}
		List<String> list = Arrays.stream(v.split("[;,]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
		if (String.join(";", list).length() > 1000) {
			throw new IllegalArgumentException(column + " is longer than 1000 characters");
		}
		for (String e : list) {
			if (!EMAIL.matcher(e).matches()) {
				throw new IllegalArgumentException(column + ": '" + Rows.echo(e) + "' is not an email address");
			}
		}
		return list;
	}

}
