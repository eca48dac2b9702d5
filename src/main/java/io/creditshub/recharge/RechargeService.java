package io.creditshub.recharge;

import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.Lot;
import io.creditshub.funds.LotRepository;
import io.creditshub.ledger.EntryType;
import io.creditshub.money.Money;
import io.creditshub.notify.EmailTemplates;
import io.creditshub.notify.MailOutbox;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.config.LifecycleProperties;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Auto-recharge (DOMAIN rule 4). A charge happens in three steps, so that it is made at
 * most once per need whatever fails:
 * <ol>
 * <li>claim, in a transaction under the account's row lock: the attempt row with its
 * idempotency key is written (PENDING) and committed BEFORE the gateway is called; an
 * account already claimed for this need is skipped;</li>
 * <li>the gateway is called outside any transaction, with the idempotency key;</li>
 * <li>record, in one transaction: the outcome, and on approval the RECHARGE lot, its
 * ledger entry and the balance (FundsService), the emails, the guard-rail state.</li>
 * </ol>
 * A crash between 2 and 3 leaves the attempt PENDING: the next run (or another instance
 * after {@code credits.recharge.claim-timeout}) calls the gateway again with the SAME
 * key, which returns the first answer and charges nothing more. A time-out fails the
 * attempt; the next night's attempt re-uses its key.
 */
@Service("rechargeService")
public class RechargeService {

	private static final Logger log = LoggerFactory.getLogger(RechargeService.class);

	private static final Duration WINDOW = Duration.ofDays(30);

	private final RechargeRepository repository;

	private final OrganizationRepository organizations;

	private final FundsService funds;

	private final LotRepository lots;

	private final PaymentGateway gateway;

	private final MailOutbox mail;

	private final TransactionTemplate tx;

	private final BusinessCalendar calendar;

	private final LifecycleProperties.Recharge config;

	private final Clock clock;

	private final String instanceId;

	/**
	 * Claim tokens this instance is working on right now: their PENDING rows are not
	 * interrupted.
	 */
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	/** Where the exactly-once tests crash a recharge on purpose (never in production). */
	private io.creditshub.system.CrashPoints crashPoints = new io.creditshub.system.CrashPoints();

	@org.springframework.beans.factory.annotation.Autowired(required = false)
	void crashPoints(io.creditshub.system.CrashPoints crashPoints) {
		this.crashPoints = crashPoints;
	}

	@org.springframework.beans.factory.annotation.Autowired
	RechargeService(RechargeRepository repository, OrganizationRepository organizations, FundsService funds,
			LotRepository lots, PaymentGateway gateway, MailOutbox mail, TransactionTemplate tx,
			BusinessCalendar calendar, LifecycleProperties properties, Clock clock) {
		this(repository, organizations, funds, lots, gateway, mail, tx, calendar, properties, clock,
				ProcessHandle.current().pid() + "@" + hostName() + "/" + UUID.randomUUID().toString().substring(0, 8));
	}

	RechargeService(RechargeRepository repository, OrganizationRepository organizations, FundsService funds,
			LotRepository lots, PaymentGateway gateway, MailOutbox mail, TransactionTemplate tx,
			BusinessCalendar calendar, LifecycleProperties properties, Clock clock, String instanceId) {
		this.repository = repository;
		this.organizations = organizations;
		this.funds = funds;
		this.lots = lots;
		this.gateway = gateway;
		this.mail = mail;
		this.tx = tx;
		this.calendar = calendar;
		this.config = properties.getRecharge();
		this.clock = clock;
		this.instanceId = instanceId;
	}

	/** The nightly batch as scheduled: for the business date that just ended. */
	public RechargeReport runLastNight() {
		return runNightly(calendar.lastNight());
	}

	/**
	 * The nightly batch for a business date: finishes interrupted attempts, then charges
	 * every account with auto-recharge on and its balance below its trigger that has no
	 * attempt for this date yet. Re-running a date charges nobody twice.
	 */
	public RechargeReport runNightly(LocalDate businessDate) {
		RechargeReport report = new RechargeReport(businessDate);
		resumeInterrupted(report);
		String key = "nightly:" + businessDate;
		List<RechargePolicy.Candidate> candidates = repository.nightlyCandidates(key, since());
		for (RechargePolicy.Candidate c : candidates) {
			try {
				nightly(c.orgId(), key, businessDate, report);
			}
			catch (RuntimeException e) {
				log.error("recharge of {} for {} failed: {}", c.orgId(), businessDate, e.toString(), e);
				report.add(c.orgId(), "ERROR", c.amount(), null, e.toString());
			}
		}
		log.info("{}", report);
		return report;
	}

	/**
	 * Immediate recharges queued by intake (see ImmediateRechargeListener), and
	 * interrupted ones.
	 */
	public RechargeReport runQueued() {
		RechargeReport report = new RechargeReport(calendar.today());
		resumeInterrupted(report);
		for (Attempt a : repository.withStatus("QUEUED")) {
			try {
				queued(a, report);
			}
			catch (RuntimeException e) {
				log.error("immediate recharge {} of {} failed: {}", a.attemptId(), a.orgId(), e.toString(), e);
				report.add(a.orgId(), "ERROR", a.amount(), a.currency(), e.toString());
			}
		}
		if (!report.lines().isEmpty()) {
			log.info("immediate recharges: {}", report);
		}
		return report;
	}

	private void nightly(String orgId, String key, LocalDate businessDate, RechargeReport report) {
		String token = UUID.randomUUID().toString();
		inFlight.add(token);
		try {
			Attempt claimed = tx.execute(status -> {
				Organization o = organizations.lock(orgId).orElseThrow();
				if (repository.attemptExists(orgId, key)) {
					return null; // another run of this night got there first
				}
				RechargePolicy.Candidate c = repository.candidate(orgId, since()).orElseThrow();
				RechargePolicy.Decision d = RechargePolicy.decide(c, config.getMaxPer30Days());
				switch (d) {
					case CHARGE -> {
						String idem = idempotencyKey(o, key, c.amount(), c.paymentMethod());
						long id = repository.insert(orgId, key, "NIGHTLY", businessDate, idem, c.amount(), o.currency(),
								c.paymentMethod(), "PENDING", instanceId, token);
						return repository.find(id).orElseThrow();
					}
					case NO_PAYMENT_METHOD -> {
						long id = repository.insert(orgId, key, "NIGHTLY", businessDate, "none:" + orgId + ":" + key,
								c.amount(), o.currency(), null, "PENDING", instanceId, token);
						Attempt a = repository.find(id).orElseThrow();
						repository.complete(id, "FAILED", token, "NO_PAYMENT_METHOD",
								"auto-recharge is on but the account has no payment method", null);
						failed(o, a, "NO_PAYMENT_METHOD", "auto-recharge is on but the account has no payment method");
						report.add(orgId, "FAILED", c.amount(), o.currency(),
								"NO_PAYMENT_METHOD: no payment method set");
						return null;
					}
					case NOT_NEEDED -> {
						return null;
					}
					default -> {
						report.add(orgId, "SKIPPED", c.amount(), o.currency(), skipReason(d));
						log.warn("recharge of {} for {} skipped: {}", orgId, businessDate, skipReason(d));
						return null;
					}
				}
			});
			if (claimed != null) {
				charge(claimed, token, report);
			}
		}
		finally {
			inFlight.remove(token);
		}
	}

	private void queued(Attempt queued, RechargeReport report) {
		String token = UUID.randomUUID().toString();
		inFlight.add(token);
		try {
			Attempt claimed = tx.execute(status -> {
				Organization o = organizations.lock(queued.orgId()).orElseThrow();
				Attempt a = repository.find(queued.attemptId()).orElseThrow();
				if (!a.status().equals("QUEUED")) {
					return null;
				}
				RechargePolicy.Candidate c = repository.candidate(o.orgId(), since()).orElseThrow();
				RechargePolicy.Decision d = RechargePolicy.decide(c, config.getMaxPer30Days());
				switch (d) {
					case CHARGE -> {
						String idem = idempotencyKey(o, a.attemptKey(), c.amount(), c.paymentMethod());
						if (!repository.claim(a.attemptId(), "QUEUED", a.claimToken(), instanceId, token, idem,
								c.amount(), c.paymentMethod())) {
							return null;
						}
						return repository.find(a.attemptId()).orElseThrow();
					}
					case NO_PAYMENT_METHOD -> {
						repository.complete(a.attemptId(), "FAILED", a.claimToken(), "NO_PAYMENT_METHOD",
								"auto-recharge is on but the account has no payment method", null);
						failed(o, a, "NO_PAYMENT_METHOD", "auto-recharge is on but the account has no payment method");
						report.add(o.orgId(), "FAILED", a.amount(), o.currency(),
								"NO_PAYMENT_METHOD: no payment method set");
						return null;
					}
					default -> {
						String why = d == RechargePolicy.Decision.NOT_NEEDED ? "no longer needed" : skipReason(d);
						repository.complete(a.attemptId(), "SKIPPED", a.claimToken(), d.name(), why, null);
						report.add(o.orgId(), "SKIPPED", a.amount(), o.currency(), why);
						return null;
					}
				}
			});
			if (claimed != null) {
				charge(claimed, token, report);
			}
		}
		finally {
			inFlight.remove(token);
		}
	}

	/**
	 * PENDING attempts whose claimer is gone: this instance's after a crash, another's
	 * after the claim timeout.
	 */
	private void resumeInterrupted(RechargeReport report) {
		Instant stale = clock.instant().minus(config.getClaimTimeout());
		for (Attempt a : repository.withStatus("PENDING")) {
			boolean mineAndIdle = instanceId.equals(a.claimedBy()) && !inFlight.contains(a.claimToken());
			boolean abandoned = a.claimedAt() == null || a.claimedAt().isBefore(stale);
			if (!mineAndIdle && !abandoned) {
				continue;
			}
			String token = UUID.randomUUID().toString();
			inFlight.add(token);
			try {
				if (repository.claim(a.attemptId(), "PENDING", a.claimToken(), instanceId, token, a.idempotencyKey(),
						a.amount(), a.paymentMethod())) {
					log.warn("resuming interrupted recharge attempt {} of {} (key {})", a.attemptId(), a.orgId(),
							a.idempotencyKey());
					charge(repository.find(a.attemptId()).orElseThrow(), token, report);
				}
			}
			catch (RuntimeException e) {
				log.error("resuming recharge attempt {} failed: {}", a.attemptId(), e.toString(), e);
				report.add(a.orgId(), "ERROR", a.amount(), a.currency(), e.toString());
			}
			finally {
				inFlight.remove(token);
			}
		}
	}

	/**
	 * Steps 2 and 3: the gateway call (no transaction) and the recording of its answer.
	 */
	private void charge(Attempt a, String token, RechargeReport report) {
		ChargeResult result;
		try {
			result = gateway.charge(new ChargeRequest(a.idempotencyKey(), a.orgId(), a.paymentMethod(), a.amount(),
					a.currency(), "credits-hub auto-recharge of " + a.orgId() + " (" + a.attemptKey() + ")"));
		}
		catch (RuntimeException e) {
			result = ChargeResult.unknown("GATEWAY_ERROR", e.toString());
		}
		ChargeResult r = result;
		RechargeReport.Line line = tx.execute(status -> {
			Organization o = organizations.lock(a.orgId()).orElseThrow();
			boolean approved = r.status() == ChargeResult.Status.APPROVED;
			if (!repository.complete(a.attemptId(), approved ? "SUCCEEDED" : "FAILED", token, r.code(), r.message(),
					r.gatewayReference())) {
				log.warn("recharge attempt {} of {} was taken over by another instance", a.attemptId(), a.orgId());
				return null;
			}
			RechargeReport.Line done;
			if (approved) {
				succeeded(o, a);
				done = new RechargeReport.Line(a.orgId(), "SUCCEEDED", a.amount(), a.currency(),
						"charged " + a.paymentMethod() + " (gateway reference " + r.gatewayReference() + ")");
			}
			else {
				failed(o, a, r.code(), r.message());
				done = new RechargeReport.Line(a.orgId(), "FAILED", a.amount(), a.currency(),
						r.code() + ": " + r.message());
			}
			crashPoints.afterGateway();
			return done;
		});
		if (line != null) {
			report.lines().add(line); // only what committed
		}
	}

	private void succeeded(Organization o, Attempt a) {
		Instant now = clock.instant();
		long lotId;
		if (lots.referenceExists(o.orgId(), a.idempotencyKey())) {
			// the same charge was credited already (an earlier attempt with this key):
			// never a second lot
			lotId = lots.all(o.orgId())
				.stream()
				.filter(l -> l.reference().equals(a.idempotencyKey()))
				.findFirst()
				.orElseThrow()
				.lotId();
		}
		else {
			lotId = funds.addLot(o.orgId(), EntryType.RECHARGE, a.amount(), a.currency(), now, a.idempotencyKey(), null,
					null);
		}
		repository.setLot(a.attemptId(), lotId);
		repository.saveState(o.orgId(), 0, a.paymentMethod(), null, null);
		mail.enqueue(EmailTemplates.rechargeSucceeded(account(o),
				"recharge-succeeded:" + o.orgId() + ":" + a.attemptId(), a.amount(), a.paymentMethod(),
				organizations.balance(o.orgId()), Lot.expiryOf(now), a.idempotencyKey(), calendar.zone()));
		log.info("recharged {} with {} {} ({}, key {})", o.orgId(), a.amount().stripTrailingZeros().toPlainString(),
				a.currency(), a.kind(), a.idempotencyKey());
	}

	private void failed(Organization o, Attempt a, String code, String message) {
		Optional<RechargeRepository.State> s = repository.state(o.orgId());
		RechargePolicy.FailureCount count = RechargePolicy.afterFailure(
				s.map(RechargeRepository.State::failures).orElse(0),
				s.map(RechargeRepository.State::paymentMethod).orElse(null),
				s.map(st -> st.pausedAt() != null).orElse(false), a.paymentMethod(),
				config.getMaxConsecutiveFailures());
		boolean sameMethod = s.isPresent() && java.util.Objects.equals(s.get().paymentMethod(), a.paymentMethod());
		boolean stillPaused = sameMethod && s.get().pausedAt() != null;
		Instant pausedAt = count.pauseNow() ? clock.instant() : stillPaused ? s.get().pausedAt() : null;
		repository.saveState(o.orgId(), count.failures(), a.paymentMethod(), pausedAt, code + ": " + message);
		boolean paused = pausedAt != null;
		mail.enqueue(EmailTemplates.rechargeFailed(account(o), "recharge-failed:" + o.orgId() + ":" + a.attemptId(),
				a.amount(), a.paymentMethod(), organizations.balance(o.orgId()), o.triggerAmount(), code, message,
				count.failures(), config.getMaxConsecutiveFailures(), paused));
		if (count.pauseNow()) {
			mail.enqueue(EmailTemplates.rechargePaused(account(o), "recharge-paused:" + o.orgId() + ":" + a.attemptId(),
					a.paymentMethod(), count.failures(), message));
			log.warn("auto-recharge of {} paused after {} consecutive failures", o.orgId(), count.failures());
		}
		log.warn("recharge of {} failed ({}, key {}): {} {}", o.orgId(), a.kind(), a.idempotencyKey(), code, message);
	}

	/**
	 * The idempotency key of a new attempt: the attempt's own
	 * ({@code credits-hub:<org>:<attempt key>}), or, when the account's last attempt
	 * ended with an unknown outcome (time-out) for the same amount and payment method and
	 * was not credited, that attempt's key: if the gateway did charge then, it answers
	 * with that charge now.
	 */
	private String idempotencyKey(Organization o, String attemptKey, BigDecimal amount, String paymentMethod) {
		Optional<Attempt> last = repository.lastFinished(o.orgId());
		if (last.isPresent() && last.get().status().equals("FAILED")
				&& RechargePolicy.outcomeUnknown(last.get().outcomeCode()) && last.get().amount().compareTo(amount) == 0
				&& java.util.Objects.equals(last.get().paymentMethod(), paymentMethod)
				&& !lots.referenceExists(o.orgId(), last.get().idempotencyKey())) {
			return last.get().idempotencyKey();
		}
		return "credits-hub:" + o.orgId() + ":" + attemptKey;
	}

	private Instant since() {
		return clock.instant().minus(WINDOW);
	}

	private String skipReason(RechargePolicy.Decision d) {
		return switch (d) {
			case PAUSED -> "auto-recharge paused after " + config.getMaxConsecutiveFailures()
					+ " consecutive failures (change the payment method to resume)";
			case LIMIT_REACHED -> "guard rail: already " + config.getMaxPer30Days() + " automatic recharges in 30 days";
			default -> d.name();
		};
	}

	/**
	 * Changes auto-recharge settings (the command line; the admin API later). Enabling
	 * needs a trigger, a positive amount and a payment method; any change lifts a pause
	 * and clears the failure count.
	 * @throws IllegalArgumentException when the settings are not valid
	 */
	public Organization configure(String orgId, Boolean enable, BigDecimal trigger, BigDecimal amount,
			String paymentMethod) {
		return tx.execute(status -> {
			Organization o = organizations.lock(orgId)
				.orElseThrow(() -> new java.util.NoSuchElementException("unknown organization: " + orgId));
			boolean on = enable != null ? enable : o.autoRecharge();
			BigDecimal t = trigger != null ? trigger : o.triggerAmount();
			BigDecimal r = amount != null ? amount : o.rechargeAmount();
			String pm = paymentMethod != null ? (paymentMethod.isBlank() ? null : paymentMethod.strip())
					: o.paymentMethod();
			for (BigDecimal v : new BigDecimal[] { t, r }) {
				if (v != null
						&& (v.signum() < 0 || v.stripTrailingZeros().scale() > Money.minorUnitDigits(o.currency()))) {
					throw new IllegalArgumentException("amount " + v.toPlainString()
							+ " is negative or has more decimals than " + o.currency() + " allows");
				}
			}
			if (pm != null && pm.length() > 200) {
				throw new IllegalArgumentException("payment method is longer than 200 characters");
			}
			if (on && (t == null || r == null || r.signum() <= 0 || pm == null)) {
				throw new IllegalArgumentException(
						"auto-recharge on needs a trigger amount, a positive recharge amount and a payment method");
			}
			repository.updateSettings(orgId, on, t, r, pm);
			repository.saveState(orgId, 0, pm, null, null);
			return organizations.find(orgId).orElseThrow();
		});
	}

	/** The latest attempts of an account, newest first. */
	public List<Attempt> history(String orgId, int limit) {
		return repository.history(orgId, limit);
	}

	public String gatewayName() {
		return gateway.name();
	}

	private static EmailTemplates.Account account(Organization o) {
		return new EmailTemplates.Account(o.orgId(), o.name(), o.currency(), o.adminEmails());
	}

	private static String hostName() {
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException e) {
			return "localhost";
		}
	}

}
