package io.creditshub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Retry backoff of the email outbox while SMTP is down: 30 s, then doubling, at most
 * every hour.
 */
class MailOutboxTest {

	@ParameterizedTest(name = "[{index}] after failure {0}: wait {1}")
	@CsvSource({ "1,PT30S", "2,PT1M", "3,PT2M", "4,PT4M", "7,PT32M", "8,PT1H", "9,PT1H", "500,PT1H" })
	void backoff(int attempts, Duration wait) {
		assertThat(MailOutbox.backoff(attempts, Duration.ofSeconds(30), Duration.ofHours(1))).isEqualTo(wait);
	}

	@org.junit.jupiter.api.Test
	void aRefusedConnectionIsTheServerDownARejectedRecipientIsNot() {
		var refused = new jakarta.mail.MessagingException("Couldn't connect", new java.net.ConnectException("refused"));
		assertThat(MailOutbox.serverDown(refused)).isTrue();
		assertThat(MailOutbox.serverDown(new RuntimeException(new java.net.SocketTimeoutException()))).isTrue();
		assertThat(MailOutbox.serverDown(new jakarta.mail.SendFailedException("550 no such user"))).isFalse();
		assertThat(MailOutbox.serverDown(new IllegalStateException("disk full"))).isFalse();
	}

}
