package io.creditshub.ledger;

import io.creditshub.calls.UsageKeys;
import io.creditshub.persistence.Database;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.creditshub.accounts.Organization;
import io.creditshub.accounts.OrganizationRepository;
import io.creditshub.funds.FundsService;
import io.creditshub.funds.LotRepository;
import io.creditshub.funds.UsageCharge;
import io.creditshub.persistence.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DOMAIN rules 1, 2, 8, 9 and 10 as properties of the real {@link FundsService},
 * {@link LotRepository}, {@link LedgerRepository} and {@link OrganizationRepository} on a
 * real (in-memory) H2 database with the Flyway schema, one fresh database per try (see
 * {@link #FLYWAY_PER_TRY}). Random sequences of purchases and batches of calls are
 * checked step by step against a simple in-test model of the lots:
 * <ul>
 * <li>Σ ledger amounts = organization balance = Σ lot remaining, and
 * {@link Reconciler#check()} finds no problem;</li>
 * <li>each call is paid earliest-expiry-first from the lots unexpired at its start
 * ({@code expiresAt > start}), as read back from {@code ledger_entry.lot_id} /
 * {@code lot_allocation};</li>
 * <li>funded + unfunded = charge for every call;</li>
 * <li>posting a usage id a second time fails with {@link DuplicateKeyException} and
 * changes nothing.</li>
 * </ul>
 */
class LedgerPropertiesTest {

	private static final String ORG = "acme";

	private static final String CURRENCY = "USD";

	private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

	private static final long DAY = 86_400;

	private static final String[] QUIET = { "org.flywaydb", "org.springframework", "com.zaxxer" };

	@BeforeContainer
	static void quietLogs() {
		// without a logback configuration on the test class path logback logs everything
		// at DEBUG
		for (String name : QUIET) {
			logger(name).setLevel(Level.WARN);
		}
	}

	@AfterContainer
	static void restoreLogs() {
		for (String name : QUIET) {
			logger(name).setLevel(null);
		}
	}

	private static ch.qos.logback.classic.Logger logger(String name) {
		return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name);
	}

	// ------------------------------------------------------------------ the scenario

	/** One step of a scenario. */
	sealed interface Step permits Purchase, Usage, Repost {

	}

	/** A purchase of {@code amount} at EPOCH + {@code atSecond}. */
	record Purchase(BigDecimal amount, long atSecond) implements Step {
	}

	/** One batch of calls posted by one {@code charge} call, with a JDBC batch size. */
	record Usage(List<Call> calls, int batchSize) implements Step {
	}

	/**
	 * A call starting at EPOCH + {@code atSecond}, or, when {@code anchor >= 0} and lots
	 * exist, at the expiry of lot number {@code anchor % lots} plus {@code delta} seconds
	 * (the boundary cases).
	 */
	record Call(long atSecond, BigDecimal charge, int anchor, int delta) {
	}

	/**
	 * Posts a usage id that was already posted again (optionally beside a new call in the
	 * same batch).
	 */
	record Repost(int pick, BigDecimal charge, boolean withFreshCall) implements Step {
	}

	@Provide
	Arbitrary<List<Step>> scenarios() {
		Arbitrary<Long> purchaseTime = Arbitraries.frequencyOf(
				// whole days: several lots with the same expiry (ties go to the older lot
				// id)
				Tuple.of(1, Arbitraries.longs().between(0, 730).map(d -> d * DAY)),
				Tuple.of(3, Arbitraries.longs().between(0, 730 * DAY - 1)));
		Arbitrary<Step> purchase = Combinators
			.combine(Arbitraries
				.frequencyOf(Tuple.of(2, Arbitraries.longs().between(1, 2_000)),
						Tuple.of(1, Arbitraries.longs().between(1, 50_000)))
				.map(cents -> BigDecimal.valueOf(cents, 2)), purchaseTime)
			.as((amount, at) -> new Purchase(amount, at));
		Arbitrary<Integer> anchor = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(-1)),
				Tuple.of(1, Arbitraries.integers().between(0, 30)));
		Arbitrary<Call> call = Combinators
			.combine(Arbitraries.longs().between(0, 800 * DAY), charges(), anchor, Arbitraries.of(-1, 0, 1))
			.as(Call::new);
		Arbitrary<Step> usage = Combinators
			.combine(call.list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(1, 3))
			.as((calls, batch) -> new Usage(calls, batch));
		Arbitrary<Step> repost = Combinators.combine(Arbitraries.integers().between(0, 1000),
				Arbitraries.longs().between(1, 100_000).map(c -> BigDecimal.valueOf(c, 3)), Arbitraries.of(true, false))
			.as((pick, charge, fresh) -> new Repost(pick, charge, fresh));
		Arbitrary<List<Step>> steps = Arbitraries
			.frequencyOf(Tuple.of(4, purchase), Tuple.of(6, usage), Tuple.of(1, repost))
			.list()
			.ofMinSize(1)
			.ofMaxSize(25);
		// mostly some funds first (calls before any purchase are all unfunded, covered
		// too)
		Arbitrary<List<Step>> opening = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.<Step>of())),
				Tuple.of(5, purchase.list().ofMinSize(1).ofMaxSize(3)));
		return Combinators.combine(opening, steps).as((first, rest) -> {
			List<Step> all = new ArrayList<>(first);
			all.addAll(rest);
			return all;
		});
	}

	/** Charges with 2 to 4 decimals: zero, small, and some larger than any balance. */
	private static Arbitrary<BigDecimal> charges() {
		Arbitrary<BigDecimal> zero = Arbitraries.integers().between(2, 4).map(scale -> BigDecimal.valueOf(0, scale));
		return Arbitraries.frequencyOf(Tuple.of(1, zero), Tuple.of(12, decimals(5)), Tuple.of(1, decimals(300)));
	}

	private static Arbitrary<BigDecimal> decimals(long max) {
		return Arbitraries.integers()
			.between(2, 4)
			.flatMap(scale -> Arbitraries.longs()
				.between(0, max * (long) Math.pow(10, scale))
				.map(unscaled -> BigDecimal.valueOf(unscaled, scale)));
	}

	// ------------------------------------------------------------------ the property

	@Property(tries = 200)
	void ledgerBalanceAndLotsAgreeAndCallsPayEarliestExpiryFirst(@ForAll("scenarios") List<Step> steps)
			throws SQLException {
		String url = "jdbc:h2:mem:" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
		JdbcDataSource ds = new JdbcDataSource();
		ds.setURL(url);
		ds.setUser("sa");
		ds.setPassword("");
		// an in-memory H2 database lives as long as one connection to it is open: this
		// one, for the try
		try (Connection keepAlive = ds.getConnection()) {
			if (FLYWAY_PER_TRY) {
				migrate(ds);
			}
			else {
				try (Statement statement = keepAlive.createStatement()) {
					for (String sql : schemaScript()) {
						statement.execute(sql);
					}
				}
			}
			// the hub works on that one connection (one H2 session: its statement cache
			// stays warm)
			new Hub(new SingleConnectionDataSource(keepAlive, true)).run(steps);
		}
	}

	// ------------------------------------------------------------------ the schema

	/**
	 * With {@code -Dcredits.test.flywayPerTry=true} Flyway migrates every try's database
	 * itself. By default Flyway migrates one template database once, and every try's
	 * fresh database is created from H2's {@code SCRIPT} of it (the same tables, indexes,
	 * constraints and flyway_schema_history): Flyway costs some 50 ms a database with the
	 * current migrations (10+ s for 200 tries), replaying the script a few ms.
	 */
	private static final boolean FLYWAY_PER_TRY = Boolean.getBoolean("credits.test.flywayPerTry");

	private static List<String> schemaScript;

	private static void migrate(DataSource ds) {
		Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
	}

	private static synchronized List<String> schemaScript() throws SQLException {
		if (schemaScript == null) {
			JdbcDataSource template = new JdbcDataSource();
			template.setURL("jdbc:h2:mem:template-" + UUID.randomUUID()
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
			template.setUser("sa");
			template.setPassword("");
			try (Connection keepAlive = template.getConnection()) {
				migrate(template);
				List<String> script = new ArrayList<>();
				try (Statement statement = keepAlive.createStatement();
						ResultSet rs = statement.executeQuery("SCRIPT NOPASSWORDS NOSETTINGS")) {
					while (rs.next()) {
						script.add(rs.getString(1));
					}
				}
				schemaScript = List.copyOf(script);
			}
		}
		return schemaScript;
	}

	/**
	 * The real services on one database, and the in-test model they are checked against.
	 */
	private static final class Hub {

		private final JdbcClient jdbc;

		private final TransactionTemplate tx;

		private final FundsService funds;

		private final OrganizationRepository organizations;

		private final LotRepository lotRepository;

		private final LedgerRepository ledger;

		private final Reconciler reconciler;

		/** The model: every lot ever bought, in purchase order. */
		private final List<ModelLot> lots = new ArrayList<>();

		/** Usage ids posted with a positive charge, in order. */
		private final List<String> posted = new ArrayList<>();

		private BigDecimal modelBalance = BigDecimal.ZERO;

		/** What the BalanceListener was told during the current step. */
		private final List<Move> moves = new ArrayList<>();

		private int nextCall = 1;

		Hub(DataSource ds) {
			JdbcTemplate jdbcTemplate = new JdbcTemplate(ds);
			this.jdbc = JdbcClient.create(jdbcTemplate);
			this.tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
			Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
			this.organizations = new OrganizationRepository(jdbc, clock);
			this.lotRepository = new LotRepository(jdbc, jdbcTemplate, clock);
			this.ledger = new LedgerRepository(jdbcTemplate, jdbc, clock, database(ds, jdbcTemplate), ds);
			this.funds = new FundsService(lotRepository, ledger, organizations,
					List.of((org, before, after, cause, at) -> moves.add(new Move(before, after, cause))),
					new BookPeriods(jdbc), clock);
			this.reconciler = new Reconciler(jdbc);
			tx.executeWithoutResult(s -> organizations.upsert(new Organization(ORG, "Acme Inc", CURRENCY, "US",
					List.of("admin@acme.example"), List.of(), false, null, null, null, BigDecimal.ZERO, false)));
		}

		private static Database database(DataSource ds, JdbcTemplate jdbcTemplate) {
			try {
				return new Database(ds, jdbcTemplate);
			}
			catch (java.sql.SQLException e) {
				throw new IllegalStateException(e);
			}
		}

		void run(List<Step> steps) {
			checkBooks();
			for (Step step : steps) {
				BigDecimal balanceBefore = modelBalance;
				moves.clear();
				if (step instanceof Purchase p) {
					purchase(p);
				}
				else if (step instanceof Usage u) {
					usage(u);
				}
				else if (step instanceof Repost r) {
					repost(r);
				}
				checkBooks();
				checkListener(step, balanceBefore);
			}
		}

		// ---------------------------------------------------------------- steps

		private void purchase(Purchase p) {
			Instant at = EPOCH.plusSeconds(p.atSecond());
			String reference = "PO-" + (lots.size() + 1);
			long lotId = tx
				.execute(s -> funds.addLot(ORG, EntryType.PURCHASE, p.amount(), CURRENCY, at, reference, null, null));
			// DOMAIN rule 1, worked out independently of Lot.expiryOf: the same instant
			// one calendar year later
			Instant expires = at.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
			assertThat(lots).noneMatch(l -> l.id == lotId);
			lots.add(new ModelLot(lotId, expires, p.amount()));
			modelBalance = modelBalance.add(p.amount());
			Instant stored = jdbc.sql("SELECT expires_at FROM lot WHERE lot_id = :id")
				.param("id", lotId)
				.query((rs, i) -> Sql.instant(rs, "expires_at"))
				.single();
			assertThat(stored).as("expiry of lot %d bought %s", lotId, at).isEqualTo(expires);
			List<Object[]> entries = jdbc
				.sql("SELECT entry_type, amount, reference FROM ledger_entry WHERE org_id = :org AND lot_id = :lot")
				.param("org", ORG)
				.param("lot", lotId)
				.query((rs,
						i) -> new Object[] { rs.getString("entry_type"), rs.getBigDecimal("amount"),
								rs.getString("reference") })
				.list();
			assertThat(entries).as("the purchase entry of lot %d", lotId).hasSize(1);
			assertThat(entries.get(0)[0]).isEqualTo(EntryType.PURCHASE.name());
			assertThat((BigDecimal) entries.get(0)[1]).isEqualByComparingTo(p.amount());
			assertThat(entries.get(0)[2]).isEqualTo(reference);
		}

		private void usage(Usage u) {
			List<UsageCharge> calls = new ArrayList<>();
			int line = 1;
			for (Call c : u.calls()) {
				Instant start = EPOCH.plusSeconds(c.atSecond());
				if (c.anchor() >= 0 && !lots.isEmpty()) {
					start = lots.get(c.anchor() % lots.size()).expiresAt.plusSeconds(c.delta());
				}
				int n = nextCall++;
				calls.add(UsageCharge.credits("usage-" + n, n, "call-" + n, start, line++, c.charge()));
			}
			FundsService.ChargeTotals totals = tx.execute(s -> {
				calls.forEach(this::record);
				return funds.charge(ORG, CURRENCY, calls, null, u.batchSize());
			});

			// the model pays the calls in start-time order (then line) from the lots
			// unexpired at call start
			List<UsageCharge> ordered = new ArrayList<>(calls);
			ordered.sort(Comparator.comparing(UsageCharge::startedAt).thenComparingInt(UsageCharge::line));
			BigDecimal funded = BigDecimal.ZERO, unfunded = BigDecimal.ZERO;
			int unfundedCalls = 0;
			for (UsageCharge call : ordered) {
				List<Entry> entries = entriesOf(call.usageId());
				Map<Long, BigDecimal> actual = takesOf(call.usageId(), entries);
				if (call.creditsDue().signum() == 0) {
					assertThat(entries).as("a zero charge posts nothing (%s)", call).isEmpty();
					assertThat(actual).isEmpty();
					continue;
				}
				assertThat(entries).as("one usage entry for %s", call).hasSize(1);
				Entry entry = entries.get(0);
				BigDecimal callFunded = entry.amount().negate();
				BigDecimal callUnfunded = entry.unfundedAmount();

				assertEarliestExpiryFirst(call, actual);
				Map<Long, BigDecimal> expected = modelAllocate(call.startedAt(), call.creditsDue());
				assertSameTakes(call, actual, expected);

				// funded + unfunded = charge; funded = what the lots gave
				assertThat(callFunded.add(callUnfunded)).as("funded + unfunded of %s", call)
					.isEqualByComparingTo(call.creditsDue());
				assertThat(sum(actual)).as("takes of %s", call).isEqualByComparingTo(callFunded);
				assertThat(callFunded.signum()).isGreaterThanOrEqualTo(0);
				assertThat(callUnfunded.signum()).isGreaterThanOrEqualTo(0);
				boolean partial = callUnfunded.signum() > 0;
				assertThat(entry.type()).isEqualTo(partial ? EntryType.UNFUNDED_USAGE : EntryType.USAGE);
				assertThat(entry.unfundedReason()).isEqualTo(!partial ? null : callFunded.signum() > 0
						? FundsService.ranOut(callFunded, callUnfunded) : FundsService.NO_FUNDS);
				assertThat(entry.occurredAt()).isEqualTo(call.startedAt());
				assertThat(entry.reference()).isEqualTo(call.callId());
				if (partial) {
					// unfunded only when every lot unexpired at call start is empty
					assertThat(lots).filteredOn(l -> l.expiresAt.isAfter(call.startedAt()))
						.allSatisfy(l -> assertThat(l.remaining.signum()).as("lot %d", l.id).isZero());
				}
				funded = funded.add(callFunded);
				unfunded = partial ? unfunded.add(callUnfunded) : unfunded;
				unfundedCalls += partial ? 1 : 0;
				modelBalance = modelBalance.subtract(callFunded);
				posted.add(call.usageId());
			}
			assertThat(totals.funded()).isEqualByComparingTo(funded);
			assertThat(totals.unfunded()).isEqualByComparingTo(unfunded);
			assertThat(totals.unfundedCalls()).isEqualTo(unfundedCalls);
		}

		private void repost(Repost r) {
			if (posted.isEmpty()) {
				return;
			}
			String usageId = posted.get(r.pick() % posted.size());
			List<UsageCharge> calls = new ArrayList<>();
			if (r.withFreshCall()) {
				int n = nextCall++;
				calls.add(UsageCharge.credits("usage-" + n, n, "call-" + n, EPOCH.plus(Duration.ofDays(400)), 1,
						BigDecimal.ONE));
			}
			calls.add(UsageCharge.credits(usageId, nextCall++, "call-again", EPOCH.plus(Duration.ofDays(300)), 2,
					r.charge()));
			Snapshot before = snapshot();

			// DOMAIN rule 10, issue 14: the one key per call is call_record's (org_id,
			// usage_key); a usage entry is only
			// posted in the transaction that recorded its call, so the refused call takes
			// its entries with it
			assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
				calls.forEach(this::record);
				funds.charge(ORG, CURRENCY, calls, null, 2);
			})).as("posting %s a second time", usageId).isInstanceOf(DuplicateKeyException.class);

			assertThat(snapshot()).as("nothing changed after the refused repost of %s", usageId).isEqualTo(before);
		}

		/**
		 * Records the call as the intake does before paying it (the columns the schema
		 * requires).
		 */
		private void record(UsageCharge c) {
			jdbc.sql(
					"""
							INSERT INTO call_record (call_no, usage_key, org_id, usage_text, call_id, file_id, line_no, call_type,
							  started_at, ended_at, duration_seconds, rating_status, billed_seconds, charge, currency)
							VALUES (:no, :key, :org, :text, :call, 0, :line, 'user_out', :at, :at, 60, 'CHARGEABLE', 60, :charge, :cur)""")
				.param("no", c.callNo())
				.param("key", UsageKeys.key(ORG, c.usageId()))
				.param("org", ORG)
				.param("text", UsageKeys.text(c.usageId()))
				.param("call", c.callId())
				.param("line", c.line())
				.param("at", Sql.ts(c.startedAt()))
				.param("charge", c.creditsDue())
				.param("cur", CURRENCY)
				.update();
		}

		/** The number of the call "usage-n" (n). */
		private static long callNo(String usageId) {
			return Long.parseLong(usageId.substring("usage-".length()));
		}

		// ---------------------------------------------------------------- the model

		/**
		 * Earliest expiry first (ties: lower lot id), only lots with
		 * {@code expiresAt > start}.
		 */
		private Map<Long, BigDecimal> modelAllocate(Instant start, BigDecimal amount) {
			List<ModelLot> order = new ArrayList<>(lots);
			order.sort(Comparator.comparing((ModelLot l) -> l.expiresAt).thenComparingLong(l -> l.id));
			Map<Long, BigDecimal> takes = new LinkedHashMap<>();
			BigDecimal left = amount;
			for (ModelLot lot : order) {
				if (left.signum() == 0) {
					break;
				}
				if (!lot.expiresAt.isAfter(start) || lot.remaining.signum() == 0) {
					continue;
				}
				BigDecimal take = lot.remaining.min(left);
				lot.remaining = lot.remaining.subtract(take);
				left = left.subtract(take);
				takes.put(lot.id, take);
			}
			return takes;
		}

		/**
		 * The rule itself, on what the database says the call took, against the model's
		 * lots BEFORE the call: no lot pays that was expired at call start, none pays
		 * more than it had, and no lot that expires later pays while an earlier-expiring
		 * lot unexpired at call start would still have money after this call.
		 */
		private void assertEarliestExpiryFirst(UsageCharge call, Map<Long, BigDecimal> actual) {
			Map<Long, BigDecimal> after = new LinkedHashMap<>();
			for (ModelLot l : lots) {
				after.put(l.id, l.remaining.subtract(actual.getOrDefault(l.id, BigDecimal.ZERO)));
			}
			actual.forEach((lotId, amount) -> {
				ModelLot paying = lot(lotId);
				assertThat(amount.signum()).as("take from lot %d for %s", lotId, call).isPositive();
				assertThat(paying.expiresAt).as("lot %d paying %s must be unexpired at call start", lotId, call)
					.isAfter(call.startedAt());
				assertThat(after.get(lotId).signum()).as("lot %d cannot give more than it had", lotId)
					.isGreaterThanOrEqualTo(0);
				for (ModelLot earlier : lots) {
					boolean expiresBefore = earlier.expiresAt.isBefore(paying.expiresAt)
							|| earlier.expiresAt.equals(paying.expiresAt) && earlier.id < paying.id;
					if (expiresBefore && earlier.expiresAt.isAfter(call.startedAt())) {
						assertThat(after.get(earlier.id).signum())
							.as("%s took from lot %d (expires %s) while lot %d (expires %s) still had money", call,
									lotId, paying.expiresAt, earlier.id, earlier.expiresAt)
							.isZero();
					}
				}
			});
		}

		private static void assertSameTakes(UsageCharge call, Map<Long, BigDecimal> actual,
				Map<Long, BigDecimal> expected) {
			assertThat(actual.keySet()).as("lots that paid %s", call).isEqualTo(expected.keySet());
			expected
				.forEach((lotId, amount) -> assertThat(actual.get(lotId)).as("amount lot %d paid for %s", lotId, call)
					.isEqualByComparingTo(amount));
		}

		private ModelLot lot(long id) {
			return lots.stream()
				.filter(l -> l.id == id)
				.findFirst()
				.orElseThrow(() -> new AssertionError("unknown lot " + id));
		}

		// ---------------------------------------------------------------- the books

		/** DOMAIN rule 9 after every step, plus the model's view of every lot. */
		private void checkBooks() {
			BigDecimal ledgerSum = ledger.sum(ORG);
			BigDecimal balance = organizations.find(ORG).orElseThrow().balance();
			BigDecimal lotSum = lotRepository.sumRemaining(ORG);
			assertThat(ledgerSum).as("Σ ledger = balance").isEqualByComparingTo(balance);
			assertThat(balance).as("balance = Σ lot remaining").isEqualByComparingTo(lotSum);
			assertThat(balance).as("balance = model").isEqualByComparingTo(modelBalance);

			List<Reconciler.OrgCheck> checks = reconciler.check();
			assertThat(checks).hasSize(1);
			assertThat(checks.get(0).lotProblems()).isEmpty();
			assertThat(checks.get(0).ok()).as("reconciler: %s", checks.get(0)).isTrue();

			Map<Long, BigDecimal> stored = new LinkedHashMap<>();
			lotRepository.all(ORG).forEach(l -> stored.put(l.lotId(), l.remaining()));
			assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(lots.stream().map(l -> l.id).toList());
			for (ModelLot l : lots) {
				assertThat(stored.get(l.id)).as("remaining of lot %d", l.id).isEqualByComparingTo(l.remaining);
			}
		}

		/**
		 * The BalanceListener is told about every balance change of a step (inside its
		 * transaction): each move starts where the previous one ended, moves the balance,
		 * has the step's cause, and together they end at the balance after the step. A
		 * step that moves nothing (a zero or wholly unfunded batch, a refused repost)
		 * tells nothing.
		 */
		private void checkListener(Step step, BigDecimal balanceBefore) {
			BigDecimal at = balanceBefore;
			for (Move m : moves) {
				assertThat(m.cause()).as("cause of %s", m)
					.isEqualTo(step instanceof Purchase ? EntryType.PURCHASE : EntryType.USAGE);
				assertThat(m.before()).as("move %s starts where the balance was", m).isEqualByComparingTo(at);
				assertThat(m.after().compareTo(m.before())).as("a move moves: %s", m).isNotZero();
				at = m.after();
			}
			assertThat(at).as("the moves add up to the balance after the step").isEqualByComparingTo(modelBalance);
		}

		/** What the database says a call took from each lot. */
		private Map<Long, BigDecimal> takesOf(String usageId, List<Entry> entries) {
			Map<Long, BigDecimal> takes = new LinkedHashMap<>();
			for (Entry e : entries) {
				if (e.lotId() != null) {
					takes.merge(e.lotId(), e.amount().negate(), BigDecimal::add);
				}
			}
			List<Object[]> splits = jdbc
				.sql("SELECT lot_id, amount FROM lot_allocation WHERE org_id = :org AND call_no = :u ORDER BY lot_id")
				.param("org", ORG)
				.param("u", callNo(usageId))
				.query((rs, i) -> new Object[] { rs.getLong("lot_id"), rs.getBigDecimal("amount") })
				.list();
			if (!splits.isEmpty()) {
				assertThat(takes).as("a split call (%s) names no lot on its entry", usageId).isEmpty();
				assertThat(splits).as("a split call takes from at least two lots").hasSizeGreaterThan(1);
			}
			for (Object[] s : splits) {
				takes.merge((Long) s[0], (BigDecimal) s[1], BigDecimal::add);
			}
			return takes;
		}

		private List<Entry> entriesOf(String usageId) {
			return jdbc.sql("""
					SELECT entry_type, amount, unfunded_amount, unfunded_reason, lot_id, reference, occurred_at
					FROM ledger_entry WHERE org_id = :org AND call_no = :u ORDER BY entry_id""")
				.param("org", ORG)
				.param("u", callNo(usageId))
				.query((rs, i) -> new Entry(EntryType.valueOf(rs.getString("entry_type")), rs.getBigDecimal("amount"),
						rs.getBigDecimal("unfunded_amount"), rs.getString("unfunded_reason"),
						rs.getObject("lot_id", Long.class), rs.getString("reference"), Sql.instant(rs, "occurred_at")))
				.list();
		}

		private Snapshot snapshot() {
			List<String> remaining = new ArrayList<>();
			lotRepository.all(ORG)
				.forEach(l -> remaining.add(l.lotId() + "=" + l.remaining().stripTrailingZeros().toPlainString()));
			return new Snapshot(jdbc.sql("SELECT COUNT(*) FROM ledger_entry").query(Long.class).single(),
					jdbc.sql("SELECT COUNT(*) FROM lot_allocation").query(Long.class).single(),
					ledger.sum(ORG).stripTrailingZeros().toPlainString(),
					organizations.find(ORG).orElseThrow().balance().stripTrailingZeros().toPlainString(), remaining);
		}

		private static BigDecimal sum(Map<Long, BigDecimal> takes) {
			return takes.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		}

	}

	/** The columns of a usage entry this test reads. */
	private record Entry(EntryType type, BigDecimal amount, BigDecimal unfundedAmount, String unfundedReason,
			Long lotId, String reference, Instant occurredAt) {
	}

	private record Move(BigDecimal before, BigDecimal after, EntryType cause) {
	}

	private record Snapshot(long entries, long allocations, String ledgerSum, String balance, List<String> lots) {
	}

	private static final class ModelLot {

		final long id;

		final Instant expiresAt;

		BigDecimal remaining;

		ModelLot(long id, Instant expiresAt, BigDecimal remaining) {
			this.id = id;
			this.expiresAt = Objects.requireNonNull(expiresAt);
			this.remaining = remaining;
		}

	}

}
