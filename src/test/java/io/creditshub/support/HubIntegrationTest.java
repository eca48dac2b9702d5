package io.creditshub.support;

import io.creditshub.intake.InboxDrainer;
import io.creditshub.intake.IntakeOutcome;
import io.creditshub.system.DataFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: a whole hub (Spring, Flyway, Camel with routes stopped)
 * on its own data folder and its own database (H2, or a fresh PostgreSQL schema with
 * -Dcredits.test.db=postgres). Each test class gets a fresh hub.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class HubIntegrationTest {

	@Autowired
	protected DataFolders folders;

	@Autowired
	protected InboxDrainer drainer;

	@Autowired
	protected JdbcClient jdbc;

	@DynamicPropertySource
	static void hubProperties(DynamicPropertyRegistry registry) {
		Path home;
		try {
			home = Files.createTempDirectory("credits-hub-it");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		TestDatabase.properties(home).forEach((k, v) -> registry.add(k, () -> v));
		// files dropped by a test are drained at once: no wait for the read lock's
		// minimum age (1 s in production)
		registry.add("credits.intake.read-lock-min-age-ms", () -> "0");
		registry.add("credits.intake.read-lock-check-interval-ms", () -> "20");
	}

	/**
	 * Writes a file into the inbox (e.g. {@code drop("cdr/contoso/x.csv", text)}) and
	 * returns its path.
	 */
	protected Path drop(String relative, String content) {
		return drop(relative, content.getBytes(StandardCharsets.UTF_8));
	}

	protected Path drop(String relative, byte[] content) {
		try {
			Path p = folders.inbox().resolve(relative);
			Files.createDirectories(p.getParent());
			return Files.write(p, content);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	protected List<IntakeOutcome> drain() {
		return drainer.drain();
	}

	protected BigDecimal balance(String orgId) {
		return jdbc.sql("SELECT balance FROM organization WHERE org_id = :id")
			.param("id", orgId)
			.query(BigDecimal.class)
			.single();
	}

	protected BigDecimal ledgerSum(String orgId) {
		return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE org_id = :id")
			.param("id", orgId)
			.query(BigDecimal.class)
			.single();
	}

	protected BigDecimal lotsSum(String orgId) {
		return jdbc.sql("SELECT COALESCE(SUM(remaining), 0) FROM lot WHERE org_id = :id")
			.param("id", orgId)
			.query(BigDecimal.class)
			.single();
	}

	protected long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	/**
	 * A minimal valid rate table, accounts and funds, so a test can focus on its CDRs.
	 */
	protected void loadReferenceData() {
		drop("rates/rates.csv",
				"""
						Prefix,Destination,Number Type,Currency,Rate Per Minute,Connection Fee,First Increment,Next Increment,Effective From
						+1,United States,landline,USD,0.06,0,60,60,2025-01-01
						+1800,US toll-free,toll-free,USD,0.03,0,60,60,2025-01-01
						+44,United Kingdom,landline,USD,0.12,0,1,1,2025-01-01
						+49,Germany,landline,EUR,0.06,0,60,60,2025-01-01
						""");
		drop("accounts/accounts.csv", """
				Organization Id,Name,Currency,Country,Admin Emails,Finance Emails
				acme,Acme Inc,USD,US,admin@acme.example,finance@acme.example
				globex,Globex GmbH,EUR,DE,admin@globex.example,
				""");
		drop("funds/funds.csv", """
				Organization Id,Amount,Currency,Purchased At,Order Reference
				acme,10.00,USD,2025-01-15T00:00:00Z,ACME-1
				globex,10.00,EUR,2025-01-15T00:00:00Z,GLOBEX-1
				""");
		drain();
	}

	/**
	 * A Teams export with the 20 real columns; each call is
	 * usageId,callType,number,start,durationSeconds.
	 */
	protected static String teamsExport(String... calls) {
		StringBuilder sb = new StringBuilder(
				"UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,"
						+ "Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,"
						+ "Connection Fee,Charge,Currency,Capability\r\n");
		for (String call : calls) {
			String[] f = call.split(",");
			java.time.Instant start = java.time.Instant.parse(f[3]);
			int duration = Integer.parseInt(f[4]);
			sb.append(String.join(",", f[0], "call-" + f[0], "", "US", "00000000-0000-0000-0000-000000000001",
					"user@acme.example", "A User", "+14255550100", f[1], "user", "Domestic", "Somewhere", f[2], f[3],
					start.plusSeconds(duration + 3).toString(), String.valueOf(duration), "0", "", "USD", "MCOPSTNPP"))
				.append("\r\n");
		}
		return sb.toString();
	}

}
