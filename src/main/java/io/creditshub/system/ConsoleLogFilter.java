package io.creditshub.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * What a command shows on the terminal (issue 13, "a quiet command line");
 * logback-spring.xml, property {@code credits.log.console}:
 * <ul>
 * <li>{@code all} (the running hub, {@code run --verbose}): every line, as a server
 * logs;</li>
 * <li>{@code hub} ({@code run --once}): warnings and errors, and the progress of long
 * files; Spring's, Camel's, Quartz's and HikariCP's start and stop lines go only to
 * {@code <data folder>/logs/credits-hub.log}.</li>
 * </ul>
 */
public class ConsoleLogFilter extends Filter<ILoggingEvent> {

	/**
	 * The logger of the progress of long work (rows done, rows/s), shown on the terminal
	 * in {@code hub} mode too.
	 */
	public static final String PROGRESS = "credits.progress";

	private String mode = "all";

	public void setMode(String mode) {
		this.mode = mode == null ? "all" : mode.trim();
	}

	@Override
	public FilterReply decide(ILoggingEvent event) {
		if (!"hub".equals(mode) || event.getLevel().isGreaterOrEqual(Level.WARN)) {
			return FilterReply.NEUTRAL;
		}
		// the progress of a long file: "cdr contoso/x.csv: 50000 rows read, ... rows/s"
		return PROGRESS.equals(event.getLoggerName()) ? FilterReply.NEUTRAL : FilterReply.DENY;
	}

}
