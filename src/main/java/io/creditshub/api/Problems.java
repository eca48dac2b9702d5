package io.creditshub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/** RFC 9457 problem details for the security layer (401, 403). */
@Component
class Problems {

	private final ObjectMapper json;

	Problems(ObjectMapper json) {
		this.json = json;
	}

	void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"credits-hub\", Bearer");
		write(response, HttpStatus.UNAUTHORIZED, "Authentication required: HTTP basic or a bearer token", request);
	}

	void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
			throws IOException {
		write(response, HttpStatus.FORBIDDEN, "This needs the operator role", request);
	}

	/**
	 * 409: what the request asks conflicts with what was done before (e.g. an order
	 * reference with another amount).
	 */
	static final class ConflictException extends RuntimeException {

		final java.math.BigDecimal existingAmount, requestedAmount;

		ConflictException(String message, java.math.BigDecimal existingAmount, java.math.BigDecimal requestedAmount) {
			super(message);
			this.existingAmount = existingAmount;
			this.requestedAmount = requestedAmount;
		}

	}

	/**
	 * A value from the request, cut and cleaned for a message (no control characters, at
	 * most 40 characters).
	 */
	static String echo(String s) {
		String clean = s.replaceAll("\\p{Cntrl}", "?");
		return "'" + (clean.length() > 40 ? clean.substring(0, 40) + "…" : clean) + "'";
	}

	/**
	 * 400 for a request the firewall refuses (a path with "..", ";", an encoded
	 * slash...), before authentication.
	 */
	void rejected(HttpServletRequest request, HttpServletResponse response) throws IOException {
		write(response, HttpStatus.BAD_REQUEST, "The request path is not acceptable (\"..\", \";\" or an encoded "
				+ "character the API does not allow)", request);
	}

	/** 413 for a request body larger than the API accepts. */
	void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		write(response, HttpStatus.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes", request);
	}

	private void write(HttpServletResponse response, HttpStatus status, String detail, HttpServletRequest request)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		try {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		catch (IllegalArgumentException notAUri) {
			// a rejected path may not even be a URI: no instance then
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
