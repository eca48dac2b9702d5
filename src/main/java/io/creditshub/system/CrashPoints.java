package io.creditshub.system;

import org.springframework.stereotype.Component;

/**
 * Where the exactly-once tests make the hub fail on purpose, to prove that a crash in the
 * middle leaves nothing (a CDR file's transaction after N rows) or never charges twice
 * (an auto-recharge after the gateway charged). Not configuration: nothing in
 * application.yaml or on the command line sets it; only a test holding this bean does,
 * and in production it never fires.
 */
@Component
public class CrashPoints {

	private volatile int failAfterRows;

	private volatile boolean failAfterGateway;

	/**
	 * A CDR file's posting transaction fails while reading the row after this many (0:
	 * never).
	 */
	public void failAfterRows(int rows) {
		this.failAfterRows = rows;
	}

	/**
	 * The transaction that records the gateway's answer fails, after the gateway charged.
	 */
	public void failAfterGateway(boolean fail) {
		this.failAfterGateway = fail;
	}

	/** Called for each row of a CDR file. */
	public void row(int row) {
		int n = failAfterRows;
		if (n > 0 && row > n) {
			throw new IllegalStateException("crash point: a CDR file fails after " + n + " rows");
		}
	}

	/** Called after the gateway answered, before the answer is committed. */
	public void afterGateway() {
		if (failAfterGateway) {
			throw new IllegalStateException(
					"crash point: the recharge fails after the gateway charged, before the commit");
		}
	}

}
