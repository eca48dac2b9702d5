package io.creditshub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Before the long-running hub opens the embedded database: if another process (a command)
 * has it open, wait for it to finish, so that the hub is the process that owns the file
 * and serves it to later commands (AUTO_SERVER). A hub that opened it through a
 * short-lived command's port would lose its connections when that command exits.
 */
final class EmbeddedDatabaseGate {

	private EmbeddedDatabaseGate() {
	}

	/**
	 * @return whether the database was free (or became free) within {@code max}
	 */
	static boolean awaitFree(List<String> springArgs, Duration max, PrintStream out) throws InterruptedException {
		Path lock = lockFile(springArgs);
		long deadline = System.nanoTime() + max.toNanos();
		boolean told = false;
		while (served(lock)) {
			if (System.nanoTime() - deadline > 0) {
				out.println("the embedded database is still open in another process after " + max.toSeconds()
						+ " s: starting anyway, through that process");
				return false;
			}
			if (!told) {
				out.println(
						"waiting for another process (a credits-hub command) to close the embedded database " + lock);
				told = true;
			}
			Thread.sleep(250);
		}
		return true;
	}

	/**
	 * The H2 lock file of the default embedded database under the data folder the
	 * arguments name.
	 */
	static Path lockFile(List<String> springArgs) {
		String home = null;
		for (String a : springArgs) {
			if (a.startsWith("--credits.home=")) {
				home = a.substring("--credits.home=".length());
			}
		}
		if (home == null) {
			home = System.getProperty("credits.home", System.getenv().getOrDefault("CREDITS_HOME", "./data"));
		}
		return Path.of(home).resolve("db/credits-hub.lock.db");
	}

	/** Whether a live process serves the database named in this lock file. */
	static boolean served(Path lock) {
		if (!Files.exists(lock)) {
			return false;
		}
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(lock)) {
			p.load(in);
		}
		catch (IOException e) {
			return false;
		}
		String server = p.getProperty("server");
		if (server == null || server.lastIndexOf(':') < 0) {
			return false;
		}
		try (Socket s = new Socket()) {
			s.connect(
					new InetSocketAddress("127.0.0.1", Integer.parseInt(server.substring(server.lastIndexOf(':') + 1))),
					500);
			return true;
		}
		catch (IOException | NumberFormatException e) {
			return false;
		}
	}

}
