package io.creditshub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code credits.*} keys of the funds lifecycle (issue 4): schedules, auto-recharge
 * and its guard rails, the payment gateway, expiry warnings, email and the carrier
 * outbox. Kept apart from {@link CreditsProperties} (the intake keys). Every key is
 * documented in README.md ("Configuration") with its default.
 */
@Validated
@ConfigurationProperties(prefix = "credits")
public class LifecycleProperties {

	@Valid
	private final Schedule schedule = new Schedule();

	@Valid
	private final Recharge recharge = new Recharge();

	@Valid
	private final Payment payment = new Payment();

	@Valid
	private final Expiry expiry = new Expiry();

	@Valid
	private final Mail mail = new Mail();

	private final Carrier carrier = new Carrier();

	public Carrier getCarrier() {
		return carrier;
	}

	/** The carrier suspension files (outbox/carrier/). */
	public static class Carrier {

		/**
		 * Camel endpoint that polls for suspension events to publish
		 * (routes/outbox-carrier.camel.yaml).
		 */
		private String outboxUri;

		public String getOutboxUri() {
			return outboxUri;
		}

		public void setOutboxUri(String outboxUri) {
			this.outboxUri = outboxUri;
		}

	}

	public Schedule getSchedule() {
		return schedule;
	}

	public Recharge getRecharge() {
		return recharge;
	}

	public Payment getPayment() {
		return payment;
	}

	public Expiry getExpiry() {
		return expiry;
	}

	public Mail getMail() {
		return mail;
	}

	/** When the nightly batches fire, and the time zone that decides what "a day" is. */
	public static class Schedule {

		/**
		 * Camel endpoint of the expiry route (routes/batch-expiry.camel.yaml), a Quartz
		 * cron trigger.
		 */
		private String expiryUri;

		/**
		 * Camel endpoint of the nightly recharge route
		 * (routes/batch-recharge.camel.yaml).
		 */
		private String rechargeUri;

		public String getExpiryUri() {
			return expiryUri;
		}

		public void setExpiryUri(String expiryUri) {
			this.expiryUri = expiryUri;
		}

		public String getRechargeUri() {
			return rechargeUri;
		}

		public void setRechargeUri(String rechargeUri) {
			this.rechargeUri = rechargeUri;
		}

		/**
		 * Time zone of the cron schedules and of business dates (a business date ends at
		 * midnight there).
		 */
		@NotNull
		private ZoneId timeZone = ZoneId.of("UTC");

		/**
		 * Quartz cron of the expiry batch (before the recharge batch, so that it sees the
		 * forfeited balances).
		 */
		@NotBlank
		private String expiryCron = "0 0 1 * * ?";

		/** Quartz cron of the auto-recharge batch. */
		@NotBlank
		private String rechargeCron = "0 0 2 * * ?";

		public ZoneId getTimeZone() {
			return timeZone;
		}

		public void setTimeZone(ZoneId timeZone) {
			this.timeZone = timeZone;
		}

		public String getExpiryCron() {
			return expiryCron;
		}

		public void setExpiryCron(String expiryCron) {
			this.expiryCron = expiryCron;
		}

		public String getRechargeCron() {
			return rechargeCron;
		}

		public void setRechargeCron(String rechargeCron) {
			this.rechargeCron = rechargeCron;
		}

	}

	/** DOMAIN rule 4: auto-recharge and its guard rails. */
	public static class Recharge {

		/**
		 * Camel endpoint that polls for queued immediate recharges
		 * (routes/recharge-immediate.camel.yaml).
		 */
		private String queueUri;

		public String getQueueUri() {
			return queueUri;
		}

		public void setQueueUri(String queueUri) {
			this.queueUri = queueUri;
		}

		/**
		 * Recharge as soon as intake drives a balance below its trigger, instead of
		 * waiting for the night.
		 */
		private boolean immediate = true;

		/** At most this many automatic recharges per account in any 30 days. */
		@Min(1)
		@Max(100)
		private int maxPer30Days = 5;

		/**
		 * After this many consecutive failures auto-recharge pauses for the account
		 * (admins are told).
		 */
		@Min(1)
		@Max(100)
		private int maxConsecutiveFailures = 3;

		/**
		 * A charge another instance started (PENDING) longer ago than this is taken over:
		 * it crashed.
		 */
		@NotNull
		private Duration claimTimeout = Duration.ofMinutes(5);

		public boolean isImmediate() {
			return immediate;
		}

		public void setImmediate(boolean immediate) {
			this.immediate = immediate;
		}

		public int getMaxPer30Days() {
			return maxPer30Days;
		}

		public void setMaxPer30Days(int maxPer30Days) {
			this.maxPer30Days = maxPer30Days;
		}

		public int getMaxConsecutiveFailures() {
			return maxConsecutiveFailures;
		}

		public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
			this.maxConsecutiveFailures = maxConsecutiveFailures;
		}

		public Duration getClaimTimeout() {
			return claimTimeout;
		}

		public void setClaimTimeout(Duration claimTimeout) {
			this.claimTimeout = claimTimeout;
		}

	}

	/** The payment gateway that charges recharges. */
	public static class Payment {

		/** {@code simulated} (built in: demos and tests) or {@code http}. */
		@NotBlank
		private String gateway = "simulated";

		@Valid
		private final Http http = new Http();

		@Valid
		private final Simulated simulated = new Simulated();

		public String getGateway() {
			return gateway;
		}

		public void setGateway(String gateway) {
			this.gateway = gateway;
		}

		public Http getHttp() {
			return http;
		}

		public Simulated getSimulated() {
			return simulated;
		}

		public static class Http {

			/** The charge endpoint: JSON is POSTed here. */
			private String url;

			/**
			 * Sent as {@code Authorization: Bearer <token>} when set (from
			 * CREDITS_GATEWAY_TOKEN).
			 */
			private String token;

			@NotNull
			private Duration connectTimeout = Duration.ofSeconds(5);

			/**
			 * No answer within this is a time-out: the outcome is unknown and the next
			 * try re-uses the key.
			 */
			@NotNull
			private Duration readTimeout = Duration.ofSeconds(30);

			public String getUrl() {
				return url;
			}

			public void setUrl(String url) {
				this.url = url;
			}

			public String getToken() {
				return token;
			}

			public void setToken(String token) {
				this.token = token;
			}

			public Duration getConnectTimeout() {
				return connectTimeout;
			}

			public void setConnectTimeout(Duration connectTimeout) {
				this.connectTimeout = connectTimeout;
			}

			public Duration getReadTimeout() {
				return readTimeout;
			}

			public void setReadTimeout(Duration readTimeout) {
				this.readTimeout = readTimeout;
			}

		}

		public static class Simulated {

			/** Payment method references the simulated gateway declines. */
			private List<String> declinedMethods = new ArrayList<>();

			/**
			 * Payment method references for which the simulated gateway times out
			 * (without charging).
			 */
			private List<String> timeoutMethods = new ArrayList<>();

			public List<String> getDeclinedMethods() {
				return declinedMethods;
			}

			public void setDeclinedMethods(List<String> declinedMethods) {
				this.declinedMethods = declinedMethods;
			}

			public List<String> getTimeoutMethods() {
				return timeoutMethods;
			}

			public void setTimeoutMethods(List<String> timeoutMethods) {
				this.timeoutMethods = timeoutMethods;
			}

		}

	}

	/** DOMAIN rule 3: expiry warnings. */
	public static class Expiry {

		/**
		 * Admins are warned this many days before a lot with money left expires (each
		 * warning once).
		 */
		@NotEmpty
		private List<@Min(1) Integer> warningDays = new ArrayList<>(List.of(30, 2));

		public List<Integer> getWarningDays() {
			return warningDays;
		}

		public void setWarningDays(List<Integer> warningDays) {
			this.warningDays = warningDays;
		}

	}

	/** Email: SMTP when a host is set, otherwise .eml files in outbox/mail/. */
	public static class Mail {

		/** Camel endpoint that polls the email outbox (routes/outbox-mail.camel.yaml). */
		private String outboxUri;

		public String getOutboxUri() {
			return outboxUri;
		}

		public void setOutboxUri(String outboxUri) {
			this.outboxUri = outboxUri;
		}

		/**
		 * SMTP host; empty (the default) writes every email as an .eml file to
		 * outbox/mail/ instead.
		 */
		private String host = "";

		@Min(1)
		@Max(65535)
		private int port = 25;

		/** none, starttls (upgrade the connection, required) or ssl (SMTPS). */
		@NotBlank
		private String security = "none";

		private String username = "";

		private String password = "";

		@NotBlank
		private String from = "credits-hub <no-reply@credits-hub.invalid>";

		@NotNull
		private Duration connectionTimeout = Duration.ofSeconds(10);

		/** Emails sent per pass of the outbox. */
		@Min(1)
		private int batchSize = 100;

		/**
		 * First wait after a failed send; doubles at each failure up to {@code retryMax}.
		 */
		@NotNull
		private Duration retryInitial = Duration.ofSeconds(30);

		@NotNull
		private Duration retryMax = Duration.ofHours(1);

		public String getHost() {
			return host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getSecurity() {
			return security;
		}

		public void setSecurity(String security) {
			this.security = security;
		}

		public String getUsername() {
			return username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getFrom() {
			return from;
		}

		public void setFrom(String from) {
			this.from = from;
		}

		public Duration getConnectionTimeout() {
			return connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public int getBatchSize() {
			return batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getRetryInitial() {
			return retryInitial;
		}

		public void setRetryInitial(Duration retryInitial) {
			this.retryInitial = retryInitial;
		}

		public Duration getRetryMax() {
			return retryMax;
		}

		public void setRetryMax(Duration retryMax) {
			this.retryMax = retryMax;
		}

	}

}
