package io.creditshub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.expiry.ExpiryService;
import io.creditshub.funds.Lot;
import io.creditshub.recharge.RechargeService;
import io.creditshub.support.LifecycleIntegrationTest;
import io.creditshub.support.Smtp;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A year of simulated days (2026) for two accounts, with an injected clock, through the
 * real intake, batches, gateway (simulated) and SMTP (GreenMail):
 * <ul>
 * <li>alpha (USD): auto-recharge 50.00 below 20.00 on a card valid through 2026-06, a
 * call every day. Immediate recharges while the card is valid; from July the card is
 * expired: failures, the pause after three, the balance reaching zero and the account
 * suspended, until the admin sets a new card on 31 August.</li>
 * <li>beta (EUR): no auto-recharge; a lot bought in February 2025 that expires on 15
 * February 2026 (warned 30 and 2 days before, then forfeited), a purchase in January,
 * calls six days a week, zero in spring, a purchase on 1 June that resumes it, zero again
 * before the year ends.</li>
 * </ul>
 * Every day: the calls of the day at 10:00 (files in the inbox, drained), the queued
 * work, the expiry batch at 01:00 and the recharge batch at 02:00 of the next night, the
 * outboxes. An independent model in this test (the rules of DOMAIN.md, written again
 * plainly) predicts every ledger entry, every lot, every email and every carrier line;
 * the hub must match it exactly, and the books must balance after every night.
 */
class YearSimulationIT extends LifecycleIntegrationTest {

	static final Smtp SMTP = new Smtp().start();

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("credits.mail.host", () -> "127.0.0.1");
		registry.add("credits.mail.port", SMTP::port);
	}

	@AfterAll
	static void stopSmtp() {
		SMTP.stop();
	}

	@Autowired
	ExpiryService expiry;

	@Autowired
	RechargeService recharges;

	static final BigDecimal RATE = new BigDecimal("0.06");

	@Test
	void aYearOfDaysMatchesTheModelEntryByEntry() throws Exception {
		clock.set("2026-01-01T00:00:00Z");
		Model model = new Model();
		loadRates();
		openAccount("alpha", "USD", "20.00", "50.00", "card:visa-4242-2026-06");
		openAccount("beta", "EUR", null, null, null);
		model.org("alpha", "Alpha Inc", "USD", true, "20.00", "50.00", "card:visa-4242-2026-06");
		model.org("beta", "Beta Inc", "EUR", false, null, null, null);
		drop("funds/opening.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				alpha,100.00,USD,2025-12-20T09:00:00Z,A-2025
				beta,30.00,EUR,2025-02-15T09:00:00Z,B-2025
				""");
		assertPosted(drain());
		model.purchase("alpha", "100.00", Instant.parse("2025-12-20T09:00:00Z"), "A-2025");
		model.purchase("beta", "30.00", Instant.parse("2025-02-15T09:00:00Z"), "B-2025");

		Map<LocalDate, String> betaPurchases = Map.of(LocalDate.parse("2026-01-20"), "20.00",
				LocalDate.parse("2026-06-01"), "40.00");
		LocalDate newCard = LocalDate.parse("2026-08-31");
		for (LocalDate d = LocalDate.parse("2026-01-01"); d.getYear() == 2026; d = d.plusDays(1)) {
			Instant day = d.atTime(10, 0).toInstant(ZoneOffset.UTC);
			clock.set(day);
			if (d.equals(newCard)) {
				recharges.configure("alpha", null, null, null, "card:visa-4242-2029-12");
				model.configure("alpha", "card:visa-4242-2029-12");
			}
			if (betaPurchases.containsKey(d)) {
				purchase("beta", "EUR", betaPurchases.get(d), "B-" + d);
				model.purchase("beta", betaPurchases.get(d), day, "B-" + d);
			}
			int alphaMinutes = 8 + d.getDayOfYear() % 7;
			call("alpha", "a-" + d, alphaMinutes);
			model.call("alpha", "a-" + d, day.minus(Duration.ofMinutes(alphaMinutes + 1L)), alphaMinutes);
			if (d.getDayOfWeek() != DayOfWeek.SUNDAY) {
				call("beta", "b-" + d, 5);
				model.call("beta", "b-" + d, day.minus(Duration.ofMinutes(6)), 5);
			}
			pendingWork.run();
			model.runQueued(day, d);

			clock.set(d.plusDays(1).atTime(1, 0).toInstant(ZoneOffset.UTC));
			expiry.run(d);
			model.expire(d);
			clock.set(d.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC));
			recharges.runNightly(d);
			model.nightly(d, clock.instant());
			pendingWork.flushOutboxes();
			assertBooksBalance();
			assertThat(balance("alpha")).as("alpha after " + d).isEqualByComparingTo(model.orgs.get("alpha").balance);
			assertThat(balance("beta")).as("beta after " + d).isEqualByComparingTo(model.orgs.get("beta").balance);
		}

		for (String org : List.of("alpha", "beta")) {
			assertThat(ledger(org)).as("ledger of " + org).containsExactlyElementsOf(model.orgs.get(org).ledger);
			assertThat(lots(org)).as("lots of " + org).containsExactlyElementsOf(model.lots(org));
			assertThat(SMTP.subjectsFor(admin(org))).as("emails to " + org)
				.containsExactlyElementsOf(model.orgs.get(org).emails);
			assertThat(suspended(org)).isEqualTo(model.orgs.get(org).suspended);
		}
		assertThat(carrierLines()).containsExactlyElementsOf(model.carrier);
		assertThat(count("SELECT COUNT(*) FROM email_outbox WHERE status <> 'SENT'")).isZero();

		// the year had what it was meant to show
		Org alpha = model.orgs.get("alpha");
		Org beta = model.orgs.get("beta");
		assertThat(alpha.emails).filteredOn(s -> s.startsWith("Auto-recharge: 50.00 USD added"))
			.hasSizeGreaterThanOrEqualTo(3);
		assertThat(alpha.emails).contains("Auto-recharge paused for Alpha Inc",
				"Auto-recharge failed for Alpha Inc: the card visa ending 4242 expired in 2026-06",
				"Communications credits of Alpha Inc reached zero");
		assertThat(beta.emails).containsExactly("25.80 EUR of communications credits of Beta Inc expire within 30 days",
				"18.60 EUR of communications credits of Beta Inc expire within 2 days",
				"18.30 EUR of communications credits expired for Beta Inc",
				"Communications credits of Beta Inc reached zero", "Communications credits of Beta Inc reached zero");
		assertThat(beta.ledger).filteredOn(e -> e.startsWith("EXPIRY")).hasSize(1);
		assertThat(model.carrier).hasSizeGreaterThanOrEqualTo(5);
	}

	// ---- what the hub recorded ----

	List<String> ledger(String org) {
		return jdbc.sql("""
				SELECT e.entry_type, e.amount, e.unfunded_amount, e.reference, e.occurred_at, l.reference AS lot_ref
				FROM ledger_entry e LEFT JOIN lot l ON l.lot_id = e.lot_id WHERE e.org_id = :o ORDER BY e.entry_id""")
			.param("o", org)
			.query((rs, i) -> entry(rs.getString("entry_type"), rs.getBigDecimal("amount"),
					rs.getBigDecimal("unfunded_amount"), rs.getString("reference"), Sql.instant(rs, "occurred_at"),
					rs.getString("lot_ref")))
			.list();
	}

	List<String> lots(String org) {
		return jdbc
			.sql("""
					SELECT reference, source, amount, remaining, purchased_at, expires_at FROM lot WHERE org_id = :o ORDER BY lot_id""")
			.param("o", org)
			.query((rs, i) -> lot(rs.getString("reference"), rs.getString("source"), rs.getBigDecimal("amount"),
					rs.getBigDecimal("remaining"), Sql.instant(rs, "purchased_at"), Sql.instant(rs, "expires_at")))
			.list();
	}

	boolean suspended(String org) {
		return jdbc.sql("SELECT suspended FROM organization WHERE org_id = :o")
			.param("o", org)
			.query(Boolean.class)
			.single();
	}

	List<String> carrierLines() throws Exception {
		try (Stream<Path> files = Files.list(folders.outbox().resolve("carrier"))) {
			List<String> lines = new ArrayList<>();
			for (Path f : files
				.sorted(Comparator
					.comparing(p -> Integer.parseInt(p.getFileName().toString().replaceAll(".*-(\\d+)\\.csv$", "$1"))))
				.toList()) {
				lines.addAll(Files.readAllLines(f).subList(1, Files.readAllLines(f).size()));
			}
			return lines;
		}
	}

	static String entry(String type, BigDecimal amount, BigDecimal unfunded, String reference, Instant at, String lot) {
		return type + " " + plain(amount) + " unfunded " + plain(unfunded) + " ref " + reference + " at " + at + " lot "
				+ lot;
	}

	static String lot(String ref, String source, BigDecimal amount, BigDecimal remaining, Instant purchased,
			Instant expires) {
		return ref + " " + source + " " + plain(amount) + " left " + plain(remaining) + " bought " + purchased
				+ " expires " + expires;
	}

	static String plain(BigDecimal b) {
		return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
	}

	static String money(BigDecimal b, String currency) {
		return b.setScale(2) + " " + currency;
	}

	// ---- the model: DOMAIN rules 1-4 and 8 written again, plainly ----

	static final class MLot {

		final long id;

		final String ref;

		final String source;

		final BigDecimal amount;

		BigDecimal remaining;

		final Instant purchased;

		final Instant expires;

		MLot(long id, String ref, String source, BigDecimal amount, Instant purchased) {
			this.id = id;
			this.ref = ref;
			this.source = source;
			this.amount = amount;
			this.remaining = amount;
			this.purchased = purchased;
			this.expires = Lot.expiryOf(purchased);
		}

	}

	static final class Org {

		String id, name, currency, paymentMethod;

		boolean auto, suspended;

		BigDecimal trigger, rechargeAmount, balance = BigDecimal.ZERO;

		final List<MLot> lots = new ArrayList<>();

		final List<String> ledger = new ArrayList<>();

		final List<String> emails = new ArrayList<>();

		final Set<String> attemptKeys = new HashSet<>();

		final List<Instant> recharges = new ArrayList<>();

		String queued; // attempt key of a queued immediate recharge

		int failures;

		String failuresMethod;

		boolean paused;

		final Set<String> warned = new HashSet<>();

	}

	final class Model {

		final Map<String, Org> orgs = new LinkedHashMap<>();

		final List<String> carrier = new ArrayList<>();

		long lotIds;

		void org(String id, String name, String currency, boolean auto, String trigger, String amount, String pm) {
			Org o = new Org();
			o.id = id;
			o.name = name;
			o.currency = currency;
			o.auto = auto;
			o.trigger = trigger == null ? null : new BigDecimal(trigger);
			o.rechargeAmount = amount == null ? null : new BigDecimal(amount);
			o.paymentMethod = pm;
			orgs.put(id, o);
		}

		List<String> lots(String org) {
			return orgs.get(org).lots.stream()
				.map(l -> lot(l.ref, l.source, l.amount, l.remaining, l.purchased, l.expires))
				.toList();
		}

		void configure(String org, String pm) {
			Org o = orgs.get(org);
			o.paymentMethod = pm;
			o.failures = 0;
			o.failuresMethod = pm;
			o.paused = false;
		}

		void addLot(Org o, String type, BigDecimal amount, Instant at, String ref) {
			MLot lot = new MLot(++lotIds, ref, type, amount, at);
			o.lots.add(lot);
			o.ledger.add(entry(type, amount, BigDecimal.ZERO, ref, at, ref));
			move(o, amount, at, type.toLowerCase());
		}

		void purchase(String org, String amount, Instant at, String ref) {
			addLot(orgs.get(org), "PURCHASE", new BigDecimal(amount), at, ref);
		}

		/**
		 * Balance listeners: suspension, resumption, immediate recharge (DOMAIN rules 4
		 * and 8).
		 */
		void move(Org o, BigDecimal delta, Instant at, String cause) {
			if (delta.signum() == 0) {
				return;
			}
			BigDecimal before = o.balance;
			o.balance = o.balance.add(delta);
			if (before.signum() > 0 && o.balance.signum() <= 0 && !o.suspended) {
				o.suspended = true;
				// Time: when the hub decided (the clock); Call Time: the call that used
				// up the funds (DOMAIN rule 8)
				carrier.add(o.id + "," + clock.instant() + ",SUSPEND,balance reached zero (" + cause + "),"
						+ (cause.equals("usage") ? at : ""));
				o.emails.add("Communications credits of " + o.name + " reached zero");
			}
			else if (o.balance.signum() > 0 && delta.signum() > 0 && o.suspended) {
				o.suspended = false;
				carrier.add(o.id + "," + clock.instant() + ",RESUME,funds added (" + cause + "),");
			}
			if (cause.equals("usage") && o.auto && o.trigger != null && before.compareTo(o.trigger) >= 0
					&& o.balance.compareTo(o.trigger) < 0) {
				String key = "immediate:" + o.lots.stream().mapToLong(l -> l.id).max().orElseThrow();
				if (o.attemptKeys.add(key)) {
					o.queued = key;
				}
			}
		}

		/**
		 * DOMAIN rule 2: earliest expiry first, only lots unexpired at the call's start.
		 */
		void call(String org, String usageId, Instant start, int minutes) {
			Org o = orgs.get(org);
			BigDecimal cost = RATE.multiply(BigDecimal.valueOf(minutes));
			BigDecimal left = cost;
			List<MLot> takes = new ArrayList<>();
			List<MLot> open = o.lots.stream()
				.filter(l -> l.remaining.signum() > 0 && l.expires.isAfter(start))
				.sorted(Comparator.comparing((MLot l) -> l.expires).thenComparingLong(l -> l.id))
				.toList();
			for (MLot l : open) {
				if (left.signum() == 0) {
					break;
				}
				BigDecimal take = l.remaining.min(left);
				l.remaining = l.remaining.subtract(take);
				left = left.subtract(take);
				takes.add(l);
			}
			BigDecimal funded = cost.subtract(left);
			o.ledger.add(entry(left.signum() > 0 ? "UNFUNDED_USAGE" : "USAGE", funded.negate(), left, "call-" + usageId,
					start, takes.size() == 1 ? takes.get(0).ref : null));
			move(o, funded.negate(), start, "usage");
		}

		void runQueued(Instant now, LocalDate today) {
			for (Org o : orgs.values()) {
				if (o.queued == null) {
					continue;
				}
				String key = o.queued;
				o.queued = null;
				String decision = decide(o, now);
				if (decision.equals("CHARGE")) {
					charge(o, key, now);
				}
			}
		}

		void nightly(LocalDate d, Instant now) {
			for (Org o : orgs.values()) {
				String key = "nightly:" + d;
				if (!o.auto || o.trigger == null || o.balance.compareTo(o.trigger) >= 0
						|| o.attemptKeys.contains(key)) {
					continue;
				}
				if (decide(o, now).equals("CHARGE")) {
					o.attemptKeys.add(key);
					charge(o, key, now);
				}
			}
		}

		String decide(Org o, Instant now) {
			if (!o.auto || o.balance.compareTo(o.trigger) >= 0) {
				return "NOT_NEEDED";
			}
			if (o.paused) {
				return "PAUSED";
			}
			long recent = o.recharges.stream().filter(t -> t.isAfter(now.minus(Duration.ofDays(30)))).count();
			return recent >= 5 ? "LIMIT" : "CHARGE";
		}

		/** The simulated gateway's card rule: a card is good through its expiry month. */
		void charge(Org o, String key, Instant now) {
			String[] card = o.paymentMethod.split("-");
			YearMonth validThru = YearMonth.of(Integer.parseInt(card[2]), Integer.parseInt(card[3]));
			if (!YearMonth.from(now.atOffset(ZoneOffset.UTC)).isAfter(validThru)) {
				String ref = "credits-hub:" + o.id + ":" + key;
				addLot(o, "RECHARGE", o.rechargeAmount, now, ref);
				o.recharges.add(now);
				o.failures = 0;
				o.failuresMethod = o.paymentMethod;
				o.paused = false;
				o.emails.add("Auto-recharge: " + money(o.rechargeAmount, o.currency) + " added to " + o.name);
			}
			else {
				o.failures = o.paymentMethod.equals(o.failuresMethod) ? o.failures + 1 : 1;
				o.failuresMethod = o.paymentMethod;
				o.emails
					.add("Auto-recharge failed for " + o.name + ": the card visa ending 4242 expired in " + validThru);
				if (o.failures >= 3 && !o.paused) {
					o.paused = true;
					o.emails.add("Auto-recharge paused for " + o.name);
				}
			}
		}

		/**
		 * DOMAIN rule 3: forfeit at expiry; warn 30 and 2 days before (the smallest
		 * window that applies).
		 */
		void expire(LocalDate d) {
			Instant cutoff = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			for (Org o : orgs.values()) {
				for (MLot l : o.lots) {
					if (l.remaining.signum() > 0 && !l.expires.isAfter(cutoff)) {
						BigDecimal forfeited = l.remaining;
						l.remaining = BigDecimal.ZERO;
						o.ledger.add(entry("EXPIRY", forfeited.negate(), BigDecimal.ZERO,
								"expiry " + d + " of " + l.ref, l.expires, l.ref));
						move(o, forfeited.negate(), l.expires, "expiry");
						o.emails.add(money(forfeited, o.currency) + " of communications credits expired for " + o.name);
					}
				}
			}
			for (Org o : orgs.values()) {
				for (MLot l : o.lots.stream()
					.sorted(Comparator.comparing((MLot x) -> x.expires).thenComparingLong(x -> x.id))
					.toList()) {
					if (l.remaining.signum() <= 0 || !l.expires.isAfter(cutoff)) {
						continue;
					}
					Duration left = Duration.between(cutoff, l.expires);
					Integer window = left.compareTo(Duration.ofDays(2)) <= 0 ? Integer.valueOf(2)
							: left.compareTo(Duration.ofDays(30)) <= 0 ? Integer.valueOf(30) : null;
					if (window != null && o.warned.add(l.id + ":" + window)) {
						o.emails.add(money(l.remaining, o.currency) + " of communications credits of " + o.name
								+ " expire within " + window + " days");
					}
				}
			}
		}

	}

}
