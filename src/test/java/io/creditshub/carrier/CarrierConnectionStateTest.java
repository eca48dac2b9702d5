package io.creditshub.carrier;

import io.creditshub.config.CarrierProperties;
import io.creditshub.carrier.CarrierConnectionState.Problem;
import io.creditshub.carrier.CarrierConnectionState.Status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The connection state per carrier and how a failure is explained to the operator. */
class CarrierConnectionStateTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { //
			"HostKey has been changed: [127.0.0.1]:2222 | HOST_KEY_CHANGED", //
			"UnknownHostKey: sftp.example. ECDSA key fingerprint is SHA256:abc | HOST_KEY_UNKNOWN", //
			"reject HostKey: [127.0.0.1]:2222 | HOST_KEY_UNKNOWN", //
			"Auth fail for methods 'publickey,password' | LOGIN_REFUSED", //
			"session is down | SFTP_ERROR", //
			"timeout: socket is not established | TIMEOUT" })
	void jschMessagesAreClassified(String message, Problem problem) {
		// JSch's exception arrives wrapped by Camel
		Exception e = new RuntimeException("Cannot connect to sftp://x@h:22", new Exception(message));
		assertThat(CarrierConnectionState.classify(e)).isEqualTo(problem);
	}

	@Test
	void aRefusedConnectionIsUnreachable() {
		assertThat(
				CarrierConnectionState.classify(new RuntimeException("x", new ConnectException("Connection refused"))))
			.isEqualTo(Problem.UNREACHABLE);
	}

	@Test
	void unknownThenDownThenUpAgain() {
		CarrierConnectionState state = new CarrierConnectionState(
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC));
		CarrierProperties c = new CarrierProperties();
		c.setName("acme");
		c.setHost("sftp.acme.example");
		c.setUser("hub");
		c.setKnownHostsFile(Path.of("/etc/credits-hub/known_hosts"));
		state.register(c);
		assertThat(state.get("acme").status()).isEqualTo(Status.UNKNOWN);
		assertThat(state.allUp()).isFalse();

		state.failed("acme", new Exception("HostKey has been changed: sftp.acme.example"));
		state.failed("acme", new Exception("HostKey has been changed: sftp.acme.example"));
		var down = state.get("acme");
		assertThat(down.status()).isEqualTo(Status.DOWN);
		assertThat(down.problem()).isEqualTo(Problem.HOST_KEY_CHANGED);
		assertThat(down.failuresInARow()).isEqualTo(2);
		assertThat(down.detail()).startsWith("HOST KEY CHANGED: the server at sftp.acme.example:22")
			.contains("/etc/credits-hub/known_hosts", "connection REFUSED");

		state.succeeded("acme");
		assertThat(state.get("acme").status()).isEqualTo(Status.UP);
		assertThat(state.get("acme").failuresInARow()).isZero();
		assertThat(state.allUp()).isTrue();
	}

}
