package io.creditshub.licensing;

import java.time.YearMonth;

/**
 * One pool: organization-wide minutes of one type, for users of one usage location, in
 * one calendar month (UTC).
 */
public record PoolKey(String country, PoolType type, YearMonth month) {

	@Override
	public String toString() {
		return type.label() + "/" + country + "/" + month;
	}

}
