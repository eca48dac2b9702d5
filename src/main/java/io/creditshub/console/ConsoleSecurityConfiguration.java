package io.creditshub.console;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The web console's own security, for /console/** only and ordered before the API's chain
 * (which keeps HTTP basic, bearer tokens and no session): the same users and roles
 * ({@code credits.api.users}, the API's UserDetailsService), but a login form, a session,
 * CSRF tokens on every form, logout, and strict headers (a content security policy
 * allowing only the console's own script and style). Per-organization access is checked
 * in the controllers with the API's {@link io.creditshub.api.Access}. Finance and
 * operator pages need the operator role.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSecurityConfiguration {

	static final String OPERATOR = "ROLE_OPERATOR";

	static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	/**
	 * An error page of a console request (Spring's /error dispatch) belongs to the
	 * console too.
	 */
	static final RequestMatcher CONSOLE_ERROR = (
			HttpServletRequest request) -> request.getDispatcherType() == DispatcherType.ERROR
					&& String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)).startsWith("/console");

	@Bean
	@Order(1)
	SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
		AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
		denied.setErrorPage("/console/denied");
		http.securityMatcher(new OrRequestMatcher(AntPathRequestMatcher.antMatcher("/console"),
				AntPathRequestMatcher.antMatcher("/console/**"), CONSOLE_ERROR))
			.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
				.permitAll()
				.requestMatchers("/console/login", "/console/denied", "/console/assets/**")
				.permitAll()
				.requestMatchers("/console/operator", "/console/operator/**", "/console/finance", "/console/finance/**")
				.hasAuthority(OPERATOR)
				.anyRequest()
				.authenticated())
			.formLogin(form -> form.loginPage("/console/login")
				.loginProcessingUrl("/console/login")
				.defaultSuccessUrl("/console", true)
				.failureUrl("/console/login?error")
				.permitAll())
			.logout(logout -> logout.logoutUrl("/console/logout")
				.logoutSuccessUrl("/console/login?logout")
				.deleteCookies("JSESSIONID")
				.permitAll())
			.exceptionHandling(e -> e.accessDeniedHandler(denied))
			.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.frameOptions(f -> f.deny())
				.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		// CSRF: Spring's default (a token per session, required on every POST), kept on
		return http.build();
	}

}
