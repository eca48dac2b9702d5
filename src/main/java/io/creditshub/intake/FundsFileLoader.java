package io.creditshub.intake;

import io.creditshub.intake.Rows;
import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.LotRepository;
import io.creditshub.ledger.EntryType;
import io.creditshub.money.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Loads a funds file (README "Funds"): one lot per row (DOMAIN rule 1). The order
 * reference is unique per organization, so an order already added is listed as a reject
 * and never added twice.
 */
@Component
class FundsFileLoader implements FileLoader {

	static final String ORG = "Organization Id", AMOUNT = "Amount", CURRENCY = "Currency",
			PURCHASED_AT = "Purchased At", REFERENCE = "Order Reference";

	private final OrganizationRepository organizations;

	private final LotRepository lots;

	private final FundsService funds;

	private final Clock clock;

	FundsFileLoader(OrganizationRepository organizations, LotRepository lots, FundsService funds, Clock clock) {
		this.organizations = organizations;
		this.lots = lots;
		this.funds = funds;
		this.clock = clock;
	}

	@Override
	public FileKind kind() {
		return FileKind.FUNDS;
	}

	@Override
	public List<String> requiredColumns() {
		return List.of(ORG, AMOUNT, CURRENCY, PURCHASED_AT, REFERENCE);
	}

	@Override
	public String keyColumn() {
		return REFERENCE;
	}

	private record Purchase(long line, String orgId, BigDecimal amount, String currency, Instant purchasedAt,
			String reference) {
	}

	@Override
	public LoadResult load(String orgId, long fileId, CsvInput csv, RejectsWriter rejects) {
		int rows = 0;
		List<Purchase> purchases = new ArrayList<>();
		for (CsvInput.Row row : csv) {
			rows++;
			try {
				purchases.add(parse(row));
			}
			catch (IllegalArgumentException e) {
				rejects.add(new RowReject(row.line(), row.get(REFERENCE), e.getMessage()));
			}
		}
		// Lock every organization touched, in id order (no deadlock between two files),
		// before any posting.
		Map<String, Optional<Organization>> orgs = new TreeMap<>();
		purchases.forEach(p -> orgs.put(p.orgId, Optional.empty()));
		orgs.replaceAll((id, none) -> organizations.lock(id));
		int posted = 0;
		BigDecimal total = BigDecimal.ZERO;
		Set<String> seen = new HashSet<>();
		for (Purchase p : purchases) {
			Optional<Organization> org = orgs.get(p.orgId);
			String problem = null;
			if (org.isEmpty()) {
				problem = "unknown organization '" + p.orgId + "': load it in an accounts file first";
			}
			else if (!org.get().currency().equals(p.currency)) {
				problem = "currency " + p.currency + " differs from the organization's " + org.get().currency();
			}
			else if (p.amount.stripTrailingZeros().scale() > Money.minorUnitDigits(p.currency)) {
				problem = "amount " + p.amount.toPlainString() + " has more decimals than " + p.currency + " allows";
			}
			else if (!seen.add(p.orgId + "\u0000" + p.reference)) {
				problem = "order reference " + p.reference + " appears twice in this file";
			}
			else if (lots.referenceExists(p.orgId, p.reference)) {
				problem = "order reference " + p.reference + " was already added (a lot is added once)";
			}
			if (problem != null) {
				rejects.add(new RowReject(p.line, p.reference, problem));
				continue;
			}
			funds.addLot(p.orgId, EntryType.PURCHASE, p.amount, p.currency, p.purchasedAt, p.reference, fileId,
					(int) p.line);
			posted++;
			total = total.add(p.amount);
		}
		return new LoadResult(rows, posted, rejects.count(), posted + " lot(s) added");
	}

	private Purchase parse(CsvInput.Row row) {
		if (!row.consistent()) {
			throw new IllegalArgumentException("has " + row.size() + " fields, the header has " + row.expectedSize());
		}
		String org = Rows.required(row, ORG);
		BigDecimal amount = Rows.decimal(AMOUNT, Rows.required(row, AMOUNT));
		if (amount.signum() <= 0) {
			throw new IllegalArgumentException(AMOUNT + " must be positive, was " + amount.toPlainString());
		}
		String currency = Rows.required(row, CURRENCY).toUpperCase(Locale.ROOT);
		if (!Money.isValidCurrency(currency)) {
			throw new IllegalArgumentException(CURRENCY + " '" + Rows.echo(currency) + "' is not an ISO 4217 code");
		}
		Instant at = Times.parse(Rows.required(row, PURCHASED_AT));
		if (at.isAfter(clock.instant().plusSeconds(86_400))) {
			throw new IllegalArgumentException(PURCHASED_AT + " " + at + " is in the future");
		}
		// A date like 1900-01-01 (a wrong year, an empty cell read as a default) is not a
		// purchase: refused with its
		// reason (issue 17, item 6). Lots bought in the past 25 years stay accepted: late
		// CDRs of their time are paid
		// from them (DOMAIN rule 2), and the expiry batch forfeits what an expired one
		// holds.
		if (at.isBefore(CdrFileLoader.EARLIEST)) {
			throw new IllegalArgumentException(PURCHASED_AT + " " + at + " is not a plausible purchase date (before "
					+ CdrFileLoader.EARLIEST + ")");
		}
		String reference = Rows.required(row, REFERENCE);
		if (reference.length() > 200) {
			throw new IllegalArgumentException(REFERENCE + " is longer than 200 characters");
		}
		return new Purchase(row.line(), org, amount, currency, at, reference);
	}

}
