package io.creditshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md section 4: every route file under routes/ has one route (or route template)
 * with an id and the shared error configuration, route ids are kebab-case, and no SQL
 * interpolates ${...} (parameters only).
 */
class RouteHygieneTest {

	private static List<Path> routeFiles() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("routes"))) {
			return files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
		}
	}

	@Test
	void everyRouteHasAnIdAndTheSharedErrorConfiguration() throws IOException {
		List<Path> files = routeFiles();
		assertThat(files).hasSizeGreaterThanOrEqualTo(5);
		for (Path file : files) {
			String yaml = Files.readString(file);
			if (file.getFileName().toString().equals("hub-errors.camel.yaml")) {
				assertThat(yaml).contains("routeConfiguration:").doesNotContain("- route:");
				continue;
			}
			// one flow per file: a route, or a route template instantiated per kind or
			// per carrier (system/CarrierRoutes)
			int flows = count(yaml, "\n- route:\n") + count(yaml, "\n- routeTemplate:\n");
			assertThat(flows).as(file + ": one route or route template").isEqualTo(1);
			// the one exception: the kind routes (direct:intake-<kind>) have no error
			// handler, their callers' hub-errors
			// retries and logs a failure once (routes/intake-kind.camel.yaml)
			assertThat(yaml).as(file.toString())
				.containsAnyOf("routeConfigurationId: hub-errors", "noErrorHandler: {}");
			assertThat(yaml).as(file.toString()).containsPattern("\\n    id: [a-z]+(-[a-z]+)+\\n");
			assertThat(yaml).as(file.toString()).doesNotContain("onException");
			String routeId = file.getFileName().toString().replace(".camel.yaml", "");
			assertThat(yaml).as("route id matches the file name").contains("id: " + routeId + "\n");
		}
	}

	private static int count(String text, String what) {
		int n = 0;
		for (int i = ("\n" + text).indexOf(what); i >= 0; i = ("\n" + text).indexOf(what, i + 1)) {
			n++;
		}
		return n;
	}

	@Test
	void noSqlInterpolatesExpressions() throws IOException {
		for (Path file : routeFiles()) {
			for (String line : Files.readAllLines(file)) {
				if (line.contains("sql:")) {
					assertThat(line).as(file + ": " + line).doesNotContain("${");
				}
			}
		}
		try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
			for (Path p : java.filter(f -> f.toString().endsWith(".java")).toList()) {
				String src = Files.readString(p);
				assertThat(src).as(p.toString())
					.doesNotContainPattern("\"\\s*(SELECT|INSERT|UPDATE|DELETE)[^\"]*\\$\\{");
			}
		}
	}

}
