package io.creditshub.faults;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects every log event of the hub (root logger) while open, to count and read the
 * lines an operator sees.
 */
final class LogCapture implements AutoCloseable {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	LogCapture() {
		appender.start();
		root.addAppender(appender);
	}

	/**
	 * The lines so far, as "LEVEL logger - message" (with the exception's first line when
	 * one was logged).
	 */
	synchronized List<String> lines() {
		return List.copyOf(appender.list)
			.stream()
			.map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
					+ (e.getThrowableProxy() == null ? ""
							: " [stack trace: " + e.getThrowableProxy().getClassName() + "]"))
			.toList();
	}

	List<ILoggingEvent> events() {
		return List.copyOf(appender.list);
	}

	@Override
	public void close() {
		root.detachAppender(appender);
		appender.stop();
	}

}
