package io.creditshub.system;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The {@code hub-errors} error handler's step before each of its immediate retries
 * ({@code onRedeliveryRef}): tells {@link Faults} that an attempt failed and is tried
 * again, so a file that went through on a retry (a database connection cut mid-file)
 * leaves its line in the log, as one that failed for good does ({@link RouteFaults}).
 */
@Component("routeRedelivery")
class RouteRedelivery implements Processor {

	private final Faults faults;

	RouteRedelivery(Faults faults) {
		this.faults = faults;
	}

	@Override
	public void process(Exchange exchange) {
		Throwable e = RouteFaults.caught(exchange);
		if (e == null) {
			return;
		}
		int retry = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
		int of = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, retry, Integer.class);
		faults.redelivering(RouteFaults.kind(exchange), RouteFaults.what(exchange), e, retry, of);
	}

}
