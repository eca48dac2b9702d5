package io.creditshub.recharge;

import io.creditshub.config.LifecycleProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Chooses the payment gateway: credits.payment.gateway = simulated (default) or http. */
@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

	@Bean
	PaymentGateway paymentGateway(LifecycleProperties properties, JdbcClient jdbc, Clock clock) {
		return switch (properties.getPayment().getGateway()) {
			case "simulated" -> new SimulatedPaymentGateway(jdbc, clock, properties.getPayment().getSimulated());
			case "http" -> new HttpPaymentGateway(properties.getPayment().getHttp());
			default -> throw new IllegalStateException(
					"credits.payment.gateway must be simulated or http, not " + properties.getPayment().getGateway());
		};
	}

}
