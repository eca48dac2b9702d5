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

	void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
		write(response, HttpStatus.FORBIDDEN, "This needs the operator role", request);
	}

	private void write(HttpServletResponse response, HttpStatus status, String detail, HttpServletRequest request)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
