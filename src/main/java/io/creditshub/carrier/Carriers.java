package io.creditshub.carrier;

import io.creditshub.config.CreditsProperties;
import io.creditshub.config.CarrierProperties;
import io.creditshub.system.DataFolders;
import io.creditshub.config.CarrierProperties.ArchiveMode;
import io.creditshub.config.CarrierProperties.Completion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured carriers ({@code credits.carriers}), checked on start, and what the
 * Camel wiring needs to reach them: endpoint URIs (without secrets: {@link CarrierRoutes}
 * sets passwords on the endpoint objects) and the remote paths of archive and error
 * folders.
 */
@Component
public class Carriers {

	private static final Logger log = LoggerFactory.getLogger(Carriers.class);

	/**
	 * The kinds of file fetched from a carrier: the remote drop folder of each and the
	 * route template.
	 */
	public enum Feed {

		CDR("cdr", "intake-sftp"), LICENSES("licenses", "intake-sftp");

		private final String kind;

		private final String template;

		Feed(String kind, String template) {
			this.kind = kind;
			this.template = template;
		}

		/** The kind's folder name, as in the local inbox (cdr, licenses). */
		public String kind() {
			return kind;
		}

		public String template() {
			return template;
		}

		public String folder(CarrierProperties c) {
			return this == CDR ? c.getCdrFolder() : c.getLicensesFolder();
		}

	}

	private final Map<String, CarrierProperties> carriers = new LinkedHashMap<>();

	private final DataFolders folders;

	public Carriers(CreditsProperties properties, DataFolders folders) {
		this.folders = folders;
		for (CarrierProperties c : properties.getCarriers()) {
			if (carriers.containsKey(c.getName())) {
				throw new IllegalStateException("credits.carriers: the name '" + c.getName() + "' is used twice");
			}
			carriers.put(c.getName(), c);
			if (c.isEnabled()) {
				check(c);
			}
		}
	}

	/** The enabled carriers, in configuration order. */
	public List<CarrierProperties> enabled() {
		return carriers.values().stream().filter(CarrierProperties::isEnabled).toList();
	}

	public List<CarrierProperties> all() {
		return List.copyOf(carriers.values());
	}

	public CarrierProperties get(String name) {
		CarrierProperties c = carriers.get(name);
		if (c == null) {
			throw new IllegalArgumentException("no carrier named '" + name + "' in credits.carriers");
		}
		return c;
	}

	/**
	 * The feeds a carrier is polled for (licenses only when it has a licenses folder).
	 */
	public List<Feed> feeds(CarrierProperties c) {
		return c.getLicensesFolder() == null || c.getLicensesFolder().isBlank() ? List.of(Feed.CDR)
				: List.of(Feed.CDR, Feed.LICENSES);
	}

	public boolean hasOutbound(CarrierProperties c) {
		return c.getOutboundFolder() != null && !c.getOutboundFolder().isBlank();
	}

	/**
	 * Name of the cluster-wide in-progress lock repository of a carrier (a bean in
	 * Camel's registry).
	 */
	public static String lockName(CarrierProperties c) {
		return "sftpLock-" + c.getName();
	}

	public static String pollStrategyName(CarrierProperties c) {
		return "sftpPollStrategy-" + c.getName();
	}

	public static String exceptionHandlerName(CarrierProperties c) {
		return "sftpExceptionHandler-" + c.getName();
	}

	public static String routeId(Feed feed, CarrierProperties c) {
		return "intake-" + feed.kind() + "-sftp-" + c.getName();
	}

	/**
	 * The local folder a carrier's files are downloaded to (streamed to disk, never held
	 * in memory).
	 */
	public Path workFolder(CarrierProperties c, Feed feed) {
		return folders.work().resolve("sftp").resolve(c.getName()).resolve(feed.kind());
	}

	/**
	 * The consumer endpoint of one feed: read lock or done file, local work folder,
	 * archive (by a header the intake sets: archive or error folder) or delete, the
	 * in-progress lock, backoff and timeouts.
	 */
	public String consumerUri(CarrierProperties c, Feed feed) {
		Map<String, String> o = connection(c);
		o.put("recursive", "true");
		o.put("sortBy", "file:name");
		o.put("localWorkDirectory", workFolder(c, feed).toString());
		// the intake decides where the file goes (archive/ or error/) and says so in this
		// header; Camel moves it
		// only after the exchange completed, i.e. after the postings committed (DOMAIN
		// rule 10)
		if (c.getArchiveMode() == ArchiveMode.MOVE) {
			o.put("move", "${header.creditsRemoteMoveTo}");
		}
		else {
			o.put("delete", "true");
		}
		if (c.getCompletion() == Completion.DONE_FILE) {
			o.put("doneFileName", "${file:name}.done");
			o.put("readLock", "none");
		}
		else {
			o.put("readLock", "changed");
			// issue 17, item 10: an upload that pauses under its final name (22 s
			// measured on OpenSSH) must not be
			// taken half-written: the file's time must be at least one check interval
			// old, and its size and time must
			// then stay the same over another interval (docs/faults.md, "SFTP uploads")
			o.put("readLockMinAge", String.valueOf(c.getReadLockCheckInterval().toMillis()));
			o.put("readLockMinLength", "1");
			o.put("fastExistsCheck", "true");
			o.put("readLockCheckInterval", String.valueOf(c.getReadLockCheckInterval().toMillis()));
			o.put("readLockTimeout", String.valueOf(c.getReadLockTimeout().toMillis()));
		}
		o.put("antExclude", "**/*.tmp,**/*.part,**/*.filepart,**/*.inprogress");
		// one hub instance at a time per file; a crashed instance's lock expires
		// (JdbcOrphanLockAwareIdempotentRepository)
		o.put("idempotent", "false");
		o.put("inProgressRepository", "#" + lockName(c));
		o.put("delay", String.valueOf(c.getPollDelay().toMillis()));
		// a poll locks only the files it takes, so several hub instances share a backlog;
		// greedy: poll again at once
		o.put("maxMessagesPerPoll", String.valueOf(c.getMaxFilesPerPoll()));
		o.put("eagerMaxMessagesPerPoll", "true");
		o.put("greedy", "true");
		o.put("backoffErrorThreshold", String.valueOf(c.getBackoffErrorThreshold()));
		o.put("backoffMultiplier", String.valueOf(c.getBackoffMultiplier()));
		o.put("throwExceptionOnConnectFailed", "true");
		o.put("pollStrategy", "#" + pollStrategyName(c));
		o.put("exceptionHandler", "#" + exceptionHandlerName(c));
		c.getOptions().forEach(o::put);
		return uri(c, feed.folder(c), o);
	}

	/**
	 * The producer endpoint (reason and rejects files, the suspension file): the login
	 * directory.
	 */
	public String producerUri(CarrierProperties c) {
		Map<String, String> o = connection(c);
		// written under a temporary name, renamed when complete: the carrier never reads
		// half a file
		o.put("tempFileName", ".${file:onlyname}.part");
		o.put("fileExist", "Override");
		o.put("autoCreate", "true");
		c.getOptions().forEach(o::put);
		return uri(c, "", o);
	}

	private Map<String, String> connection(CarrierProperties c) {
		Map<String, String> o = new LinkedHashMap<>();
		o.put("username", c.getUser());
		if (c.getPrivateKeyFile() != null) {
			o.put("privateKeyFile", c.getPrivateKeyFile().toAbsolutePath().toString());
		}
		if (c.isStrictHostKeyChecking()) {
			o.put("strictHostKeyChecking", "yes");
			o.put("knownHostsFile", c.getKnownHostsFile().toAbsolutePath().toString());
		}
		else {
			o.put("strictHostKeyChecking", "no");
			if (c.getKnownHostsFile() != null) {
				o.put("knownHostsFile", c.getKnownHostsFile().toAbsolutePath().toString());
			}
		}
		o.put("useUserKnownHostsFile", "false");
		o.put("connectTimeout", String.valueOf(c.getConnectTimeout().toMillis()));
		o.put("soTimeout", String.valueOf(c.getReadTimeout().toMillis()));
		o.put("maximumReconnectAttempts", String.valueOf(c.getConnectAttempts()));
		o.put("reconnectDelay", String.valueOf(c.getReconnectDelay().toMillis()));
		return o;
	}

	private static String uri(CarrierProperties c, String folder, Map<String, String> options) {
		// sftp://host:port/cdr: relative to the login directory (the only kind Camel's
		// consumer reads)
		StringJoiner query = new StringJoiner("&");
		options.forEach((k, v) -> query.add(k + "=" + encode(v)));
		return "sftp://" + c.getHost() + ":" + c.getPort() + "/" + folder + "?" + query;
	}

	private static String encode(String value) {
		// Camel reads ${...} and #bean references as they are; only what would break the
		// query is escaped
		return value.replace("%", "%25").replace("&", "%26").replace("+", "%2B").replace(" ", "%20");
	}

	/** The password, read from {@code password} or {@code password-file}. */
	public Optional<String> password(CarrierProperties c) {
		return secret(c.getPassword(), c.getPasswordFile(), c, "password-file");
	}

	public Optional<String> privateKeyPassphrase(CarrierProperties c) {
		return secret(c.getPrivateKeyPassphrase(), c.getPrivateKeyPassphraseFile(), c, "private-key-passphrase-file");
	}

	private static Optional<String> secret(String value, Path file, CarrierProperties c, String key) {
		if (value != null && !value.isEmpty()) {
			return Optional.of(value);
		}
		if (file == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
		}
		catch (IOException e) {
			throw new UncheckedIOException("carrier " + c.getName() + ": cannot read " + key + " " + file, e);
		}
	}

	/**
	 * Where a remote file moves to, as Camel's {@code move} option wants it: relative to
	 * the folder it was polled from, or absolute. {@code target} is a path like
	 * {@code archive/2025-03-03/cdr/contoso/x.csv} in the carrier's layout (relative to
	 * the login directory, or absolute).
	 */
	public static String moveTarget(String polledFolder, String target) {
		if (target.startsWith("/")) {
			return normalize(target);
		}
		StringBuilder up = new StringBuilder();
		for (int i = 0; i < segments(polledFolder).size(); i++) {
			up.append("../");
		}
		return up + normalize(target);
	}

	/**
	 * A path in the carrier's layout as the producer endpoint wants it (relative to its
	 * base).
	 */
	public static String producerPath(String target) {
		String n = normalize(target);
		return n.startsWith("/") ? n.substring(1) : n;
	}

	/** Joins remote path parts with '/', dropping empty parts. */
	public static String join(String... parts) {
		StringJoiner j = new StringJoiner("/");
		for (int i = 0; i < parts.length; i++) {
			String p = parts[i];
			if (p == null || p.isEmpty()) {
				continue;
			}
			j.add(i == 0 ? stripTrailing(p) : strip(p));
		}
		return j.toString();
	}

	private static String strip(String p) {
		String s = p;
		while (s.startsWith("/")) {
			s = s.substring(1);
		}
		return stripTrailing(s);
	}

	private static String stripTrailing(String p) {
		String s = p;
		while (s.length() > 1 && s.endsWith("/")) {
			s = s.substring(0, s.length() - 1);
		}
		return s;
	}

	static String normalize(String path) {
		Deque<String> parts = segments(path);
		String joined = String.join("/", parts);
		return path.startsWith("/") ? "/" + joined : joined;
	}

	private static Deque<String> segments(String path) {
		Deque<String> parts = new ArrayDeque<>();
		for (String s : path.split("/")) {
			if (s.isEmpty() || s.equals(".")) {
				continue;
			}
			if (s.equals("..")) {
				if (parts.isEmpty()) {
					throw new IllegalArgumentException("remote path leaves its root: " + path);
				}
				parts.removeLast();
			}
			else {
				parts.addLast(s);
			}
		}
		return parts;
	}

	private void check(CarrierProperties c) {
		String name = "carrier " + c.getName();
		boolean hasPassword = (c.getPassword() != null && !c.getPassword().isEmpty()) || c.getPasswordFile() != null;
		if (!hasPassword && c.getPrivateKeyFile() == null) {
			throw new IllegalStateException(name + ": set private-key-file (preferred) or password / password-file");
		}
		if (c.getPrivateKeyFile() != null && !Files.isReadable(c.getPrivateKeyFile())) {
			throw new IllegalStateException(name + ": private-key-file " + c.getPrivateKeyFile() + " is not readable");
		}
		password(c);
		privateKeyPassphrase(c);
		if (c.isStrictHostKeyChecking()) {
			if (c.getKnownHostsFile() == null) {
				throw new IllegalStateException(name + ": known-hosts-file is required (the server's host key, OpenSSH "
						+ "known_hosts format); strict-host-key-checking=false only for a first look");
			}
			if (!Files.isReadable(c.getKnownHostsFile())) {
				throw new IllegalStateException(
						name + ": known-hosts-file " + c.getKnownHostsFile() + " is not readable");
			}
		}
		else {
			log.warn("{}: strict host key checking is OFF: the hub will talk to any server answering at {}:{}; "
					+ "turn it on with a known-hosts-file before going live", name, c.getHost(), c.getPort());
		}
		for (String folder : new String[] { c.getCdrFolder(), c.getLicensesFolder(), c.getArchiveFolder(),
				c.getErrorFolder(), c.getOutboundFolder() }) {
			if (folder != null && folder.startsWith("/")) {
				// Camel's SFTP consumer reads its folder relative to the login directory,
				// whatever the URI says (it strips the leading '/' with a warning): an
				// absolute folder would be polled elsewhere and its files never seen
				throw new IllegalStateException(name + ": remote folder " + folder + " is absolute; give every "
						+ "folder relative to the carrier's login directory (for a login directory /upload and the "
						+ "drop folder /upload/cdr: cdr-folder: cdr). A chrooted SFTP account sees only its "
						+ "login directory's tree anyway; `sftp` to the server and `pwd` shows the login directory");
			}
		}
		for (String folder : new String[] { c.getCdrFolder(), c.getLicensesFolder(), c.getArchiveFolder(),
				c.getErrorFolder(), c.getOutboundFolder() }) {
			if (folder != null && !folder.isBlank()) {
				normalize(folder);
			}
		}
		if (c.getCompletion() == Completion.CHANGED
				&& c.getReadLockTimeout().compareTo(c.getReadLockCheckInterval().multipliedBy(2)) < 0) {
			throw new IllegalStateException(
					name + ": read-lock-timeout must be at least twice read-lock-check-interval");
		}
	}

}
