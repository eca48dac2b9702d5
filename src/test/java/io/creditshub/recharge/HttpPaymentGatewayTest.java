package io.creditshub.recharge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditshub.config.LifecycleProperties;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How the HTTP adapter reads a provider's answers, and writes amounts. */
class HttpPaymentGatewayTest {

	static HttpPaymentGateway gateway() {
		LifecycleProperties.Payment.Http config = new LifecycleProperties.Payment.Http();
		config.setUrl("http://127.0.0.1:9/charges");
		return new HttpPaymentGateway(config);
	}

	@ParameterizedTest(name = "[{index}] HTTP {0} {1} -> {2} {3}")
	@CsvSource(delimiter = '|', textBlock = """
			200 | {"status":"approved","reference":"ch_1"}                         | APPROVED | APPROVED
			201 | {"status":"APPROVED","reference":"ch_2"}                         | APPROVED | APPROVED
			200 | {"status":"declined","code":"card_expired","message":"expired"}  | DECLINED | CARD_EXPIRED
			402 | {"status":"declined","code":"insufficient_funds"}                | DECLINED | INSUFFICIENT_FUNDS
			402 | {"status":"declined"}                                            | DECLINED | DECLINED
			400 | {"message":"amount missing"}                                     | DECLINED | INVALID_REQUEST
			401 | ''                                                               | DECLINED | INVALID_REQUEST
			500 | {"status":"approved"}                                            | UNKNOWN  | GATEWAY_ERROR
			503 | ''                                                               | UNKNOWN  | GATEWAY_ERROR
			200 | not json                                                         | UNKNOWN  | GATEWAY_ERROR
			200 | {"status":"pending"}                                             | UNKNOWN  | GATEWAY_ERROR
			302 | ''                                                               | UNKNOWN  | GATEWAY_ERROR
			""")
	void answers(int status, String body, ChargeResult.Status outcome, String code) {
		ChargeResult r = gateway().read(status, body);
		assertThat(r.status()).isEqualTo(outcome);
		assertThat(r.code()).isEqualTo(code);
	}

	@ParameterizedTest
	@CsvSource({ "50.000000000,USD,50.00", "50,USD,50.00", "1000,JPY,1000", "1.5,BHD,1.500", "0.125000000,USD,0.125" })
	void amountsAreWrittenAtTheCurrencysMinorUnit(String amount, String currency, String expected) {
		assertThat(HttpPaymentGateway.plain(new BigDecimal(amount), currency)).isEqualTo(expected);
	}

	@Test
	void aUrlIsRequired() {
		assertThatThrownBy(() -> new HttpPaymentGateway(new LifecycleProperties.Payment.Http()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("credits.payment.http.url");
	}

}
