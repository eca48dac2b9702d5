package io.creditshub.api;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Per-organization access: an admin of one organization can neither see nor change
 * another's (API and web console).
 */
@Component
public class Access {

	public Caller caller() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		boolean operator = auth.getAuthorities()
			.stream()
			.anyMatch(a -> a.getAuthority().equals(ApiSecurityConfiguration.OPERATOR));
		return new Caller(auth.getName(), operator, ApiSecurityConfiguration.orgsOf(auth.getAuthorities()));
	}

	/**
	 * @throws ForbiddenException when the caller may not access this organization
	 */
	public void check(String orgId) {
		if (!caller().mayAccess(orgId)) {
			throw new ForbiddenException("You are not an admin of organization '" + orgId + "'");
		}
	}

	public static class ForbiddenException extends RuntimeException {

		ForbiddenException(String message) {
			super(message);
		}

	}

	public static class NotFoundException extends RuntimeException {

		NotFoundException(String message) {
			super(message);
		}

	}

}
