package io.creditshub.api;

import jakarta.validation.ConstraintViolationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every API error as an RFC 9457 problem detail with a clear message; never a stack
 * trace.
 */
@RestControllerAdvice(basePackages = "io.creditshub.api")
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(Access.ForbiddenException.class)
	ProblemDetail forbidden(Access.ForbiddenException e) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
	}

	@ExceptionHandler(Access.NotFoundException.class)
	ProblemDetail notFound(Access.NotFoundException e) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
	}

	@ExceptionHandler(Problems.ConflictException.class)
	ProblemDetail conflict(Problems.ConflictException e) {
		ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
		p.setProperty("existingAmount", e.existingAmount);
		p.setProperty("requestedAmount", e.requestedAmount);
		return p;
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalid(MethodArgumentNotValidException e) {
		ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not valid");
		Map<String, String> errors = new LinkedHashMap<>();
		e.getBindingResult().getFieldErrors().forEach(f -> errors.put(f.getField(), f.getDefaultMessage()));
		e.getBindingResult().getGlobalErrors().forEach(g -> errors.put(g.getObjectName(), g.getDefaultMessage()));
		p.setProperty("errors", errors);
		return p;
	}

	@ExceptionHandler({ IllegalArgumentException.class, MethodArgumentTypeMismatchException.class,
			MissingServletRequestParameterException.class, HttpMessageNotReadableException.class,
			ConstraintViolationException.class, HandlerMethodValidationException.class })
	ProblemDetail badRequest(Exception e) {
		String detail = e instanceof MethodArgumentTypeMismatchException m
				? "Parameter '" + m.getName() + "' has an invalid value: " + m.getValue()
				: e instanceof HttpMessageNotReadableException ? notReadable(e)
						: e instanceof HandlerMethodValidationException ? "Invalid request parameters" : e.getMessage();
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
	}

	/**
	 * The reason a body could not be read, when it is ours (an unknown field, a number
	 * out of range).
	 */
	private static String notReadable(Exception e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof IllegalArgumentException && t.getMessage() != null
					&& t.getMessage().startsWith("unknown field")) {
				return "The request body is not valid for this endpoint: " + t.getMessage();
			}
		}
		return "The request body is not valid JSON for this endpoint";
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception e) {
		if (e instanceof org.springframework.web.ErrorResponse known) {
			return known.getBody(); // 404 no such path, 405 method not allowed...
		}
		log.error("API request failed", e);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The hub could not complete the request; the error is in its log");
	}

}
