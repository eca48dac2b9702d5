package io.creditshub.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server for the tests (GreenMail) on a free local port, which can be stopped
 * and started again.
 */
public final class Smtp {

	private final int port;

	private GreenMail server;

	public Smtp() {
		try (ServerSocket s = new ServerSocket(0)) {
			this.port = s.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public int port() {
		return port;
	}

	public synchronized Smtp start() {
		if (server == null) {
			server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			server.start();
		}
		return this;
	}

	public synchronized void stop() {
		if (server != null) {
			server.stop();
			server = null;
		}
	}

	public synchronized List<MimeMessage> received() {
		return server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
	}

	/**
	 * Messages received for one address (a message to two admins counts once per admin).
	 */
	public List<MimeMessage> receivedBy(String address) {
		return received().stream().filter(m -> {
			try {
				Address[] to = m.getAllRecipients();
				return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
			}
			catch (jakarta.mail.MessagingException e) {
				throw new IllegalStateException(e);
			}
		}).toList();
	}

	public List<String> subjectsFor(String address) {
		return receivedBy(address).stream().map(m -> {
			try {
				return m.getSubject();
			}
			catch (jakarta.mail.MessagingException e) {
				throw new IllegalStateException(e);
			}
		}).toList();
	}

}
