package io.creditshub.api;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import io.creditshub.ledger.EntryType;
import io.creditshub.money.Money;
import io.creditshub.recharge.RechargeService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What an organization's admin can change: add funds, and the auto-recharge settings. */
@RestController
@RequestMapping(path = "/api/orgs/{org}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "funds", description = "Add funds and set auto-recharge")
class FundsController {

	private final OrganizationsController organizations;

	private final OrganizationRepository orgRepository;

	private final LotRepository lots;

	private final FundsService funds;

	private final RechargeService recharge;

	private final TransactionTemplate tx;

	private final Clock clock;

	FundsController(OrganizationsController organizations, OrganizationRepository orgRepository, LotRepository lots,
			FundsService funds, RechargeService recharge, TransactionTemplate tx, Clock clock) {
		this.organizations = organizations;
		this.orgRepository = orgRepository;
		this.lots = lots;
		this.funds = funds;
		this.recharge = recharge;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * A purchase: the order reference makes it idempotent (the same reference adds
	 * nothing twice). currency, when given, must be the organization's. Unknown fields
	 * are refused.
	 */
	record AddFunds(@NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal amount,
			@NotBlank @Size(max = 200) String reference, Instant purchasedAt, @Size(max = 3) String currency) {

		@com.fasterxml.jackson.annotation.JsonAnySetter
		void unknown(String name, Object value) {
			throw new IllegalArgumentException("unknown field " + Problems.echo(name));
		}

	}

	/**
	 * The largest amount one add-funds request may add, in the organization's currency
	 * (issue 12): far above any real purchase, far below what the books can hold
	 * (numeric(24,9): 15 integer digits).
	 */
	static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

	/**
	 * The largest balance an organization may reach through the API (the books hold <
	 * 10^15).
	 */
	static final BigDecimal MAX_BALANCE = new BigDecimal("1000000000");

	@PostMapping(path = "/funds", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add funds: a new lot expiring 12 months after purchase; idempotent by order reference "
			+ "(201 created, 200 when the reference was already added)")
	ResponseEntity<OrganizationsController.LotView> addFunds(@PathVariable("org") String orgId,
			@Valid @RequestBody AddFunds request) {
		Organization org = organizations.org(orgId);
		// issue 12: limits answered 400, never a database error
		if (request.currency() != null && !request.currency().equalsIgnoreCase(org.currency())) {
			throw new IllegalArgumentException("currency " + Problems.echo(request.currency())
					+ " is not the currency of " + orgId + " (" + org.currency() + ")");
		}
		BigDecimal minor = BigDecimal.ONE.movePointLeft(Money.minorUnitDigits(org.currency()));
		if (request.amount().compareTo(MAX_AMOUNT) > 0) {
			throw new IllegalArgumentException("amount must be between " + minor.toPlainString() + " and "
					+ MAX_AMOUNT.toPlainString() + " " + org.currency());
		}
		if (request.amount().stripTrailingZeros().scale() > Money.minorUnitDigits(org.currency())) {
			throw new IllegalArgumentException("amount " + request.amount().toPlainString() + " has more decimals than "
					+ org.currency() + " allows");
		}
		Instant at = request.purchasedAt() == null ? clock.instant() : request.purchasedAt();
		if (at.isAfter(clock.instant().plusSeconds(86_400))) {
			throw new IllegalArgumentException("purchasedAt " + at + " is in the future");
		}
		if (!Lot.expiryOf(at).isAfter(clock.instant())) {
			// DOMAIN rule 1: such a lot would be expired on arrival
			throw new IllegalArgumentException("purchasedAt " + at + " is more than 12 months ago: the funds would "
					+ "already have expired (" + Lot.expiryOf(at) + ")");
		}
		boolean[] created = { false };
		Long lotId = tx.execute(status -> {
			orgRepository.lock(orgId);
			Optional<Lot> existing = lots.all(orgId)
				.stream()
				.filter(l -> l.reference().equals(request.reference()))
				.findFirst();
			if (existing.isPresent()) {
				if (existing.get().amount().compareTo(request.amount()) != 0) {
					throw new Problems.ConflictException(
							"order reference " + request.reference() + " was already added with another amount",
							existing.get().amount(), request.amount());
				}
				return existing.get().lotId();
			}
			if (orgRepository.balance(orgId).add(request.amount()).compareTo(MAX_BALANCE) > 0) {
				throw new IllegalArgumentException("the balance of " + orgId + " would exceed "
						+ MAX_BALANCE.toPlainString() + " " + org.currency());
			}
			created[0] = true;
			return funds.addLot(orgId, EntryType.PURCHASE, request.amount(), org.currency(), at, request.reference(),
					null, null);
		});
		Lot lot = lots.find(orgId, lotId).orElseThrow();
		return ResponseEntity.status(created[0] ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new OrganizationsController.LotView(lot.lotId(), lot.source(), lot.amount(), lot.remaining(),
					lot.purchasedAt(), lot.expiresAt(), lot.reference()));
	}

	record AutoRecharge(@NotNull Boolean enabled, BigDecimal triggerAmount, BigDecimal rechargeAmount,
			@Size(max = 200) String paymentMethod) {

		@AssertTrue(
				message = "when enabled: triggerAmount > 0, rechargeAmount >= triggerAmount and a paymentMethod are required")
		boolean isComplete() {
			if (enabled == null || !enabled) {
				return true;
			}
			return triggerAmount != null && triggerAmount.signum() > 0 && rechargeAmount != null
					&& rechargeAmount.compareTo(triggerAmount) >= 0 && paymentMethod != null
					&& !paymentMethod.isBlank();
		}

	}

	@GetMapping("/auto-recharge")
	@Operation(summary = "The auto-recharge settings")
	AutoRecharge getAutoRecharge(@PathVariable("org") String orgId) {
		Organization o = organizations.org(orgId);
		return new AutoRecharge(o.autoRecharge(), o.triggerAmount(), o.rechargeAmount(), mask(o.paymentMethod()));
	}

	@PutMapping(path = "/auto-recharge", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change the auto-recharge settings (validated; a change lifts a pause after failures)")
	AutoRecharge putAutoRecharge(@PathVariable("org") String orgId, @Valid @RequestBody AutoRecharge settings) {
		organizations.org(orgId);
		Organization o = recharge.configure(orgId, settings.enabled(), settings.triggerAmount(),
				settings.rechargeAmount(), settings.paymentMethod());
		return new AutoRecharge(o.autoRecharge(), o.triggerAmount(), o.rechargeAmount(), mask(o.paymentMethod()));
	}

	/**
	 * Payment method references are shown without their middle part
	 * (card:visa-4242-2027-08 -> card:visa…-08).
	 */
	static String mask(String reference) {
		return io.creditshub.notify.EmailTemplates.maskPaymentMethod(reference);
	}

}
