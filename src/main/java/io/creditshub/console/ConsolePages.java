package io.creditshub.console;

import io.creditshub.api.Access;
import io.creditshub.api.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The login page, and the logged-in caller for every console page's header. */
@Controller
@Hidden
class ConsolePages {

	@GetMapping("/console/login")
	String login() {
		return "console/login";
	}

	@ControllerAdvice(basePackageClasses = ConsolePages.class)
	static class CallerAdvice {

		private final Access access;

		CallerAdvice(Access access) {
			this.access = access;
		}

		@ModelAttribute("caller")
		Caller caller() {
			return current(access);
		}

		/** The logged-in caller, or null before login. */
		static Caller current(Access access) {
			Authentication auth = SecurityContextHolder.getContext().getAuthentication();
			return auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated() ? null
					: access.caller();
		}

	}

}
