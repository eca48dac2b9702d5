package io.creditshub.recharge;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.LotRepository;
import io.creditshub.notify.MailOutbox;
import io.creditshub.support.LifecycleIntegrationTest;
import io.creditshub.support.Smtp;
import io.creditshub.system.BusinessCalendar;
import io.creditshub.config.LifecycleProperties;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DOMAIN rule 4 end to end against the simulated gateway and a real SMTP server
 * (GreenMail): a recharge is charged at most once per need (re-run, crash after the
 * gateway's answer, two concurrent runs), and every failure is an email, never a crash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RechargeIT extends LifecycleIntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	io.creditshub.system.CrashPoints crashPoints;

	static final Smtp SMTP = new Smtp().start();

	static final String CARD = "card:visa-4242-2030-12";

	static final LocalDate NIGHT = LocalDate.parse("2026-03-09");

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("credits.mail.host", () -> "127.0.0.1");
		registry.add("credits.mail.port", SMTP::port);
	}

	@Autowired
	RechargeService recharges;

	@Autowired
	PaymentGateway gateway;

	@Autowired
	LifecycleProperties properties;

	@BeforeAll
	void rates() {
		loadRates();
	}

	@AfterAll
	void stopSmtp() {
		SMTP.stop();
	}

	/** Each test's accounts stop taking part in the next test's batches. */
	@AfterEach
	void isolate() {
		assertBooksBalance();
		jdbc.sql("UPDATE organization SET auto_recharge = false").update();
		crashPoints.failAfterGateway(false);
		clock.set("2026-03-10T12:00:00Z");
	}

	SimulatedPaymentGateway simulated() {
		return (SimulatedPaymentGateway) gateway;
	}

	long charges(String org) {
		return count(
				"SELECT COUNT(*) FROM simulated_gateway_charge WHERE org_id = '" + org + "' AND status = 'APPROVED'");
	}

	long rechargeLots(String org) {
		return count("SELECT COUNT(*) FROM lot WHERE source = 'RECHARGE' AND org_id = '" + org + "'");
	}

	List<String> mails(String org) {
		pendingWork.flushOutboxes();
		return SMTP.subjectsFor(admin(org));
	}

	static String body(MimeMessage m) {
		try {
			var multipart = (jakarta.mail.internet.MimeMultipart) m.getContent();
			return multipart.getBodyPart(0).getContent().toString();
		}
		catch (IOException | jakarta.mail.MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void aRechargeAddsALotARechargeEntryAndEmailsTheAdmins() {
		openAccount("alpha", "USD", "20.00", "50.00", CARD);
		purchase("alpha", "USD", "10.00", "A-1");
		RechargeReport report = recharges.runNightly(NIGHT);
		assertThat(report.lines()).singleElement().satisfies(l -> assertThat(l.outcome()).isEqualTo("SUCCEEDED"));
		assertThat(balance("alpha")).isEqualByComparingTo("60.00");
		var entry = jdbc
			.sql("""
					SELECT e.entry_type, e.amount, e.reference, l.source, l.amount AS lot_amount, l.expires_at
					FROM ledger_entry e JOIN lot l ON l.lot_id = e.lot_id WHERE e.org_id = 'alpha' AND e.entry_type = 'RECHARGE'""")
			.query()
			.singleRow();
		assertThat(entry.get("amount")).isEqualTo(new java.math.BigDecimal("50.000000000"));
		assertThat(entry.get("reference")).isEqualTo("credits-hub:alpha:nightly:2026-03-09");
		assertThat(entry.get("source")).isEqualTo("RECHARGE");
		assertThat(mails("alpha")).containsExactly("Auto-recharge: 50.00 USD added to Alpha Inc");
		MimeMessage m = SMTP.receivedBy(admin("alpha")).get(0);
		assertThat(body(m)).contains("Amount charged:", "50.00 USD", "New balance:", "60.00 USD", "These funds expire:",
				"2027-03-10 12:00 UTC");
	}

	@Test
	void theBatchRunTwiceForOneDateChargesOnce() {
		openAccount("twice", "USD", "20.00", "50.00", CARD);
		purchase("twice", "USD", "10.00", "T-1");
		assertThat(recharges.runNightly(NIGHT).count("SUCCEEDED")).isEqualTo(1);
		assertThat(recharges.runNightly(NIGHT).lines()).isEmpty();
		assertThat(charges("twice")).isEqualTo(1);
		assertThat(rechargeLots("twice")).isEqualTo(1);
		assertThat(balance("twice")).isEqualByComparingTo("60.00");
		assertThat(mails("twice")).hasSize(1);
		assertThat(mails("twice")).hasSize(1);
	}

	@Test
	void aCrashBetweenTheGatewaysAnswerAndTheCommitNeverChargesTwice() {
		openAccount("crash", "USD", "20.00", "50.00", CARD);
		purchase("crash", "USD", "10.00", "C-1");
		crashPoints.failAfterGateway(true);
		RechargeReport crashed = recharges.runNightly(NIGHT);
		assertThat(crashed.lines()).singleElement().satisfies(l -> assertThat(l.outcome()).isEqualTo("ERROR"));
		// the gateway charged; nothing of it is in the books; the attempt with its key is
		// still there
		assertThat(charges("crash")).isEqualTo(1);
		assertThat(rechargeLots("crash")).isZero();
		assertThat(balance("crash")).isEqualByComparingTo("10.00");
		assertThat(jdbc.sql("SELECT status FROM recharge_attempt WHERE org_id = 'crash'").query(String.class).single())
			.isEqualTo("PENDING");
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE org_id = 'crash'")).isZero();

		crashPoints.failAfterGateway(false); // the hub restarts; the night is re-run
		RechargeReport rerun = recharges.runNightly(NIGHT);
		assertThat(rerun.lines()).singleElement().satisfies(l -> assertThat(l.outcome()).isEqualTo("SUCCEEDED"));
		assertThat(charges("crash")).isEqualTo(1);
		assertThat(rechargeLots("crash")).isEqualTo(1);
		assertThat(balance("crash")).isEqualByComparingTo("60.00");
		assertThat(recharges.runNightly(NIGHT).lines()).isEmpty();
		assertThat(mails("crash")).containsExactly("Auto-recharge: 50.00 USD added to Crash Inc");
	}

	@Autowired
	RechargeRepository repository;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	FundsService funds;

	@Autowired
	LotRepository lots;

	@Autowired
	MailOutbox mail;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	BusinessCalendar calendar;

	@Test
	void twoInstancesRunningTheBatchAtTheSameTimeChargeEachAccountOnce() throws Exception {
		List<String> orgs = List.of("race1", "race2", "race3", "race4", "race5");
		for (String org : orgs) {
			openAccount(org, "USD", "20.00", "50.00", CARD);
			purchase(org, "USD", "10.00", org + "-1");
		}
		// a second hub instance: its own instance id, the same database, a slow gateway
		// to widen the race
		PaymentGateway slow = new PaymentGateway() {
			@Override
			public ChargeResult charge(ChargeRequest request) {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return gateway.charge(request);
			}

			@Override
			public String name() {
				return "slow";
			}
		};
		RechargeService other = new RechargeService(repository, organizations, funds, lots, slow, mail, tx, calendar,
				properties, clock, "second-instance");
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<RechargeReport>> runs = new ArrayList<>();
		for (RechargeService instance : List.of(recharges, other)) {
			runs.add(pool.submit(() -> {
				go.await();
				return instance.runNightly(NIGHT);
			}));
		}
		go.countDown();
		long succeeded = 0;
		for (Future<RechargeReport> run : runs) {
			RechargeReport r = run.get();
			assertThat(r.count("ERROR")).as(r.lines().toString()).isZero();
			succeeded += r.count("SUCCEEDED");
		}
		pool.shutdown();
		assertThat(succeeded).isEqualTo(orgs.size());
		for (String org : orgs) {
			assertThat(charges(org)).as(org).isEqualTo(1);
			assertThat(rechargeLots(org)).as(org).isEqualTo(1);
			assertThat(balance(org)).as(org).isEqualByComparingTo("60.00");
			assertThat(mails(org)).as(org).hasSize(1);
		}
	}

	@Test
	void anExpiredCardIsAFailureEmailAndNoLot() {
		openAccount("expired", "USD", "20.00", "50.00", "card:visa-4242-2025-12");
		purchase("expired", "USD", "10.00", "E-1");
		RechargeReport r = recharges.runNightly(NIGHT);
		assertThat(r.lines()).singleElement().satisfies(l -> {
			assertThat(l.outcome()).isEqualTo("FAILED");
			assertThat(l.detail()).startsWith("CARD_EXPIRED");
		});
		assertThat(rechargeLots("expired")).isZero();
		assertThat(balance("expired")).isEqualByComparingTo("10.00");
		assertThat(mails("expired"))
			.containsExactly("Auto-recharge failed for Expired Inc: the card visa ending 4242 expired in 2025-12");
		assertThat(body(SMTP.receivedBy(admin("expired")).get(0))).contains(
				"The card on file has expired: update the payment method", "Consecutive failures: 1 of 3",
				"tries again the next night");
	}

	@Test
	void aDeclineIsAFailureEmail() {
		openAccount("declined", "USD", "20.00", "50.00", "card:mc-5555-2030-01");
		purchase("declined", "USD", "10.00", "D-1");
		simulated().behave("card:mc-5555-2030-01", SimulatedPaymentGateway.Behaviour.DECLINE);
		assertThat(recharges.runNightly(NIGHT).lines()).singleElement()
			.satisfies(l -> assertThat(l.detail()).startsWith("DECLINED"));
		assertThat(mails("declined")).singleElement().asString().startsWith("Auto-recharge failed for Declined Inc");
		assertThat(body(SMTP.receivedBy(admin("declined")).get(0))).contains("The payment was declined");
		assertThat(rechargeLots("declined")).isZero();
	}

	@Test
	void aGatewayTimeOutFailsAndTheNextNightReusesTheKeySoATimedOutChargeIsNotRepeated() {
		openAccount("slowpay", "USD", "20.00", "50.00", "card:visa-1111-2030-01");
		purchase("slowpay", "USD", "10.00", "S-1");
		// the gateway charges, then the answer is lost
		simulated().behave("card:visa-1111-2030-01", SimulatedPaymentGateway.Behaviour.CHARGE_THEN_TIMEOUT);
		assertThat(recharges.runNightly(NIGHT).lines()).singleElement()
			.satisfies(l -> assertThat(l.detail()).startsWith("TIMEOUT"));
		assertThat(charges("slowpay")).isEqualTo(1);
		assertThat(rechargeLots("slowpay")).isZero();
		assertThat(mails("slowpay")).singleElement().asString().contains("did not answer in time");

		simulated().behave("card:visa-1111-2030-01", SimulatedPaymentGateway.Behaviour.NORMAL);
		assertThat(recharges.runNightly(NIGHT.plusDays(1)).count("SUCCEEDED")).isEqualTo(1);
		assertThat(charges("slowpay")).isEqualTo(1); // the first charge, found by its
														// key: not a second one
		assertThat(rechargeLots("slowpay")).isEqualTo(1);
		assertThat(jdbc.sql("SELECT DISTINCT idempotency_key FROM recharge_attempt WHERE org_id = 'slowpay'")
			.query(String.class)
			.list()).containsExactly("credits-hub:slowpay:nightly:2026-03-09");
		assertThat(balance("slowpay")).isEqualByComparingTo("60.00");
	}

	@Test
	void aTimeOutBeforeChargingIsChargedOnceTheNextNight() {
		openAccount("lost", "USD", "20.00", "50.00", "card:visa-2222-2030-01");
		purchase("lost", "USD", "10.00", "L-1");
		simulated().behave("card:visa-2222-2030-01", SimulatedPaymentGateway.Behaviour.TIMEOUT);
		assertThat(recharges.runNightly(NIGHT).count("FAILED")).isEqualTo(1);
		assertThat(charges("lost")).isZero();
		simulated().behave("card:visa-2222-2030-01", SimulatedPaymentGateway.Behaviour.NORMAL);
		assertThat(recharges.runNightly(NIGHT.plusDays(1)).count("SUCCEEDED")).isEqualTo(1);
		assertThat(charges("lost")).isEqualTo(1);
		assertThat(balance("lost")).isEqualByComparingTo("60.00");
	}

	@Test
	void autoRechargeWithoutAPaymentMethodIsAClearErrorEmailNotACrash() {
		openAccount("nocard", "USD", "20.00", "50.00", CARD);
		purchase("nocard", "USD", "10.00", "N-1");
		// the payment method removed later (as the admin API may): auto-recharge stays on
		jdbc.sql("UPDATE organization SET payment_method = NULL WHERE org_id = 'nocard'").update();
		RechargeReport r = recharges.runNightly(NIGHT);
		assertThat(r.lines()).singleElement().satisfies(l -> {
			assertThat(l.outcome()).isEqualTo("FAILED");
			assertThat(l.detail()).startsWith("NO_PAYMENT_METHOD");
		});
		assertThat(count("SELECT COUNT(*) FROM simulated_gateway_charge WHERE org_id = 'nocard'")).isZero();
		assertThat(mails("nocard")).singleElement().asString().startsWith("Auto-recharge failed for Nocard Inc");
		assertThat(body(SMTP.receivedBy(admin("nocard")).get(0))).contains("Payment method:", "(none set)",
				"no payment method is set: set a payment method, or turn auto-recharge off");
		assertThat(recharges.runNightly(NIGHT).lines()).isEmpty(); // once per night
	}

	@Test
	void afterThreeFailuresInARowAutoRechargePausesUntilThePaymentMethodChanges() {
		openAccount("pausing", "USD", "20.00", "50.00", "card:visa-3333-2030-01");
		purchase("pausing", "USD", "10.00", "P-1");
		simulated().behave("card:visa-3333-2030-01", SimulatedPaymentGateway.Behaviour.DECLINE);
		for (int night = 0; night < 3; night++) {
			assertThat(recharges.runNightly(NIGHT.plusDays(night)).count("FAILED")).isEqualTo(1);
		}
		assertThat(mails("pausing")).hasSize(4).contains("Auto-recharge paused for Pausing Inc");
		RechargeReport paused = recharges.runNightly(NIGHT.plusDays(3));
		assertThat(paused.lines()).singleElement().satisfies(l -> {
			assertThat(l.outcome()).isEqualTo("SKIPPED");
			assertThat(l.detail()).contains("paused");
		});
		assertThat(count("SELECT COUNT(*) FROM recharge_attempt WHERE org_id = 'pausing'")).isEqualTo(3);
		// a new card lifts the pause
		recharges.configure("pausing", null, null, null, "card:visa-4444-2031-01");
		assertThat(recharges.runNightly(NIGHT.plusDays(4)).count("SUCCEEDED")).isEqualTo(1);
		assertThat(balance("pausing")).isEqualByComparingTo("60.00");
		assertThat(mails("pausing")).hasSize(5);
	}

	@Test
	void atMostNRechargesPerAccountIn30Days() {
		properties.getRecharge().setMaxPer30Days(2);
		try {
			openAccount("greedy", "USD", "100.00", "10.00", CARD);
			purchase("greedy", "USD", "5.00", "G-1");
			assertThat(recharges.runNightly(NIGHT).count("SUCCEEDED")).isEqualTo(1);
			assertThat(recharges.runNightly(NIGHT.plusDays(1)).count("SUCCEEDED")).isEqualTo(1);
			RechargeReport limited = recharges.runNightly(NIGHT.plusDays(2));
			assertThat(limited.lines()).singleElement().satisfies(l -> {
				assertThat(l.outcome()).isEqualTo("SKIPPED");
				assertThat(l.detail()).contains("already 2 automatic recharges in 30 days");
			});
			clock.advance(Duration.ofDays(31));
			assertThat(recharges.runNightly(NIGHT.plusDays(31)).count("SUCCEEDED")).isEqualTo(1);
			assertThat(balance("greedy")).isEqualByComparingTo("35.00");
		}
		finally {
			properties.getRecharge().setMaxPer30Days(5);
		}
	}

	@Test
	void intakeDrivingTheBalanceBelowTheTriggerRechargesRightAfterTheCommit() {
		openAccount("instant", "USD", "5.00", "20.00", CARD);
		purchase("instant", "USD", "6.00", "I-1");
		call("instant", "i-1", 20); // 1.20: 6.00 -> 4.80, below 5.00
		assertThat(
				jdbc.sql("SELECT status FROM recharge_attempt WHERE org_id = 'instant'").query(String.class).single())
			.isEqualTo("QUEUED"); // queued in the intake transaction, the gateway not
									// called in it
		assertThat(charges("instant")).isZero();
		assertThat(recharges.runQueued().count("SUCCEEDED")).isEqualTo(1);
		assertThat(balance("instant")).isEqualByComparingTo("24.80");
		assertThat(recharges.runQueued().lines()).isEmpty();
		assertThat(recharges.runNightly(NIGHT).lines()).isEmpty(); // above the trigger:
																	// nothing at night
		call("instant", "i-2", 1); // 24.74: no crossing
		assertThat(recharges.runQueued().lines()).isEmpty();
		assertThat(charges("instant")).isEqualTo(1);
		assertThat(mails("instant")).containsExactly("Auto-recharge: 20.00 USD added to Instant Inc");
	}

	@Test
	void afterAFailedImmediateRechargeTheNextAttemptIsTheNextNight() {
		openAccount("later", "USD", "5.00", "20.00", "card:visa-4242-2025-01");
		purchase("later", "USD", "6.00", "LT-1");
		call("later", "l-1", 20);
		assertThat(recharges.runQueued().count("FAILED")).isEqualTo(1);
		call("later", "l-2", 1); // still below: no new immediate attempt for the same
									// need
		assertThat(recharges.runQueued().lines()).isEmpty();
		assertThat(recharges.runNightly(LocalDate.parse("2026-03-10")).count("FAILED")).isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM recharge_attempt WHERE org_id = 'later'")).isEqualTo(2);
		assertThat(mails("later")).hasSize(2);
	}

	@Test
	void immediateRechargeCanBeTurnedOff() {
		properties.getRecharge().setImmediate(false);
		try {
			openAccount("nightonly", "USD", "5.00", "20.00", CARD);
			purchase("nightonly", "USD", "6.00", "NO-1");
			call("nightonly", "n-1", 20);
			assertThat(count("SELECT COUNT(*) FROM recharge_attempt WHERE org_id = 'nightonly'")).isZero();
			assertThat(recharges.runNightly(NIGHT).count("SUCCEEDED")).isEqualTo(1);
		}
		finally {
			properties.getRecharge().setImmediate(true);
		}
	}

}
