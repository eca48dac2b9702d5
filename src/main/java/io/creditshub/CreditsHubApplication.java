package io.creditshub;

import io.creditshub.cli.Launcher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * credits-hub: {@code java -jar credits-hub.jar <command>}; see {@link Launcher} and
 * README.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CreditsHubApplication {

	static {
		// the embedded database's AUTO_SERVER port (commands beside a running hub)
		// listens on loopback only
		if (System.getProperty("h2.bindAddress") == null) {
			System.setProperty("h2.bindAddress", "127.0.0.1");
		}
	}

	public static void main(String[] args) {
		System.exit(Launcher.execute(args, System.out, System.err));
	}

}
