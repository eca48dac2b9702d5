package io.creditshub.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The sample files shipped in the jar (samples/ of the repository), laid out like the
 * inbox.
 */
public final class Samples {

	private Samples() {
	}

	/**
	 * Copies every sample file into {@code inbox}, keeping its sub-folders (rates/,
	 * cdr/contoso/, ...).
	 */
	public static void copyInto(Path inbox) {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver()
				.getResources("classpath*:samples/**/*.csv");
			for (Resource r : resources) {
				String url = r.getURL().toString();
				String relative = url.substring(url.lastIndexOf("samples/") + "samples/".length());
				Path target = inbox.resolve(relative);
				Files.createDirectories(target.getParent());
				try (InputStream in = r.getInputStream()) {
					Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot copy the samples into " + inbox, e);
		}
	}

}
