package io.creditshub.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The kind routes ({@code direct:intake-<kind>}, routes/intake-kind.camel.yaml) run from
 * the start in every mode, also when the hub's other routes wait (the command line,
 * {@code run} before its first pass, a test starting one source route): they only answer
 * their callers, and every source route and the drain needs them.
 */
@Component
class KindRoutes implements CamelContextConfiguration {

	@Override
	public void beforeApplicationStart(CamelContext camel) {
	}

	@Override
	public void afterApplicationStart(CamelContext camel) {
		for (FileKind kind : FileKind.values()) {
			start(camel, kind);
		}
	}

	static void start(CamelContext camel, FileKind kind) {
		String route = "intake-" + kind.folder();
		ServiceStatus status = camel.getRouteController().getRouteStatus(route);
		if (status == null) {
			throw new IllegalStateException("no route " + route + " (routes/intake-kind.camel.yaml)");
		}
		if (!status.isStarted()) {
			try {
				camel.getRouteController().startRoute(route);
			}
			catch (Exception e) {
				throw new IllegalStateException("cannot start route " + route, e);
			}
		}
	}

}
