package io.creditshub.carrier;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;

/**
 * Camel's poll strategy of a carrier's SFTP consumers (option {@code pollStrategy}):
 * every poll's outcome feeds {@link CarrierConnectionState}. A failed poll (server down,
 * login refused, host key refused, connection dropped) also forces a reconnect at the
 * next poll; the consumer's backoff stretches the interval meanwhile.
 */
class CarrierPollStrategy extends RemoteFilePollingConsumerPollStrategy {

	private final String carrier;

	private final CarrierConnectionState state;

	CarrierPollStrategy(String carrier, CarrierConnectionState state) {
		this.carrier = carrier;
		this.state = state;
	}

	@Override
	public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
		state.succeeded(carrier);
		super.commit(consumer, endpoint, polledMessages);
	}

	@Override
	public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
		state.failed(carrier, cause);
		return super.rollback(consumer, endpoint, retryCounter, cause);
	}

}
