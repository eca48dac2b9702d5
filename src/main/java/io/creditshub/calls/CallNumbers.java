package io.creditshub.calls;

import java.util.ArrayDeque;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Numbers for new calls ({@code call_record.call_no}, the sequential surrogate the ledger
 * references; issue 14), drawn from {@code call_no_seq} in blocks of {@value #BLOCK}: one
 * round trip per block, and hubs running at once never get the same number (a sequence is
 * not transactional). Numbers of rejected rows or of a rolled-back file are not reused;
 * the gaps are harmless (the number only names and orders the call). Not thread-safe: one
 * per file.
 */
public final class CallNumbers {

	/** The sequence's increment (migration V20261130_200). */
	public static final int BLOCK = 1000;

	private final JdbcTemplate jdbc;

	private final String nextBlock;

	/** the first number of each reserved block, and where we are in the first */
	private final ArrayDeque<Long> blocks = new ArrayDeque<>();

	private int used;

	CallNumbers(JdbcTemplate jdbc, boolean postgres) {
		this.jdbc = jdbc;
		this.nextBlock = postgres ? "SELECT nextval('call_no_seq')" : "SELECT NEXT VALUE FOR call_no_seq";
	}

	/**
	 * Makes sure {@code n} numbers are at hand, so that {@link #next()} runs no
	 * statement: call it while the connection is free (not in the middle of a COPY).
	 */
	public void reserve(int n) {
		while ((long) blocks.size() * BLOCK - used < n) {
			blocks.addLast(jdbc.queryForObject(nextBlock, Long.class));
		}
	}

	/** The next number (reserving a block if none is at hand). */
	public long next() {
		if (blocks.isEmpty()) {
			reserve(1);
		}
		long n = blocks.peekFirst() + used++;
		if (used == BLOCK) {
			blocks.removeFirst();
			used = 0;
		}
		return n;
	}

}
