package io.creditshub.notify;

import io.creditshub.config.LifecycleProperties;
import io.creditshub.persistence.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The email outbox. {@link #enqueue} writes an email in the caller's transaction (the one
 * that posts the change it reports), so an email exists if and only if its change
 * committed; {@link #sendDue} sends after the commit (the outbox-mail route, and the
 * batch commands before they exit). Each email has a unique dedup key: queued once, sent
 * once. A send that fails (SMTP down) is retried with exponential backoff until it
 * succeeds.
 */
@Service("mailOutbox")
public class MailOutbox {

	private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

	private static final Duration CLAIM = Duration.ofMinutes(2);

	private final JdbcClient jdbc;

	private final MailSender sender;

	private final Clock clock;

	private final LifecycleProperties.Mail config;

	public MailOutbox(JdbcClient jdbc, MailSender sender, Clock clock, LifecycleProperties properties) {
		this.jdbc = jdbc;
		this.sender = sender;
		this.clock = clock;
		this.config = properties.getMail();
	}

	/**
	 * Queues an email in the current transaction; does nothing when an email with the
	 * same dedup key exists.
	 * @return true if it was queued now
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean enqueue(Email email) {
		Instant now = clock.instant();
		String id = "<" + HexFormat.of().formatHex(sha(email.dedupKey()), 0, 12) + "."
				+ UUID.randomUUID().toString().substring(0, 8) + "@credits-hub>";
		// INSERT ... WHERE NOT EXISTS: never a failing statement (on PostgreSQL it would
		// abort the posting transaction)
		int n = jdbc
			.sql("""
					INSERT INTO email_outbox (dedup_key, org_id, kind, recipients, subject, text_body, html_body, message_id,
					  status, attempts, next_attempt_at, created_at, attachment_path, attachment_name)
					SELECT :key, :org, :kind, :to, :subject, :text, :html, :mid, :status, 0, :now, :now, :apath, :aname
					WHERE NOT EXISTS (SELECT 1 FROM email_outbox WHERE dedup_key = :key)""")
			.param("key", email.dedupKey())
			.param("org", email.orgId())
			.param("kind", email.kind().name())
			.param("to", Sql.fit(String.join(";", email.recipients()), 1000))
			.param("subject", Sql.fit(email.subject(), 300))
			.param("text", email.text())
			.param("html", email.html())
			.param("mid", id)
			.param("status", email.recipients().isEmpty() ? "NO_RECIPIENT" : "PENDING")
			.param("apath", email.attachment() == null ? null : email.attachment().toAbsolutePath().toString())
			.param("aname", email.attachment() == null ? null : email.attachment().getFileName().toString())
			.param("now", Sql.ts(now))
			.update();
		if (n == 1 && email.recipients().isEmpty()) {
			log.warn("{} email for {} not sent: the organization has no admin email address", email.kind(),
					email.orgId());
		}
		return n == 1;
	}

	/**
	 * Sends every email that is due; returns how many were sent. Safe to run on several
	 * instances at once.
	 */
	public int sendDue() {
		Instant now = clock.instant();
		List<Long> due = jdbc.sql("""
				SELECT email_id FROM email_outbox
				WHERE status = 'PENDING' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)
				ORDER BY email_id""").param("now", Sql.ts(now)).query(Long.class).list();
		int sent = 0;
		List<Long> batch = due.subList(0, Math.min(due.size(), config.getBatchSize()));
		for (int i = 0; i < batch.size(); i++) {
			Outcome o = send(batch.get(i), now);
			if (o == Outcome.SENT) {
				sent++;
			}
			else if (o == Outcome.SERVER_DOWN) {
				// the server cannot be reached: the others of this pass would wait for
				// the same time-out, one by one;
				// they count the same failed attempt and wait their backoff
				for (Long other : batch.subList(i + 1, batch.size())) {
					postpone(other, now, "not tried: the mail server could not be reached for email " + batch.get(i));
				}
				break;
			}
		}
		return sent;
	}

	private enum Outcome {

		SENT, SKIPPED, FAILED, SERVER_DOWN

	}

	private void postpone(long id, Instant now, String error) {
		int attempts = jdbc.sql("SELECT attempts FROM email_outbox WHERE email_id = :id")
			.param("id", id)
			.query(Integer.class)
			.single() + 1;
		jdbc.sql("UPDATE email_outbox SET attempts = :n, next_attempt_at = :next, last_error = :error "
				+ "WHERE email_id = :id AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < :now)")
			.param("n", attempts)
			.param("next",
					Sql.ts(clock.instant().plus(backoff(attempts, config.getRetryInitial(), config.getRetryMax()))))
			.param("error", Sql.fit(error, 1000))
			.param("id", id)
			.param("now", Sql.ts(now))
			.update();
	}

	/**
	 * A failure of the connection (not of one message): refused, unreachable, timed out.
	 */
	static boolean serverDown(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
					|| t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException
					|| t.getClass().getSimpleName().equals("MailConnectException")) {
				return true;
			}
		}
		return false;
	}

	private Outcome send(long id, Instant now) {
		// claim it: two instances never send the same email at once
		int claimed = jdbc.sql("""
				UPDATE email_outbox SET claimed_until = :until
				WHERE email_id = :id AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < :now)""")
			.param("until", Sql.ts(now.plus(CLAIM)))
			.param("id", id)
			.param("now", Sql.ts(now))
			.update();
		if (claimed == 0) {
			return Outcome.SKIPPED;
		}
		var row = jdbc
			.sql("""
					SELECT kind, recipients, subject, text_body, html_body, message_id, attempts, created_at, attachment_path,
					  attachment_name FROM email_outbox WHERE email_id = :id""")
			.param("id", id)
			.query()
			.singleRow();
		int attempts = ((Number) row.get("attempts")).intValue() + 1;
		try {
			List<String> to = Arrays.stream(((String) row.get("recipients")).split(";"))
				.filter(s -> !s.isBlank())
				.toList();
			sender.send(id,
					MimeMessages.build(config.getFrom(), to, (String) row.get("subject"), (String) row.get("text_body"),
							(String) row.get("html_body"), (String) row.get("message_id"), (String) row.get("kind"),
							clock.instant(), (String) row.get("attachment_path"), (String) row.get("attachment_name")));
			jdbc.sql(
					"""
							UPDATE email_outbox SET status = 'SENT', attempts = :n, sent_at = :now, claimed_until = NULL, last_error = NULL
							WHERE email_id = :id""")
				.param("n", attempts)
				.param("now", Sql.ts(clock.instant()))
				.param("id", id)
				.update();
			log.info("email {} ({}) sent to {}: {}", id, row.get("kind"), row.get("recipients"), row.get("subject"));
			return Outcome.SENT;
		}
		catch (Exception e) {
			Duration wait = backoff(attempts, config.getRetryInitial(), config.getRetryMax());
			String error = e.getClass().getSimpleName() + ": " + e.getMessage();
			jdbc.sql(
					"""
							UPDATE email_outbox SET attempts = :n, next_attempt_at = :next, claimed_until = NULL, last_error = :error
							WHERE email_id = :id""")
				.param("n", attempts)
				.param("next", Sql.ts(clock.instant().plus(wait)))
				.param("error", Sql.fit(error, 1000))
				.param("id", id)
				.update();
			log.warn("email {} not sent (attempt {}), retry in {} s via {}: {}", id, attempts, wait.toSeconds(),
					sender.describe(), error);
			return serverDown(e) ? Outcome.SERVER_DOWN : Outcome.FAILED;
		}
	}

	/** Exponential backoff: initial, 2x, 4x ... capped at max. */
	static Duration backoff(int attempts, Duration initial, Duration max) {
		Duration d = initial;
		for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
			d = d.multipliedBy(2);
		}
		return d.compareTo(max) > 0 ? max : d;
	}

	/** Emails waiting to be sent (for the command line and the tests). */
	public long pending() {
		return jdbc.sql("SELECT COUNT(*) FROM email_outbox WHERE status = 'PENDING'").query(Long.class).single();
	}

	private static byte[] sha(String s) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256")
				.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
