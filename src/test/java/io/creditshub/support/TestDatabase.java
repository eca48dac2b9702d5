package io.creditshub.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The database an integration test runs on: the embedded H2 file in the test's own data
 * folder (default), or, with {@code -Dcredits.test.db=postgres} (see .ci/run), a fresh
 * schema in the PostgreSQL database {@code test} at 127.0.0.1:5432 (override with
 * CREDITS_TEST_PG_URL / CREDITS_TEST_PG_USER).
 */
public final class TestDatabase {

	private TestDatabase() {
	}

	public static boolean postgres() {
		return "postgres".equalsIgnoreCase(System.getProperty("credits.test.db", "h2"));
	}

	/** Spring properties for a hub whose data folder is {@code home}. */
	public static Map<String, String> properties(Path home) {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("credits.home", home.toString());
		if (postgres()) {
			String base = env("CREDITS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
			String user = env("CREDITS_TEST_PG_USER", "postgres");
			String schema = "it_"
					+ UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
			try (Connection c = DriverManager.getConnection(base, user, ""); Statement s = c.createStatement()) {
				s.execute("CREATE SCHEMA " + schema);
			}
			catch (SQLException e) {
				throw new IllegalStateException("PostgreSQL is not reachable at " + base + " as " + user
						+ " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): "
						+ e.getMessage(), e);
			}
			p.put("spring.datasource.url", base + "?currentSchema=" + schema + "&reWriteBatchedInserts=true");
			p.put("spring.datasource.username", user);
			p.put("spring.datasource.password", "");
			p.put("spring.flyway.schemas", schema);
		}
		return p;
	}

	/** The same, as {@code --key=value} command-line arguments. */
	public static String[] arguments(Path home, String... more) {
		var list = new java.util.ArrayList<String>();
		properties(home).forEach((k, v) -> list.add("--" + k + "=" + v));
		list.addAll(java.util.List.of(more));
		return list.toArray(String[]::new);
	}

	private static String env(String name, String dflt) {
		String v = System.getenv(name);
		return v == null || v.isBlank() ? dflt : v;
	}

}
