package io.creditshub.carrier;

import io.creditshub.config.CarrierProperties;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The health of every carrier connection: the result of the last poll of its SFTP server
 * (UP, DOWN with the reason, or UNKNOWN before the first poll). A change is logged once,
 * clearly (ERROR when it goes down, INFO when it comes back); the {@code carriers}
 * command and, later, a health endpoint read it.
 */
@Component
public class CarrierConnectionState {

	private static final Logger log = LoggerFactory.getLogger(CarrierConnectionState.class);

	/** Connection health. */
	public enum Status {

		UNKNOWN, UP, DOWN

	}

	/** What went wrong, in the operator's words. */
	public enum Problem {

		NONE, HOST_KEY_CHANGED, HOST_KEY_UNKNOWN, LOGIN_REFUSED, UNREACHABLE, TIMEOUT, SFTP_ERROR

	}

	/** The state of one carrier's connection. */
	public record Connection(String carrier, String address, Status status, Problem problem, String detail,
			Instant since, Instant lastSuccess, Instant lastFailure, int failuresInARow) {

		public boolean up() {
			return status == Status.UP;
		}

	}

	private final Map<String, Connection> states = new ConcurrentHashMap<>();

	private final Map<String, CarrierProperties> carriers = new ConcurrentHashMap<>();

	private final Clock clock;

	public CarrierConnectionState(Clock clock) {
		this.clock = clock;
	}

	void register(CarrierProperties c) {
		carriers.put(c.getName(), c);
		states.putIfAbsent(c.getName(), new Connection(c.getName(), address(c), Status.UNKNOWN, Problem.NONE,
				"not polled yet", clock.instant(), null, null, 0));
	}

	/** A poll of the carrier's server went through (connected, logged in, listed). */
	public void succeeded(String carrier) {
		Instant now = clock.instant();
		states.compute(carrier, (k, old) -> {
			if (old == null) {
				return null;
			}
			if (old.status() != Status.UP) {
				if (old.status() == Status.DOWN) {
					log.info("carrier {}: connection to {} is back (UP) after {} failed poll(s) since {}", carrier,
							old.address(), old.failuresInARow(), old.since());
				}
				else {
					log.info("carrier {}: connected to {} (UP)", carrier, old.address());
				}
				return new Connection(carrier, old.address(), Status.UP, Problem.NONE, "ok", now, now,
						old.lastFailure(), 0);
			}
			return new Connection(carrier, old.address(), Status.UP, Problem.NONE, "ok", old.since(), now,
					old.lastFailure(), 0);
		});
	}

	/** A poll failed: the connection, the login or the listing. */
	public void failed(String carrier, Throwable cause) {
		Instant now = clock.instant();
		CarrierProperties c = carriers.get(carrier);
		Problem problem = classify(cause);
		String detail = explain(problem, c, cause);
		states.compute(carrier, (k, old) -> {
			if (old == null) {
				return null;
			}
			int failures = old.failuresInARow() + 1;
			if (old.status() != Status.DOWN || old.problem() != problem) {
				log.error("carrier {}: DOWN: {}", carrier, detail);
				return new Connection(carrier, old.address(), Status.DOWN, problem, detail, now, old.lastSuccess(), now,
						failures);
			}
			if (failures % 10 == 0) {
				log.warn("carrier {}: still DOWN ({} failed polls in a row since {}): {}", carrier, failures,
						old.since(), problem);
			}
			else {
				log.debug("carrier {}: still DOWN ({} failed polls in a row): {}", carrier, failures, problem);
			}
			return new Connection(carrier, old.address(), Status.DOWN, problem, detail, old.since(), old.lastSuccess(),
					now, failures);
		});
	}

	public Connection get(String carrier) {
		return states.get(carrier);
	}

	public List<Connection> all() {
		return carriers.keySet().stream().sorted().map(states::get).toList();
	}

	/** True when every carrier's last poll went through (health: DOWN otherwise). */
	public boolean allUp() {
		return states.values().stream().allMatch(Connection::up);
	}

	static String address(CarrierProperties c) {
		return c.getUser() + "@" + c.getHost() + ":" + c.getPort();
	}

	static Problem classify(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
			String m = String.valueOf(t.getMessage());
			if (m.contains("HostKey has been changed")) {
				return Problem.HOST_KEY_CHANGED;
			}
			if (m.contains("UnknownHostKey") || m.contains("reject HostKey")) {
				return Problem.HOST_KEY_UNKNOWN;
			}
			if (m.contains("Auth fail") || m.contains("Auth cancel") || m.contains("USERAUTH fail")) {
				return Problem.LOGIN_REFUSED;
			}
			if (t instanceof ConnectException || t instanceof NoRouteToHostException
					|| t instanceof UnknownHostException || m.contains("Connection refused")) {
				return Problem.UNREACHABLE;
			}
			if (t instanceof SocketTimeoutException || m.contains("timeout") || m.contains("timed out")) {
				return Problem.TIMEOUT;
			}
		}
		return Problem.SFTP_ERROR;
	}

	private static String explain(Problem problem, CarrierProperties c, Throwable cause) {
		String at = c == null ? "" : c.getHost() + ":" + c.getPort();
		String knownHosts = c == null || c.getKnownHostsFile() == null ? "known_hosts"
				: c.getKnownHostsFile().toAbsolutePath().toString();
		String root = rootMessage(cause);
		return switch (problem) {
			case HOST_KEY_CHANGED -> "HOST KEY CHANGED: the server at " + at
					+ " presents a host key different from the one in " + knownHosts
					+ "; connection REFUSED (a man in the middle, or the carrier replaced its key). Check the "
					+ "new fingerprint with the carrier, then replace its line in the known_hosts file. (" + root + ")";
			case HOST_KEY_UNKNOWN -> "HOST KEY UNKNOWN: the host key of " + at + " is not in " + knownHosts
					+ "; connection REFUSED. Check the fingerprint with the carrier and add the key to the known_hosts "
					+ "file (README \"Host keys\"). (" + root + ")";
			case LOGIN_REFUSED -> "LOGIN REFUSED: " + at + " did not accept user " + (c == null ? "?" : c.getUser())
					+ " (wrong password or key, or the account is locked). (" + root + ")";
			case UNREACHABLE -> "UNREACHABLE: nothing answers at " + at + ". (" + root + ")";
			case TIMEOUT -> "TIMEOUT talking to " + at + ". (" + root + ")";
			default -> "SFTP ERROR at " + at + ": " + root;
		};
	}

	private static String rootMessage(Throwable cause) {
		Throwable t = cause;
		StringBuilder sb = new StringBuilder();
		while (t != null) {
			if (t.getMessage() != null && (sb.isEmpty() || !sb.toString().contains(t.getMessage()))) {
				if (!sb.isEmpty()) {
					sb.append(": ");
				}
				sb.append(t.getMessage());
			}
			t = t.getCause() == t ? null : t.getCause();
		}
		return sb.isEmpty() ? String.valueOf(cause) : sb.toString();
	}

}
