package io.creditshub.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One carrier's SFTP server ({@code credits.carriers[n]}): where the hub fetches CDR and
 * license files, where it archives them afterwards, and where it delivers the suspension
 * file. Documented in README.md ("Carriers").
 *
 * <p>
 * Remote folders are paths on the carrier's server, relative to the login directory
 * ({@code cdr}) or absolute ({@code /data/cdr}); a carrier's folders are either all
 * relative or all absolute.
 */
public class CarrierProperties {

	/** How a complete upload is recognised. */
	public enum Completion {

		/**
		 * The file's size and time stopped changing for {@code read-lock-check-interval}
		 * (readLock=changed).
		 */
		CHANGED,
		/**
		 * The carrier writes {@code <name>.done} (empty) after {@code <name>}; the hub
		 * takes files with one.
		 */
		DONE_FILE

	}

	/** What becomes of a remote file once its postings committed. */
	public enum ArchiveMode {

		/**
		 * Moved to {@code archive-folder}/&lt;yyyy-MM-dd&gt;/&lt;kind&gt;/&lt;org-id&gt;/
		 * on the server.
		 */
		MOVE,
		/** Deleted from the server (the hub keeps its own copy in its local archive/). */
		DELETE

	}

	/** Short name: route ids, log lines, lock names and the local work folder use it. */
	@NotBlank
	@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "lower-case letters, digits and '-' (at most 40)")
	private String name;

	/** Set false to keep the entry but not connect. */
	private boolean enabled = true;

	@NotBlank
	private String host;

	@Min(1)
	@Max(65535)
	private int port = 22;

	@NotBlank
	private String user;

	/**
	 * Password authentication: the password itself (use ${ENV_VAR}, never a literal in a
	 * file)...
	 */
	private String password;

	/**
	 * ...or a file holding it (a mounted secret; surrounding blanks and the final newline
	 * are ignored).
	 */
	private Path passwordFile;

	/**
	 * Key authentication: an OpenSSH or PEM private key file (preferred over a password).
	 */
	private Path privateKeyFile;

	/** Passphrase of the private key, if it has one (${ENV_VAR})... */
	private String privateKeyPassphrase;

	/** ...or a file holding it. */
	private Path privateKeyPassphraseFile;

	/**
	 * The known_hosts file with the server's host key (OpenSSH format;
	 * {@code [host]:port} for ports other than 22). Required while
	 * {@code strict-host-key-checking} is on.
	 */
	private Path knownHostsFile;

	/**
	 * Refuse a server whose host key is not in known_hosts or has changed. Turn off only
	 * for a first look.
	 */
	private boolean strictHostKeyChecking = true;

	/**
	 * Where the carrier drops Teams PSTN usage exports, one sub-folder per organization
	 * id.
	 */
	@NotBlank
	private String cdrFolder = "cdr";

	/**
	 * Where admin-center "Export users" files arrive, one sub-folder per organization id;
	 * empty: not polled.
	 */
	private String licensesFolder = "licenses";

	/**
	 * Processed files go to
	 * &lt;archive-folder&gt;/&lt;yyyy-MM-dd&gt;/&lt;kind&gt;/&lt;org-id&gt;/
	 * (archive-mode MOVE).
	 */
	@NotBlank
	private String archiveFolder = "archive";

	/**
	 * Files refused whole go to &lt;error-folder&gt;/&lt;kind&gt;/&lt;org-id&gt;/ with
	 * &lt;name&gt;.reason.txt beside them.
	 */
	@NotBlank
	private String errorFolder = "error";

	/**
	 * Where the hub uploads the suspension file (outbox/carrier/); empty: nothing is
	 * uploaded to this carrier.
	 */
	private String outboundFolder = "outbound";

	@NotNull
	private ArchiveMode archiveMode = ArchiveMode.MOVE;

	@NotNull
	private Completion completion = Completion.CHANGED;

	/** Time between two polls of a folder. */
	@NotNull
	private Duration pollDelay = Duration.ofSeconds(60);

	/**
	 * Files taken per poll (the others stay free for other hub instances); when a poll
	 * took files the next one starts at once (greedy), so a backlog does not wait for
	 * poll-delay.
	 */
	@Min(1)
	private int maxFilesPerPoll = 20;

	/**
	 * CHANGED: a file is taken when it was last modified at least this long ago and its
	 * size and time then did not change during this interval (a stalled transfer of up to
	 * this long is waited for; issue 17 item 10).
	 */
	@NotNull
	private Duration readLockCheckInterval = Duration.ofSeconds(30);

	/**
	 * CHANGED: give up waiting for a file that keeps changing after this long (retried at
	 * the next poll).
	 */
	@NotNull
	private Duration readLockTimeout = Duration.ofSeconds(120);

	/** Connection and login timeout. */
	@NotNull
	private Duration connectTimeout = Duration.ofSeconds(30);

	/**
	 * A transfer that receives nothing for this long is aborted (and retried at the next
	 * poll).
	 */
	@NotNull
	private Duration readTimeout = Duration.ofSeconds(60);

	/**
	 * After this many failed polls in a row the poll interval is stretched (backoff)...
	 */
	@Min(1)
	private int backoffErrorThreshold = 3;

	/**
	 * ...by skipping this many polls between two attempts, until a poll succeeds again.
	 */
	@Min(1)
	private int backoffMultiplier = 5;

	/** Connection attempts within one poll. */
	@Min(1)
	@Max(10)
	private int connectAttempts = 2;

	/** Pause between two connection attempts within one poll. */
	@NotNull
	private Duration reconnectDelay = Duration.ofSeconds(5);

	/**
	 * Any other Camel sftp endpoint option (e.g. {@code ciphers},
	 * {@code serverHostKeys}); applied last.
	 */
	private Map<String, String> options = new LinkedHashMap<>();

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

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

	public String getUser() {
		return user;
	}

	public void setUser(String user) {
		this.user = user;
	}

	public String getPassword() {
		return password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public Path getPasswordFile() {
		return passwordFile;
	}

	public void setPasswordFile(Path passwordFile) {
		this.passwordFile = passwordFile;
	}

	public Path getPrivateKeyFile() {
		return privateKeyFile;
	}

	public void setPrivateKeyFile(Path privateKeyFile) {
		this.privateKeyFile = privateKeyFile;
	}

	public String getPrivateKeyPassphrase() {
		return privateKeyPassphrase;
	}

	public void setPrivateKeyPassphrase(String privateKeyPassphrase) {
		this.privateKeyPassphrase = privateKeyPassphrase;
	}

	public Path getPrivateKeyPassphraseFile() {
		return privateKeyPassphraseFile;
	}

	public void setPrivateKeyPassphraseFile(Path privateKeyPassphraseFile) {
		this.privateKeyPassphraseFile = privateKeyPassphraseFile;
	}

	public Path getKnownHostsFile() {
		return knownHostsFile;
	}

	public void setKnownHostsFile(Path knownHostsFile) {
		this.knownHostsFile = knownHostsFile;
	}

	public boolean isStrictHostKeyChecking() {
		return strictHostKeyChecking;
	}

	public void setStrictHostKeyChecking(boolean strictHostKeyChecking) {
		this.strictHostKeyChecking = strictHostKeyChecking;
	}

	public String getCdrFolder() {
		return cdrFolder;
	}

	public void setCdrFolder(String cdrFolder) {
		this.cdrFolder = cdrFolder;
	}

	public String getLicensesFolder() {
		return licensesFolder;
	}

	public void setLicensesFolder(String licensesFolder) {
		this.licensesFolder = licensesFolder;
	}

	public String getArchiveFolder() {
		return archiveFolder;
	}

	public void setArchiveFolder(String archiveFolder) {
		this.archiveFolder = archiveFolder;
	}

	public String getErrorFolder() {
		return errorFolder;
	}

	public void setErrorFolder(String errorFolder) {
		this.errorFolder = errorFolder;
	}

	public String getOutboundFolder() {
		return outboundFolder;
	}

	public void setOutboundFolder(String outboundFolder) {
		this.outboundFolder = outboundFolder;
	}

	public ArchiveMode getArchiveMode() {
		return archiveMode;
	}

	public void setArchiveMode(ArchiveMode archiveMode) {
		this.archiveMode = archiveMode;
	}

	public Completion getCompletion() {
		return completion;
	}

	public void setCompletion(Completion completion) {
		this.completion = completion;
	}

	public Duration getPollDelay() {
		return pollDelay;
	}

	public void setPollDelay(Duration pollDelay) {
		this.pollDelay = pollDelay;
	}

	public int getMaxFilesPerPoll() {
		return maxFilesPerPoll;
	}

	public void setMaxFilesPerPoll(int maxFilesPerPoll) {
		this.maxFilesPerPoll = maxFilesPerPoll;
	}

	public Duration getReadLockCheckInterval() {
		return readLockCheckInterval;
	}

	public void setReadLockCheckInterval(Duration readLockCheckInterval) {
		this.readLockCheckInterval = readLockCheckInterval;
	}

	public Duration getReadLockTimeout() {
		return readLockTimeout;
	}

	public void setReadLockTimeout(Duration readLockTimeout) {
		this.readLockTimeout = readLockTimeout;
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

	public int getBackoffErrorThreshold() {
		return backoffErrorThreshold;
	}

	public void setBackoffErrorThreshold(int backoffErrorThreshold) {
		this.backoffErrorThreshold = backoffErrorThreshold;
	}

	public int getBackoffMultiplier() {
		return backoffMultiplier;
	}

	public void setBackoffMultiplier(int backoffMultiplier) {
		this.backoffMultiplier = backoffMultiplier;
	}

	public int getConnectAttempts() {
		return connectAttempts;
	}

	public void setConnectAttempts(int connectAttempts) {
		this.connectAttempts = connectAttempts;
	}

	public Duration getReconnectDelay() {
		return reconnectDelay;
	}

	public void setReconnectDelay(Duration reconnectDelay) {
		this.reconnectDelay = reconnectDelay;
	}

	public Map<String, String> getOptions() {
		return options;
	}

	public void setOptions(Map<String, String> options) {
		this.options = options;
	}

}
