package io.creditshub.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * JDBC binding helpers shared by the repositories (timestamps are stored with time zone,
 * in UTC).
 */
public final class Sql {

	private Sql() {
	}

	public static OffsetDateTime ts(Instant instant) {
		return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
		if (instant == null) {
			ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
		}
		else {
			ps.setObject(index, ts(instant));
		}
	}

	public static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	public static void setLongOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.BIGINT);
		}
		else {
			ps.setLong(index, value);
		}
	}

	public static void setIntOrNull(PreparedStatement ps, int index, Integer value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.INTEGER);
		}
		else {
			ps.setInt(index, value);
		}
	}

	/** Cuts a text to fit a varchar column. */
	public static String fit(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
	}

}
