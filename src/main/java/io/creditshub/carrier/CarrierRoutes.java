package io.creditshub.carrier;

import io.creditshub.config.CreditsProperties;
import io.creditshub.config.CarrierProperties;
import io.creditshub.system.FileLockRepository;
import io.creditshub.system.Faults;
import io.creditshub.carrier.Carriers.Feed;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One set of routes per configured carrier, from the route templates in routes/ (YAML
 * routes are static; the carriers are a list in configuration):
 * <ul>
 * <li>{@code intake-cdr-sftp-<carrier>} and {@code intake-licenses-sftp-<carrier>} from
 * the templates {@code intake-cdr-sftp} / {@code intake-licenses-sftp};</li>
 * <li>{@code outbox-carrier-sftp} (once, when a carrier has an outbound folder): files of
 * outbox/carrier/ to every carrier.</li>
 * </ul>
 * Per carrier it also binds in Camel's registry the cluster-wide in-progress lock (a
 * {@link FileLockRepository} on CAMEL_MESSAGEPROCESSED, shared by all hub instances) and
 * the poll strategy that reports the connection state. Passwords and passphrases are set
 * on the endpoint objects, never written into URIs or logs.
 */
@Component
public class CarrierRoutes implements CamelContextConfiguration {

	private static final Logger log = LoggerFactory.getLogger(CarrierRoutes.class);

	/**
	 * A crashed instance's lock on a remote file is taken over after this long (others
	 * keep theirs alive).
	 */
	static final long LOCK_MAX_AGE_MILLIS = 300_000;

	private final Carriers carriers;

	private final CarrierConnectionState state;

	private final CreditsProperties properties;

	private final DataSource dataSource;

	private final Faults faults;

	private final Map<String, Endpoint> producers = new ConcurrentHashMap<>();

	public CarrierRoutes(Carriers carriers, CarrierConnectionState state, CreditsProperties properties,
			DataSource dataSource, Faults faults) {
		this.faults = faults;
		this.carriers = carriers;
		this.state = state;
		this.properties = properties;
		this.dataSource = dataSource;
	}

	@Override
	public void beforeApplicationStart(CamelContext camel) {
		for (CarrierProperties c : carriers.enabled()) {
			FileLockRepository lock = new FileLockRepository(dataSource, "credits-hub-sftp-" + c.getName(),
					LOCK_MAX_AGE_MILLIS, LOCK_MAX_AGE_MILLIS / 10, faults, false);
			camel.getRegistry().bind(Carriers.lockName(c), lock);
			camel.getRegistry().bind(Carriers.pollStrategyName(c), new CarrierPollStrategy(c.getName(), state));
			camel.getRegistry().bind(Carriers.exceptionHandlerName(c), new CarrierExceptionHandler(c.getName()));
			state.register(c);
		}
	}

	@Override
	public void afterApplicationStart(CamelContext camel) {
		boolean outbound = false;
		for (CarrierProperties c : carriers.enabled()) {
			for (Feed feed : carriers.feeds(c)) {
				String uri = carriers.consumerUri(c, feed);
				withSecrets(camel.getEndpoint(uri, SftpEndpoint.class), c);
				String routeId = TemplatedRouteBuilder.builder(camel, feed.template())
					.routeId(Carriers.routeId(feed, c))
					.prefixId(c.getName() + "-")
					.parameter("carrier", c.getName())
					.parameter("kind", feed.kind())
					.parameter("uri", uri)
					.add();
				log.info("carrier {}: route {} polls {}@{}:{} {} every {}", c.getName(), routeId, c.getUser(),
						c.getHost(), c.getPort(), feed.folder(c), c.getPollDelay());
			}
			producers.put(c.getName(), withSecrets(camel.getEndpoint(carriers.producerUri(c), SftpEndpoint.class), c));
			outbound |= carriers.hasOutbound(c);
		}
		if (outbound) {
			TemplatedRouteBuilder.builder(camel, "outbox-carrier-sftp")
				.routeId("outbox-carrier-sftp")
				.parameter("uri", properties.getCarrierOutbox().getUri())
				.add();
		}
	}

	/**
	 * The endpoint that writes files on a carrier's server (reason and rejects files, the
	 * suspension file).
	 */
	public Endpoint producer(String carrier) {
		Endpoint e = producers.get(carrier);
		if (e == null) {
			throw new IllegalArgumentException("no enabled carrier named '" + carrier + "'");
		}
		return e;
	}

	private SftpEndpoint withSecrets(SftpEndpoint endpoint, CarrierProperties c) {
		SftpConfiguration configuration = endpoint.getConfiguration();
		carriers.password(c).ifPresent(configuration::setPassword);
		carriers.privateKeyPassphrase(c).ifPresent(configuration::setPrivateKeyPassphrase);
		return endpoint;
	}

}
