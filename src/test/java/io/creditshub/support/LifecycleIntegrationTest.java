package io.creditshub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.intake.IntakeOutcome;
import io.creditshub.ledger.Reconciler;
import io.creditshub.notify.MailOutbox;
import io.creditshub.batch.PendingWork;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Integration tests of the funds lifecycle: a whole hub with an injected
 * {@link MutableClock}, and fixtures to open accounts and spend from them. Every call
 * rated by the fixture rate table costs 0.06 per started minute (US landline, 60/60).
 */
@Import(TestClockConfiguration.class)
public abstract class LifecycleIntegrationTest extends HubIntegrationTest {

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected Reconciler reconciler;

	@Autowired
	protected PendingWork pendingWork;

	@Autowired
	protected MailOutbox outbox;

	private int files;

	protected void loadRates() {
		drop("rates/rates.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From
						+1,United States,landline,USD,0.06,0,60,60,2020-01-01
						+1,United States,landline,EUR,0.06,0,60,60,2020-01-01
						""");
		assertPosted(drain());
	}

	/**
	 * An organization whose admin is {@code <org>@admins.example}; auto-recharge when
	 * paymentMethod is not null.
	 */
	protected void openAccount(String org, String currency, String trigger, String amount, String paymentMethod) {
		boolean auto = trigger != null;
		drop("accounts/" + org + "-" + (++files) + ".csv", String.join("\n",
				"Organization Id,Name,Currency,Country,Admin Emails,Finance Emails,Auto Recharge,Trigger Amount,Recharge Amount,Payment Method",
				String.join(",", org, org.substring(0, 1).toUpperCase() + org.substring(1) + " Inc", currency, "US",
						admin(org), "", String.valueOf(auto), auto ? trigger : "", auto ? amount : "",
						paymentMethod == null ? "" : paymentMethod))
				+ "\n");
		assertPosted(drain());
	}

	protected static String admin(String org) {
		return org + "@admins.example";
	}

	/** A purchase (funds file) at the current clock time. */
	protected void purchase(String org, String currency, String amount, String reference) {
		drop("funds/" + org + "-" + (++files) + ".csv", "Organization Id,Amount,Currency,Purchased At,Order Reference\n"
				+ String.join(",", org, amount, currency, clock.instant().toString(), reference) + "\n");
		assertPosted(drain());
	}

	/**
	 * One outbound US call of {@code minutes} started a minute ago: costs 0.06 x minutes.
	 */
	protected void call(String org, String usageId, int minutes) {
		String start = clock.instant().minus(Duration.ofMinutes(minutes + 1L)).toString();
		drop("cdr/" + org + "/calls-" + (++files) + ".csv",
				teamsExport(usageId + ",user_out,+12065550100," + start + "," + (minutes * 60)));
		assertPosted(drain());
	}

	protected static void assertPosted(List<IntakeOutcome> outcomes) {
		assertThat(outcomes).allSatisfy(o -> {
			assertThat(o.status()).as(o.fileName() + ": " + o.detail()).isEqualTo(IntakeOutcome.Status.POSTED);
			assertThat(o.rejected()).as(o.fileName() + ": " + o.detail()).isZero();
		});
	}

	/** DOMAIN rule 9, checked after every test step that moves money. */
	protected void assertBooksBalance() {
		assertThat(reconciler.check()).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
	}

}
