package io.creditshub.carrier;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a carrier's SFTP consumer could not do outside a route (Camel option
 * {@code exceptionHandler}): one WARN line with the causes, the stack trace at DEBUG. A
 * failed poll (connection, login, host key) is already reported, once and clearly, by
 * {@link CarrierConnectionState}, so it is logged here at DEBUG only.
 */
class CarrierExceptionHandler implements ExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(CarrierExceptionHandler.class);

	private final String carrier;

	CarrierExceptionHandler(String carrier) {
		this.carrier = carrier;
	}

	@Override
	public void handleException(Throwable exception) {
		handleException(null, null, exception);
	}

	@Override
	public void handleException(String message, Throwable exception) {
		handleException(message, null, exception);
	}

	@Override
	public void handleException(String message, Exchange exchange, Throwable exception) {
		String text = message == null ? "" : message.replaceAll("sftp://[^ ]*\\?[^ ]*", "").strip();
		if (text.startsWith("Failed polling endpoint")) {
			log.debug("carrier {}: poll failed (see CarrierConnectionState)", carrier, exception);
			return;
		}
		log.warn("carrier {}: {}{}; the remote file stays where it is and is retried at the next poll", carrier,
				text.isEmpty() ? "" : text + ": ", causes(exception));
		log.debug("carrier {}: stack trace", carrier, exception);
	}

	static String causes(Throwable exception) {
		StringBuilder sb = new StringBuilder();
		for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
			String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
			if (!sb.toString().contains(m)) {
				sb.append(sb.isEmpty() ? "" : ": ").append(m);
			}
		}
		return sb.toString();
	}

}
