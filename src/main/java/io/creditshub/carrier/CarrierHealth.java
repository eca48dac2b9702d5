package io.creditshub.carrier;

import io.creditshub.system.HubStateHealthIndicator;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health of the carriers' SFTP connections (health component {@code carriers}). */
@Configuration(proxyBeanMethods = false)
class CarrierHealth {

	@Bean
	HealthIndicator carriersHealthIndicator(CarrierConnectionState carriers) {
		return () -> {
			List<CarrierConnectionState.Connection> all = carriers.all();
			// DEGRADED, not DOWN: the hub and its admin API work while a carrier's server
			// is down (issue 17, item 8)
			Health.Builder b = all.stream().anyMatch(c -> c.status() == CarrierConnectionState.Status.DOWN)
					? Health.status(HubStateHealthIndicator.DEGRADED) : Health.up();
			for (CarrierConnectionState.Connection c : all) {
				b.withDetail(c.carrier(), c.status() + (c.problem() == null ? "" : " (" + c.problem() + ")"));
			}
			return b.build();
		};
	}

}
