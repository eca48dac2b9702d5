package io.creditshub.system;

import io.creditshub.config.CreditsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The layout of the data folder ({@code credits.home}); creates the folders on start.
 *
 * <pre>
 * inbox/{rates,accounts,funds,licenses/&lt;org-id&gt;,cdr/&lt;org-id&gt;}   files waiting
 * archive/&lt;yyyy-MM-dd&gt;/&lt;kind&gt;/[&lt;org-id&gt;/]   processed files (+ .rejects.csv, .duplicate.txt)
 * error/&lt;kind&gt;/[&lt;org-id&gt;/]                  files refused whole (+ .reason.txt)
 * outbox/                                  files the hub produces
 * work/                                    temporary files of the intake in progress
 * db/                                      the embedded H2 database
 * </pre>
 */
@Component
public class DataFolders {

	private final Path home;

	public DataFolders(CreditsProperties properties) {
		this.home = properties.getHome().toAbsolutePath().normalize();
		for (Path p : new Path[] { inbox("rates"), inbox("accounts"), inbox("licenses"), inbox("funds"), inbox("cdr"),
				archive(), error(), outbox(), work() }) {
			try {
				Files.createDirectories(p);
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot create data folder " + p, e);
			}
		}
	}

	public Path home() {
		return home;
	}

	public Path inbox() {
		return home.resolve("inbox");
	}

	public Path inbox(String kind) {
		return inbox().resolve(kind);
	}

	public Path archive() {
		return home.resolve("archive");
	}

	public Path error() {
		return home.resolve("error");
	}

	public Path outbox() {
		return home.resolve("outbox");
	}

	public Path work() {
		return home.resolve("work");
	}

}
