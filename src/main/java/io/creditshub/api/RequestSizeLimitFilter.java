package io.creditshub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Issue 12: the API's request bodies are small JSON documents; a body declared larger
 * than {@link #MAX_BYTES} is answered 413 with a problem detail before anything reads it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	/** The largest request body the API reads (64 KiB). */
	static final long MAX_BYTES = 64 * 1024;

	private final Problems problems;

	RequestSizeLimitFilter(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			problems.tooLarge(request, response, MAX_BYTES);
			return;
		}
		chain.doFilter(request, response);
	}

}
