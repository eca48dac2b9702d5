package io.creditshub.system;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The last step of the {@code hub-errors} error handler: reports a failed exchange to
 * {@link Faults}, which logs it once per state change, naming the file (or the route, for
 * a timer route) and the root cause, without a stack trace for an expected condition
 * (issue 17, item 9).
 */
@Component("routeFaults")
class RouteFaults {

	private final Faults faults;

	RouteFaults(Faults faults) {
		this.faults = faults;
	}

	public void failed(Exchange exchange) {
		Throwable e = caught(exchange);
		if (e != null) {
			faults.failed(kind(exchange), what(exchange), e);
		}
	}

	/** What the exchange failed with (null: nothing). */
	static Throwable caught(Exchange exchange) {
		Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		return e != null ? e : exchange.getException();
	}

	/** The route that took the file in, as the kind of failure. */
	static String kind(Exchange exchange) {
		String routeId = exchange.getFromRouteId();
		return routeId == null ? "route" : routeId;
	}

	/**
	 * The file (with its carrier, when it came by SFTP), or the route for a timer route.
	 */
	static String what(Exchange exchange) {
		String file = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
		String carrier = exchange.getMessage().getHeader("creditsCarrier", String.class);
		return file == null ? "(route " + exchange.getFromRouteId() + ")"
				: carrier == null ? file : "carrier " + carrier + ": " + file;
	}

}
