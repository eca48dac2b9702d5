package io.creditshub.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the jar's real commands in-process, capturing stdout, stderr and the exit code.
 */
final class CliRunner {

	record Result(int code, String out, String err) {
	}

	private CliRunner() {
	}

	/**
	 * Runs {@code args} followed by {@code db} (the test database's --key=value
	 * arguments).
	 */
	static Result run(String[] db, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] all = new String[args.length + db.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(db, 0, all, args.length, db.length);
		// some commands report on System.err directly: capture it too
		PrintStream stderr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			int code = Launcher.execute(all, new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			return new Result(code, out.toString(StandardCharsets.UTF_8),
					err.toString(StandardCharsets.UTF_8) + captured.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setErr(stderr);
		}
	}

}
