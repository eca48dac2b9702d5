package io.creditshub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code credits.*} key, with its default. Documented in README.md
 * ("Configuration").
 */
@Validated
@ConfigurationProperties(prefix = "credits")
public class CreditsProperties {

	/**
	 * The data folder: inbox/, archive/, error/, outbox/, work/ and the embedded H2
	 * database.
	 */
	@NotNull
	private Path home = Path.of("data");

	private final Intake intake = new Intake();

	private final Licenses licenses = new Licenses();

	private final Reports reports = new Reports();

	public Reports getReports() {
		return reports;
	}

	public static class Reports {

		/**
		 * The hub's finance address(es), separated by ';': they get the consolidated
		 * workbook (empty: not emailed).
		 */
		private String financeEmail = "";

		/**
		 * Days of p95 daily spend the recommended trigger amount covers (Forecast sheet).
		 */
		@Min(1)
		private int triggerDays = 7;

		public String getFinanceEmail() {
			return financeEmail;
		}

		public void setFinanceEmail(String financeEmail) {
			this.financeEmail = financeEmail;
		}

		public int getTriggerDays() {
			return triggerDays;
		}

		public void setTriggerDays(int triggerDays) {
			this.triggerDays = triggerDays;
		}

	}

	/**
	 * The carriers' SFTP servers (README "Carriers"); none by default: only the local
	 * inbox is read.
	 */
	@Valid
	private List<CarrierProperties> carriers = new ArrayList<>();

	private final CarrierOutbox carrierOutbox = new CarrierOutbox();

	public List<CarrierProperties> getCarriers() {
		return carriers;
	}

	public void setCarriers(List<CarrierProperties> carriers) {
		this.carriers = carriers;
	}

	public CarrierOutbox getCarrierOutbox() {
		return carrierOutbox;
	}

	/**
	 * Files for the carriers (outbox/carrier/, the suspension file): uploaded to every
	 * carrier's outbound folder.
	 */
	public static class CarrierOutbox {

		/**
		 * The Camel file endpoint that picks them up (set in application.yaml); uploaded
		 * files move to sent/.
		 */
		private String uri;

		public String getUri() {
			return uri;
		}

		public void setUri(String uri) {
			this.uri = uri;
		}

	}

	public Licenses getLicenses() {
		return licenses;
	}

	public static class Licenses {

		/**
		 * The license catalog: product names to capabilities and included minutes (a
		 * Spring resource location).
		 */
		@NotNull
		private String catalog = "classpath:license-catalog.yaml";

		public String getCatalog() {
			return catalog;
		}

		public void setCatalog(String catalog) {
			this.catalog = catalog;
		}

	}

	public Path getHome() {
		return home;
	}

	public void setHome(Path home) {
		this.home = home;
	}

	public Intake getIntake() {
		return intake;
	}

	public static class Intake {

		/** Rows per JDBC batch when posting calls. */
		@Min(100)
		@Max(100_000)
		private int batchSize = 5000;

		/** How often a long file logs its progress (rows done, rows/s). */
		@NotNull
		private Duration progressInterval = Duration.ofSeconds(5);

		/**
		 * Tolerance when checking a CDR's Duration Seconds against End Time - Start Time:
		 * a duration longer than the call's span by more than this is rejected (it would
		 * over-charge).
		 */
		@Min(0)
		private int durationToleranceSeconds = 2;

		/**
		 * A CDR file whose chargeable calls are unfunded for lack of licenses (DOMAIN
		 * rule 5) in a larger share than this (0.5 = 50 %) is flagged (files, run
		 * summary, health; run --once exits 6): usually a license export with the wrong
		 * time or a missing one (DOMAIN rule 11). 1 turns the check off.
		 */
		@jakarta.validation.constraints.DecimalMin("0")
		@jakarta.validation.constraints.DecimalMax("1")
		private java.math.BigDecimal maxUnlicensedShare = new java.math.BigDecimal("0.5");

		public java.math.BigDecimal getMaxUnlicensedShare() {
			return maxUnlicensedShare;
		}

		public void setMaxUnlicensedShare(java.math.BigDecimal maxUnlicensedShare) {
			this.maxUnlicensedShare = maxUnlicensedShare;
		}

		/**
		 * The longest call accepted; a longer Duration Seconds is rejected as implausible
		 * (default 48 h).
		 */
		@Min(60)
		private int maxCallSeconds = 172_800;

		public int getMaxCallSeconds() {
			return maxCallSeconds;
		}

		public void setMaxCallSeconds(int maxCallSeconds) {
			this.maxCallSeconds = maxCallSeconds;
		}

		/**
		 * A rate file that replaces the table (README "Rates", docs/faults.md) and would
		 * drop more than this share of the (prefix, number type) pairs in force is held
		 * in error/ until confirmed with {@code rates accept FILE-ID}.
		 */
		@jakarta.validation.constraints.DecimalMin("0")
		@jakarta.validation.constraints.DecimalMax("1")
		private double ratesMaxDropShare = 0.2;

		/**
		 * A file that does not end with a line end (or is empty) and changed less than
		 * this long ago is still being uploaded: it is left for a later poll (issue 17,
		 * item 10); older, it is taken as it is.
		 */
		private Duration incompleteWait = Duration.ofMinutes(10);

		/**
		 * The poison-file rule: a file that failed this many times in a row for a reason
		 * that is neither the database's nor the disk's (a bug, an unexpected value) goes
		 * to error/ with the last reason.
		 */
		private int maxAttempts = 5;

		/**
		 * How many inbox files are processed at once (issue 13): files of different
		 * organizations in parallel, one transaction and one database connection each;
		 * the files of one organization (and the files of a kind without organizations)
		 * stay one at a time, in name order.
		 */
		@Min(1)
		@Max(64)
		private int concurrency = 2;

		/**
		 * The inbox read lock: a file at least this old is taken at once (the endpoints'
		 * readLockMinAge).
		 */
		@Min(0)
		private long readLockMinAgeMs = 1000;

		/**
		 * The inbox read lock: a younger file is taken once unchanged over this interval
		 * (readLockCheckInterval).
		 */
		@Min(1)
		private long readLockCheckIntervalMs = 500;

		public long getReadLockMinAgeMs() {
			return readLockMinAgeMs;
		}

		public void setReadLockMinAgeMs(long readLockMinAgeMs) {
			this.readLockMinAgeMs = readLockMinAgeMs;
		}

		public long getReadLockCheckIntervalMs() {
			return readLockCheckIntervalMs;
		}

		public void setReadLockCheckIntervalMs(long readLockCheckIntervalMs) {
			this.readLockCheckIntervalMs = readLockCheckIntervalMs;
		}

		public int getConcurrency() {
			return concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getMaxAttempts() {
			return maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getIncompleteWait() {
			return incompleteWait;
		}

		public void setIncompleteWait(Duration incompleteWait) {
			this.incompleteWait = incompleteWait;
		}

		public double getRatesMaxDropShare() {
			return ratesMaxDropShare;
		}

		public void setRatesMaxDropShare(double ratesMaxDropShare) {
			this.ratesMaxDropShare = ratesMaxDropShare;
		}

		/**
		 * Camel endpoint URIs of the intake routes (set in application.yaml, one per kind
		 * of file).
		 */
		private String ratesUri;

		private String accountsUri;

		private String fundsUri;

		private String licensesUri;

		public String getLicensesUri() {
			return licensesUri;
		}

		public void setLicensesUri(String licensesUri) {
			this.licensesUri = licensesUri;
		}

		private String cdrUri;

		public String getRatesUri() {
			return ratesUri;
		}

		public void setRatesUri(String ratesUri) {
			this.ratesUri = ratesUri;
		}

		public String getAccountsUri() {
			return accountsUri;
		}

		public void setAccountsUri(String accountsUri) {
			this.accountsUri = accountsUri;
		}

		public String getFundsUri() {
			return fundsUri;
		}

		public void setFundsUri(String fundsUri) {
			this.fundsUri = fundsUri;
		}

		public String getCdrUri() {
			return cdrUri;
		}

		public void setCdrUri(String cdrUri) {
			this.cdrUri = cdrUri;
		}

		public int getBatchSize() {
			return batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getProgressInterval() {
			return progressInterval;
		}

		public void setProgressInterval(Duration progressInterval) {
			this.progressInterval = progressInterval;
		}

		public int getDurationToleranceSeconds() {
			return durationToleranceSeconds;
		}

		public void setDurationToleranceSeconds(int durationToleranceSeconds) {
			this.durationToleranceSeconds = durationToleranceSeconds;
		}

	}

}
