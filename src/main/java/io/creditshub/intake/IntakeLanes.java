package io.creditshub.intake;

import io.creditshub.config.CreditsProperties;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * Several inbox files at once, in order per organization (issue 13). The inbox folder
 * routes (routes/intake-folder.camel.yaml) take one file per poll, sorted by name, and
 * hand it to a pool of {@code credits.intake.concurrency} threads. This bean is both
 * <ul>
 * <li>the endpoints' file filter ({@code filter=#intakeLanes}): a file whose lane (its
 * kind's folder and its organization folder) already has a file in progress is not taken
 * by this poll, so the next file of an organization is taken only after the previous one
 * completed (moved to archive/, or failed and left where it is, in which case the next
 * poll takes that one first again); and, during a drain ({@code run --once}), a file
 * already tried in this pass is not offered again;</li>
 * <li>the route's first step ({@link #enter}): waits for a free place (at most
 * {@code concurrency} files in progress, so the consumer does not lock more files than it
 * can work on, and a second hub instance gets its share), then marks the lane busy until
 * the exchange completes.</li>
 * </ul>
 * Rates, accounts and funds files have no organization folder: one lane per kind, one
 * file at a time.
 */
@Component("intakeLanes")
public class IntakeLanes implements GenericFileFilter<File> {

	private final Set<String> busy = new HashSet<>();

	private final Semaphore places;

	private final CamelContext camel;

	private Set<String> pass;

	private int inProgress;

	private int peak;

	public IntakeLanes(CreditsProperties properties, CamelContext camel) {
		this.places = new Semaphore(properties.getIntake().getConcurrency());
		this.camel = camel;
	}

	@Override
	public synchronized boolean accept(GenericFile<File> file) {
		if (file.isDirectory()) {
			return true;
		}
		if (pass != null && pass.contains(key(file.getAbsoluteFilePath()))) {
			return false;
		}
		return !busy.contains(lane(file));
	}

	/**
	 * The route's first step, on the consumer's thread: a free place, then the file's
	 * lane is busy until it completes.
	 */
	public void enter(Exchange exchange) throws InterruptedException {
		GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
		while (!places.tryAcquire(1, TimeUnit.SECONDS)) {
			org.apache.camel.ServiceStatus route = exchange.getFromRouteId() == null ? null
					: camel.getRouteController().getRouteStatus(exchange.getFromRouteId());
			if (camel.isStopping() || route != null && (route.isStopping() || route.isStopped())) {
				throw new IllegalStateException(
						"the hub is stopping: " + file.getRelativeFilePath() + " is left for later");
			}
		}
		String lane = lane(file);
		synchronized (this) {
			busy.add(lane);
			peak = Math.max(peak, ++inProgress);
		}
		exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
			@Override
			public void onDone(Exchange done) {
				synchronized (IntakeLanes.this) {
					busy.remove(lane);
					inProgress--;
				}
				places.release();
			}
		});
	}

	/** Files being processed now by the inbox routes of this hub. */
	public synchronized int inProgress() {
		return inProgress;
	}

	/** The most files processed at once since the hub started. */
	public synchronized int peak() {
		return peak;
	}

	/**
	 * A drain starts: files tried in it are not offered again, whatever became of them.
	 */
	synchronized void beginPass() {
		pass = new HashSet<>();
	}

	synchronized void tried(String absolutePath) {
		if (pass != null) {
			pass.add(key(absolutePath));
		}
	}

	synchronized boolean wasTried(String absolutePath) {
		return pass != null && pass.contains(key(absolutePath));
	}

	synchronized void endPass() {
		pass = null;
	}

	private static String key(String path) {
		return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
	}

	/**
	 * A kind's folder plus the organization folder (the first folder below it), or the
	 * kind's folder alone.
	 */
	static String lane(GenericFile<?> file) {
		String relative = file.getRelativeFilePath().replace('\\', '/');
		int slash = relative.indexOf('/');
		return key(file.getEndpointPath()) + "|" + (slash > 0 ? relative.substring(0, slash) : "");
	}

}
