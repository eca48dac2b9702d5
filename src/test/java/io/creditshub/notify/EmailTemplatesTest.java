package io.creditshub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditshub.notify.EmailTemplates.Account;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin emails: subject, plain text and HTML with the same facts, escaping, amounts
 * at the minor unit.
 */
class EmailTemplatesTest {

	static final Account CONTOSO = new Account("contoso", "Contoso Ltd", "USD", List.of("it-admin@contoso.com"));

	static final ZoneId UTC = ZoneId.of("UTC");

	@Test
	void rechargeSucceededShowsAmountNewBalanceAndExpiry() {
		Email e = EmailTemplates.rechargeSucceeded(CONTOSO, "k", new BigDecimal("50.000000000"),
				"card:visa-4242-2027-08", new BigDecimal("58.2"), Instant.parse("2027-11-26T02:00:00Z"),
				"credits-hub:contoso:nightly:2026-11-25", UTC);
		assertThat(e.kind()).isEqualTo(EmailKind.RECHARGE_SUCCEEDED);
		assertThat(e.subject()).isEqualTo("Auto-recharge: 50.00 USD added to Contoso Ltd");
		assertThat(e.recipients()).containsExactly("it-admin@contoso.com");
		assertThat(e.text()).isEqualTo("""
				Hello,

				Auto-recharge added 50.00 USD to the communications credits of Contoso Ltd.

				  Amount charged:     50.00 USD
				  Payment method:     card:visa…-08
				  New balance:        58.20 USD
				  These funds expire: 2027-11-26 02:00 UTC
				  Reference:          credits-hub:contoso:nightly:2026-11-25

				What to do
				  - Nothing to do. The funds are available now; they expire 12 months after purchase.

				--\s
				credits-hub, prepaid communications credits
				You receive this email as an administrator of Contoso Ltd (contoso).
				""");
		assertThat(e.html()).contains("<title>Auto-recharge: 50.00 USD added to Contoso Ltd</title>",
				"<th style=\"text-align:left;padding:2px 12px 2px 0\">New balance</th><td>58.20 USD</td>",
				"<li>Nothing to do.");
	}

	@Nested
	class RechargeFailed {

		Email failed(String code, String reason, int failures, boolean paused) {
			return EmailTemplates.rechargeFailed(CONTOSO, "k", new BigDecimal("50"), "card:visa-4242-2025-08",
					new BigDecimal("3.10"), new BigDecimal("10"), code, reason, failures, 3, paused);
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				CARD_EXPIRED           | The card on file has expired: update the payment method
				DECLINED               | The payment was declined
				TIMEOUT                | so the account is never charged twice
				NO_PAYMENT_METHOD      | no payment method is set: set a payment method, or turn auto-recharge off
				INVALID_PAYMENT_METHOD | The payment method is not usable
				GATEWAY_ERROR          | the next attempt re-uses the same payment reference
				""")
		void saysWhatToDoForEachReason(String code, String advice) {
			Email e = failed(code, "reason " + code, 1, false);
			assertThat(e.text()).contains(advice, "Reason:               reason " + code,
					"Consecutive failures: 1 of 3", "tries again the next night");
			assertThat(e.html()).contains(EmailTemplates.esc(advice));
		}

		@Test
		void thePausingFailureSaysSo() {
			assertThat(failed("DECLINED", "declined", 3, true).text())
				.contains("Auto-recharge is now paused for this account")
				.doesNotContain("tries again the next night");
		}

		@Test
		void aMissingPaymentMethodIsShownAsSuch() {
			Email e = EmailTemplates.rechargeFailed(CONTOSO, "k", new BigDecimal("50"), null, BigDecimal.ZERO,
					new BigDecimal("10"), "NO_PAYMENT_METHOD", "no payment method", 1, 3, false);
			assertThat(e.text()).contains("Payment method:       (none set)");
		}

	}

	@Test
	void expiringAndExpiredNameTheLotAndTheAmount() {
		Email soon = EmailTemplates.fundsExpiring(CONTOSO, "k", 2, "PO-2024-0415", new BigDecimal("2.37"),
				Instant.parse("2025-04-15T09:30:00Z"), ZoneId.of("Europe/Paris"));
		assertThat(soon.subject()).isEqualTo("2.37 USD of communications credits of Contoso Ltd expire within 2 days");
		assertThat(soon.text()).contains("Expires:   2025-04-15 11:30 Europe/Paris");
		Email gone = EmailTemplates.fundsExpired(CONTOSO, "k", "PO-2024-0415", new BigDecimal("2.37"),
				Instant.parse("2024-04-15T09:30:00Z"), Instant.parse("2025-04-15T09:30:00Z"), new BigDecimal("100"),
				UTC);
		assertThat(gone.subject()).isEqualTo("2.37 USD of communications credits expired for Contoso Ltd");
		assertThat(gone.text()).contains("Amount forfeited: 2.37 USD", "Balance now:      100.00 USD");
	}

	@Test
	void theHtmlIsEscaped() {
		Account tricky = new Account("x", "Tom & Jerry <Cartoons> \"Ltd\"", "EUR", List.of());
		Email e = EmailTemplates.zeroBalance(tricky, "k", Instant.parse("2026-01-01T00:00:00Z"), false, UTC);
		assertThat(e.html()).contains("Tom &amp; Jerry &lt;Cartoons&gt; &quot;Ltd&quot;").doesNotContain("<Cartoons>");
		assertThat(e.text()).contains("Tom & Jerry <Cartoons> \"Ltd\"");
		assertThat(e.recipients()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "12.5,EUR,12.50 EUR", "1000,JPY,1000 JPY", "1.5,BHD,1.500 BHD", "0.125,USD,0.125 USD",
			"0E-9,USD,0.00 USD" })
	void amountsAreShownAtTheMinorUnitWithoutRounding(String amount, String currency, String shown) {
		assertThat(EmailAmounts.format(new BigDecimal(amount), currency)).isEqualTo(shown);
	}

}
