package io.creditshub;

import io.creditshub.cli.Launcher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** credits-hub: {@code java -jar credits-hub.jar <command>}; see {@link Launcher} and README.md. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CreditsHubApplication {

	public static void main(String[] args) {
		System.exit(Launcher.execute(args, System.out, System.err));
	}

}
