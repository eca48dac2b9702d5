package io.creditshub.api;

import java.util.Set;

/**
 * The authenticated API client: an operator sees every organization, an admin only
 * theirs.
 */
public record Caller(String name, boolean operator, Set<String> orgs) {

	public boolean mayAccess(String orgId) {
		return operator || orgs.contains(orgId);
	}

}
