package io.creditshub.carrier;

import io.creditshub.config.CarrierProperties;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import io.creditshub.carrier.CarrierConnectionState.Problem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Vector;
import org.springframework.stereotype.Component;

/**
 * An on-demand check of a carrier connection, as the pollers make it (same host key
 * check, same credentials): connects, logs in, and counts the files waiting in the drop
 * folders. Used by {@code carriers --check}; the result also feeds
 * {@link CarrierConnectionState}.
 */
@Component
public class CarrierCheck {

	/** What a check found. */
	public record Result(String carrier, boolean ok, Problem problem, String detail, String hostKeyFingerprint,
			Map<String, Integer> waiting) {
	}

	private final Carriers carriers;

	private final CarrierConnectionState state;

	public CarrierCheck(Carriers carriers, CarrierConnectionState state) {
		this.carriers = carriers;
		this.state = state;
	}

	public Result check(CarrierProperties c) {
		state.register(c);
		Session session = null;
		try {
			JSch jsch = new JSch();
			if (c.getKnownHostsFile() != null) {
				jsch.setKnownHosts(c.getKnownHostsFile().toAbsolutePath().toString());
			}
			if (c.getPrivateKeyFile() != null) {
				byte[] passphrase = carriers.privateKeyPassphrase(c)
					.map(p -> p.getBytes(StandardCharsets.UTF_8))
					.orElse(null);
				jsch.addIdentity(c.getPrivateKeyFile().toAbsolutePath().toString(), passphrase);
			}
			session = jsch.getSession(c.getUser(), c.getHost(), c.getPort());
			carriers.password(c).ifPresent(session::setPassword);
			session.setConfig("StrictHostKeyChecking", c.isStrictHostKeyChecking() ? "yes" : "no");
			session.setTimeout((int) c.getReadTimeout().toMillis());
			session.connect((int) c.getConnectTimeout().toMillis());
			String fingerprint = session.getHostKey().getType() + " " + session.getHostKey().getFingerPrint(jsch);
			ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
			sftp.connect((int) c.getConnectTimeout().toMillis());
			Map<String, Integer> waiting = new LinkedHashMap<>();
			for (Carriers.Feed feed : carriers.feeds(c)) {
				waiting.put(feed.folder(c), waiting(sftp, feed.folder(c)));
			}
			sftp.disconnect();
			state.succeeded(c.getName());
			return new Result(c.getName(), true, Problem.NONE, "ok", fingerprint, waiting);
		}
		catch (JSchException | SftpException | RuntimeException e) {
			state.failed(c.getName(), e);
			var s = state.get(c.getName());
			return new Result(c.getName(), false, s.problem(), s.detail(), "", Map.of());
		}
		finally {
			if (session != null) {
				session.disconnect();
			}
		}
	}

	/**
	 * Files waiting in a drop folder: in its organization sub-folders, and misplaced ones
	 * directly in it.
	 */
	private static int waiting(ChannelSftp sftp, String folder) throws SftpException {
		int n = 0;
		Vector<ChannelSftp.LsEntry> entries;
		try {
			entries = sftp.ls(folder);
		}
		catch (SftpException e) {
			if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
				return 0; // created by the first poll
			}
			throw e;
		}
		for (ChannelSftp.LsEntry entry : entries) {
			String name = entry.getFilename();
			if (name.startsWith(".")) {
				continue;
			}
			if (entry.getAttrs().isDir()) {
				for (ChannelSftp.LsEntry f : sftp.ls(Carriers.join(folder, name))) {
					if (!f.getAttrs().isDir() && taken(f.getFilename())) {
						n++;
					}
				}
			}
			else if (taken(name)) {
				n++;
			}
		}
		return n;
	}

	/**
	 * As the pollers see it: hidden files, partial uploads and done markers are not files
	 * to take.
	 */
	private static boolean taken(String name) {
		String n = name.toLowerCase(java.util.Locale.ROOT);
		return !n.startsWith(".") && !n.endsWith(".tmp") && !n.endsWith(".part") && !n.endsWith(".filepart")
				&& !n.endsWith(".inprogress") && !n.endsWith(".done");
	}

}
