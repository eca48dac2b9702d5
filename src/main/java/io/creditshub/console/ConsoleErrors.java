package io.creditshub.console;

import io.creditshub.api.Access;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's error pages: what went wrong in a sentence and where to go next, never a
 * stack trace. Covers exceptions of the console's controllers (403 for another
 * organization, 404, 400, 500 with the error in the log), the security layer's 403 (wrong
 * role, a form without its CSRF token) and Spring's /error for console URLs (unknown
 * page).
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

	private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

	private final Access access;

	ConsoleErrors(Access access) {
		this.access = access;
	}

	ModelAndView page(HttpStatus status, String message) {
		return page(access, status, message);
	}

	static ModelAndView page(Access access, HttpStatus status, String message) {
		ModelAndView mv = new ModelAndView("console/error", new java.util.HashMap<>(
				Map.of("status", status.value(), "title", status.getReasonPhrase(), "message", message)));
		mv.addObject("caller", ConsolePages.CallerAdvice.current(access));
		mv.setStatus(status);
		return mv;
	}

	@ExceptionHandler(Access.ForbiddenException.class)
	ModelAndView forbidden(Access.ForbiddenException e) {
		return page(HttpStatus.FORBIDDEN, e.getMessage() + ". Ask an operator if you need access.");
	}

	/** No such organization, carrier... */
	static class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message);
		}

	}

	@ExceptionHandler(NotFound.class)
	ModelAndView notFound(NotFound e) {
		return page(HttpStatus.NOT_FOUND, e.getMessage() + ".");
	}

	@ExceptionHandler({ IllegalArgumentException.class,
			org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
			org.springframework.web.bind.MissingServletRequestParameterException.class })
	ModelAndView badRequest(Exception e) {
		String detail = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
				? "'" + m.getValue() + "' is not a valid " + m.getName() : e.getMessage();
		return page(HttpStatus.BAD_REQUEST, detail + ". Go back and correct it.");
	}

	@ExceptionHandler(Exception.class)
	ModelAndView unexpected(Exception e, HttpServletRequest request) throws Exception {
		if (e instanceof org.springframework.security.access.AccessDeniedException
				|| e instanceof org.springframework.security.core.AuthenticationException) {
			throw e; // the security layer answers (login page, 403)
		}
		if (e instanceof org.springframework.web.ErrorResponse known) {
			return page(HttpStatus.valueOf(known.getStatusCode().value()), "There is no such page or action here.");
		}
		log.error("console request {} failed", request.getRequestURI(), e);
		return page(HttpStatus.INTERNAL_SERVER_ERROR,
				"The hub could not complete this request; the error is in its log. Try again, or tell an operator.");
	}

	/** The security layer's 403 (operator pages, a form without its CSRF token). */
	@org.springframework.stereotype.Controller
	@io.swagger.v3.oas.annotations.Hidden
	static class Denied {

		private final Access access;

		Denied(Access access) {
			this.access = access;
		}

		@RequestMapping("/console/denied")
		ModelAndView denied(HttpServletRequest request, HttpServletResponse response) {
			Object cause = request.getAttribute(WebAttributes.ACCESS_DENIED_403);
			String message = cause instanceof CsrfException
					? "This form was not accepted: it carried no valid security token (it may have expired). Reload the page and send it again."
					: "This page needs the operator role.";
			return page(access, HttpStatus.FORBIDDEN, message);
		}

	}

	/**
	 * Spring MVC's own errors on console URLs that no console controller handles (an
	 * unknown page: no resource; a wrong method): with
	 * {@code spring.mvc.problemdetails.enabled} (issue 12, for the API) Spring would
	 * answer them itself with an application/problem+json body, before any /error
	 * dispatch; the console answers its own page. Runs before Spring MVC's resolvers
	 * (order 0); API URLs and console controllers' exceptions are left to them.
	 */
	@Component
	static class ConsoleMvcErrors implements org.springframework.web.servlet.HandlerExceptionResolver, Ordered {

		private final Access access;

		ConsoleMvcErrors(Access access) {
			this.access = access;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE + 10; // after Boot's DefaultErrorAttributes
													// (it only records the error)
		}

		@Override
		public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			boolean consoleController = handler instanceof org.springframework.web.method.HandlerMethod m
					&& m.getBeanType().getPackageName().startsWith(ConsoleErrors.class.getPackageName());
			if (!(path.equals("/console") || path.startsWith("/console/")) || consoleController
					|| !(ex instanceof org.springframework.web.ErrorResponse known)) {
				return null;
			}
			HttpStatus status = HttpStatus.resolve(known.getStatusCode().value());
			if (status == null) {
				return null;
			}
			return page(access, status, status == HttpStatus.NOT_FOUND ? "There is no such page in the console."
					: "There is no such page or action here.");
		}

	}

	/**
	 * Spring's /error for console URLs (an unknown page, a failure outside a controller).
	 */
	@Component
	static class ConsoleErrorViews implements ErrorViewResolver {

		private final Access access;

		ConsoleErrorViews(Access access) {
			this.access = access;
		}

		@Override
		public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
			if (!String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)).startsWith("/console")) {
				return null;
			}
			return page(access, status, status == HttpStatus.NOT_FOUND ? "There is no such page in the console."
					: "The hub could not complete this request; the error is in its log.");
		}

	}

}
