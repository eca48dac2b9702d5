package io.creditshub.carrier;

import io.creditshub.config.CarrierProperties;
import java.io.File;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bean of routes/outbox-carrier-sftp.camel.yaml: uploads a file of outbox/carrier/
 * (the suspension file) to the outbound folder of every carrier that has one, under a
 * temporary name renamed when complete (the producer's {@code tempFileName}). Each
 * delivery is remembered in the database (CAMEL_MESSAGEPROCESSED, processor
 * {@code credits-hub-carrier-outbound}), so when one carrier is down and the file is
 * retried, the carriers that already have it do not get it twice. Any failure leaves the
 * file in outbox/carrier/ for the next poll.
 */
@Component("carrierOutbound")
public class CarrierOutbound {

	private static final Logger log = LoggerFactory.getLogger(CarrierOutbound.class);

	private final Carriers carriers;

	private final CarrierRoutes routes;

	private final ProducerTemplate producer;

	private final JdbcMessageIdRepository delivered;

	public CarrierOutbound(Carriers carriers, CarrierRoutes routes, ProducerTemplate producer, DataSource dataSource) {
		this.carriers = carriers;
		this.routes = routes;
		this.producer = producer;
		this.delivered = new JdbcMessageIdRepository(dataSource, "credits-hub-carrier-outbound");
		this.delivered.setCreateTableIfNotExists(false);
		this.delivered.start();
	}

	public void upload(File file) {
		for (CarrierProperties c : carriers.enabled()) {
			if (!carriers.hasOutbound(c)) {
				continue;
			}
			String key = c.getName() + "/" + file.getName();
			if (delivered.contains(key)) {
				log.info("carrier {}: already has {}, not sent again", c.getName(), file.getName());
				continue;
			}
			String remote = Carriers.producerPath(Carriers.join(c.getOutboundFolder(), file.getName()));
			producer.sendBodyAndHeader(routes.producer(c.getName()), file, Exchange.FILE_NAME, remote);
			delivered.add(key);
			log.info("carrier {}: uploaded {} to {}", c.getName(), file.getName(), remote);
		}
	}

}
