package io.creditshub.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API security: every /api and /actuator endpoint except health needs HTTP basic or a
 * bearer token from {@code credits.api.*}; hub-wide endpoints need the operator role;
 * per-organization access is checked in the controllers ({@link Access}). Failures answer
 * with RFC 9457 problem details, never a stack trace.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
		type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
class ApiSecurityConfiguration {

	static final String OPERATOR = "ROLE_OPERATOR", ADMIN = "ROLE_ADMIN";

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService apiUsers(ApiProperties properties, PasswordEncoder encoder) {
		Map<String, UserDetails> users = new HashMap<>();
		for (ApiProperties.Client c : properties.getUsers()) {
			if (c.getName() == null || c.getSecret() == null || c.getSecret().isBlank()) {
				continue;
			}
			String secret = c.getSecret().startsWith("{") ? c.getSecret() : encoder.encode(c.getSecret());
			users.put(c.getName(), User.withUsername(c.getName()).password(secret).authorities(authorities(c)).build());
		}
		return name -> {
			UserDetails u = users.get(name);
			if (u == null) {
				throw new UsernameNotFoundException("unknown API user");
			}
			return User.withUserDetails(u).build();
		};
	}

	static List<SimpleGrantedAuthority> authorities(ApiProperties.Client c) {
		List<SimpleGrantedAuthority> list = new ArrayList<>();
		list.add(new SimpleGrantedAuthority("operator".equalsIgnoreCase(c.getRole()) ? OPERATOR : ADMIN));
		for (String org : c.getOrgs()) {
			list.add(new SimpleGrantedAuthority("ORG_" + org));
		}
		return list;
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiProperties properties, Problems problems) throws Exception {
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
				.permitAll()
				// the error page renders whatever status a request already has; denying
				// it turned 404/405/415 into 403
				.requestMatchers("/error")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasAuthority(OPERATOR)
				.requestMatchers(HttpMethod.GET, "/api/orgs", "/api/orgs/*", "/api/orgs/*/**")
				.authenticated()
				.requestMatchers("/api/orgs/**")
				.authenticated()
				.requestMatchers("/api/**")
				.hasAuthority(OPERATOR)
				.anyRequest()
				.denyAll())
			.httpBasic(basic -> basic.authenticationEntryPoint(problems::unauthorized))
			.exceptionHandling(
					e -> e.authenticationEntryPoint(problems::unauthorized).accessDeniedHandler(problems::forbidden))
			.addFilterBefore(new BearerTokenFilter(properties), BasicAuthenticationFilter.class)
			.formLogin(f -> f.disable())
			.logout(l -> l.disable())
			.anonymous(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Issue 12: a path the firewall refuses ("..", ";", an encoded slash) is a 400
	 * problem detail, not a 401 or an HTML page.
	 */
	@Bean
	org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(Problems problems) {
		return (request, response, e) -> problems.rejected(request, response);
	}

	/**
	 * Authorization: Bearer &lt;token&gt;, compared in constant time against the
	 * configured tokens.
	 */
	static final class BearerTokenFilter extends OncePerRequestFilter {

		private final List<ApiProperties.Client> tokens;

		BearerTokenFilter(ApiProperties properties) {
			this.tokens = properties.getTokens();
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader("Authorization");
			if (header != null && header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
				byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
				for (ApiProperties.Client c : tokens) {
					if (c.getSecret() != null && !c.getSecret().isBlank()
							&& MessageDigest.isEqual(presented, c.getSecret().getBytes(StandardCharsets.UTF_8))) {
						SecurityContextHolder.getContext()
							.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(c.getName(), null,
									authorities(c)));
						break;
					}
				}
			}
			chain.doFilter(request, response);
		}

	}

	static java.util.Set<String> orgsOf(
			java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> authorities) {
		java.util.Set<String> orgs = new HashSet<>();
		for (var a : authorities) {
			if (a.getAuthority().startsWith("ORG_")) {
				orgs.add(a.getAuthority().substring(4));
			}
		}
		return orgs;
	}

}
