package io.creditshub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server for the carrier tests (Apache MINA SSHD, like Camel's own
 * SftpEmbeddedInfraService): a random port on 127.0.0.1, an EC host key generated into a
 * temp folder (kept across restarts, like a real server's), one home folder per user (a
 * virtual file system rooted in a temp folder), password or public-key login. It writes
 * the known_hosts file a client needs, and a client key pair in OpenSSH format.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

	private final Path dir;

	private final Path hostKey;

	private final Map<String, String> passwords = new ConcurrentHashMap<>();

	private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();

	private final VirtualFileSystemFactory fileSystem = new VirtualFileSystemFactory();

	private final List<SftpEventListener> listeners = new CopyOnWriteArrayList<>();

	private SshServer server;

	private int port;

	public EmbeddedSftpServer() {
		try {
			dir = Files.createTempDirectory("credits-hub-sftp");
			hostKey = dir.resolve("host-key.ser");
			fileSystem.setDefaultHomeDir(Files.createDirectories(dir.resolve("home/default")));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Adds a user with a password and its own home folder; returns the home folder (the
	 * carrier's "/").
	 */
	public Path userWithPassword(String user, String password) {
		passwords.put(user, password);
		return home(user);
	}

	/**
	 * Adds a user that logs in with a key; writes the private key (OpenSSH format) to a
	 * file and returns it.
	 */
	public Path userWithKey(String user) {
		try {
			KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
			g.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = g.generateKeyPair();
			keys.put(user, pair.getPublic());
			home(user);
			Path file = dir.resolve(user + "_ecdsa");
			try (OutputStream out = Files.newOutputStream(file)) {
				OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, user + "@carrier-test", null, out);
			}
			return file;
		}
		catch (IOException | GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	public Path home(String user) {
		try {
			Path home = Files.createDirectories(dir.resolve("home").resolve(user));
			fileSystem.setUserHomeDir(user, home);
			return home;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public void addListener(SftpEventListener listener) {
		listeners.add(listener);
	}

	public void removeListener(SftpEventListener listener) {
		listeners.remove(listener);
	}

	/**
	 * Starts on a random port the first time, on the same port (and with the same host
	 * key) after a stop.
	 */
	public synchronized EmbeddedSftpServer start() {
		try {
			server = SshServer.setUpDefaultServer();
			server.setHost("127.0.0.1");
			server.setPort(port);
			SimpleGeneratorHostKeyProvider keyProvider = new SimpleGeneratorHostKeyProvider(hostKey);
			keyProvider.setAlgorithm(KeyUtils.EC_ALGORITHM);
			keyProvider.setKeySize(256);
			server.setKeyPairProvider(keyProvider);
			server.setPasswordAuthenticator((user, password, session) -> password.equals(passwords.get(user)));
			server.setPublickeyAuthenticator(
					(user, key, session) -> keys.containsKey(user) && KeyUtils.compareKeys(keys.get(user), key));
			SftpSubsystemFactory sftp = new SftpSubsystemFactory();
			sftp.addSftpEventListener(new SftpEventListener() {
				@Override
				public void reading(org.apache.sshd.server.session.ServerSession session, String remoteHandle,
						org.apache.sshd.sftp.server.FileHandle localHandle, long offset, byte[] data, int dataOffset,
						int dataLen) throws IOException {
					for (SftpEventListener l : listeners) {
						l.reading(session, remoteHandle, localHandle, offset, data, dataOffset, dataLen);
					}
				}

				@Override
				public void moved(org.apache.sshd.server.session.ServerSession session, Path srcPath, Path dstPath,
						java.util.Collection<java.nio.file.CopyOption> opts, Throwable thrown) throws IOException {
					for (SftpEventListener l : listeners) {
						l.moved(session, srcPath, dstPath, opts, thrown);
					}
				}
			});
			server.setSubsystemFactories(List.of(sftp));
			server.setFileSystemFactory(fileSystem);
			server.start();
			port = server.getPort();
			return this;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot start the embedded SFTP server", e);
		}
	}

	/**
	 * Stops at once, dropping every open session (a crash or a network cut, as the hub
	 * sees it).
	 */
	public synchronized void stop() {
		try {
			if (server != null) {
				server.stop(true);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public boolean isRunning() {
		return server != null && server.isStarted();
	}

	public int port() {
		return port;
	}

	/** A known_hosts file that lists this server's host key for [127.0.0.1]:port. */
	public Path knownHosts() {
		try {
			return writeKnownHosts("known_hosts",
					server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
		}
		catch (IOException | GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * A known_hosts file that lists another key for this server (as if its key had
	 * changed, or an impostor).
	 */
	public Path knownHostsWithAnotherKey() {
		try {
			KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
			g.initialize(new ECGenParameterSpec("secp256r1"));
			return writeKnownHosts("known_hosts_other", g.generateKeyPair().getPublic());
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A known_hosts file without this server (another host only). */
	public Path knownHostsWithoutThisServer() {
		try {
			KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
			g.initialize(new ECGenParameterSpec("secp256r1"));
			Path file = dir.resolve("known_hosts_empty");
			Files.writeString(file,
					"[sftp.elsewhere.example]:2222 " + PublicKeyEntry.toString(g.generateKeyPair().getPublic()) + "\n",
					StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException | GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private Path writeKnownHosts(String name, PublicKey key) {
		try {
			Path file = dir.resolve(name);
			Files.writeString(file, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n",
					StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Every regular file under a user's home, as paths relative to it
	 * ("archive/2025-03-03/cdr/acme/x.csv").
	 */
	public List<String> files(String user) {
		Path home = dir.resolve("home").resolve(user);
		for (int attempt = 1;; attempt++) {
			try (Stream<Path> s = Files.walk(home)) {
				return s.filter(Files::isRegularFile)
					.map(p -> home.relativize(p).toString().replace('\\', '/'))
					.sorted()
					.toList();
			}
			catch (IOException | UncheckedIOException e) {
				// the hub renames its temporary uploads (.part) while we look: look again
				Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
				if (!(cause instanceof java.nio.file.NoSuchFileException) || attempt >= 10) {
					throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
				}
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

}
