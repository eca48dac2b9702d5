package io.creditshub.api;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the admin API ({@code credits.api.*}). Passwords and tokens come from the
 * environment or a secret file, never from the repository; passwords may be given as
 * Spring Security encoded values ({bcrypt}..., {noop}...).
 */
@ConfigurationProperties(prefix = "credits.api")
public class ApiProperties {

	/** HTTP basic users. */
	private List<Client> users = new ArrayList<>();

	/** Bearer tokens (Authorization: Bearer ...). */
	private List<Client> tokens = new ArrayList<>();

	public List<Client> getUsers() {
		return users;
	}

	public void setUsers(List<Client> users) {
		this.users = users;
	}

	public List<Client> getTokens() {
		return tokens;
	}

	public void setTokens(List<Client> tokens) {
		this.tokens = tokens;
	}

	/** One API client: an operator (hub-wide) or the admin of some organizations. */
	public static class Client {

		/**
		 * User name (basic) or a label for the token (logs name it; the secret is never
		 * logged).
		 */
		private String name;

		/** The password (basic) or the token value (bearer). */
		private String secret;

		/** operator or admin. */
		private String role = "admin";

		/** The organizations an admin may see and change. */
		private List<String> orgs = new ArrayList<>();

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getSecret() {
			return secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public String getRole() {
			return role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public List<String> getOrgs() {
			return orgs;
		}

		public void setOrgs(List<String> orgs) {
			this.orgs = orgs;
		}

	}

}
