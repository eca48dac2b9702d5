package io.creditshub.system;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Issue 17, item 2: when the embedded H2 database closes itself (a full disk: "No space
 * left on device", then every statement answers "database is closed", error 90098), the
 * pool must throw its connections away, so that the next one opens the database again
 * once space is freed. HikariCP only evicts connections on SQL states 08xxx (and a few
 * vendor codes); H2's "closed" codes are not among them, so the running hub kept handing
 * out dead connections until it was restarted. Set by
 * {@code spring.datasource.hikari.exception-override-class-name} (application.yaml).
 */
public class ClosedDatabaseEviction implements SQLExceptionOverride {

	/**
	 * H2: database closed, closed by the VM, connection broken, I/O error, file corrupted
	 * / write failure.
	 */
	static final int[] H2_CLOSED = { 90098, 90121, 90067, 90028, 90030, 90031 };

	@java.lang.Override
	public Override adjudicate(SQLException e) {
		for (SQLException s = e; s != null; s = s.getNextException()) {
			for (int code : H2_CLOSED) {
				if (s.getErrorCode() == code) {
					return Override.MUST_EVICT;
				}
			}
			String m = String.valueOf(s.getMessage());
			if (m.contains("No space left on device") || m.contains("The database has been closed")) {
				return Override.MUST_EVICT;
			}
		}
		return Override.CONTINUE_EVICT;
	}

}
