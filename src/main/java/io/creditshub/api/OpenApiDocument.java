package io.creditshub.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 12: the OpenAPI document says how to authenticate (HTTP basic or a bearer token)
 * and what every operation may answer besides success: RFC 9457 problem details for 400,
 * 401, 403, 404 and, where they apply, 409, 413, 415.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

	static final String PROBLEM = "Problem";

	@Bean
	OpenApiCustomizer problemsAndSecurity() {
		return api -> {
			Components components = api.getComponents() == null ? new Components() : api.getComponents();
			api.setComponents(components);
			components.addSecuritySchemes("basic",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("basic")
						.description("credits.api.users: name and secret; an admin sees only its organizations"));
			components.addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("credits.api.tokens: a token with the operator or admin role"));
			components.addSchemas(PROBLEM,
					new Schema<>().type("object")
						.description("RFC 9457 problem details")
						.properties(Map.of("type", new Schema<>().type("string"), "title",
								new Schema<>().type("string"), "status", new Schema<>().type("integer"), "detail",
								new Schema<>().type("string"), "instance", new Schema<>().type("string"))));
			api.addSecurityItem(new SecurityRequirement().addList("basic"));
			api.addSecurityItem(new SecurityRequirement().addList("bearer"));
			if (api.getPaths() == null) {
				return;
			}
			api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
				boolean body = op.getRequestBody() != null;
				problem(op, "400", body ? "Invalid input: a value out of range, an unknown field, a bad parameter"
						: "Invalid parameter");
				problem(op, "401", "No or wrong credentials");
				problem(op, "403", "Not an admin of this organization, or the operator role is needed");
				problem(op, "404", "No such organization or path");
				problem(op, "405", "Method not allowed on this path");
				if (body) {
					problem(op, "409", "Conflicts with what was done before (an order reference with another amount)");
					problem(op, "413", "Request body larger than 64 KiB");
					problem(op, "415", "The body must be application/json");
				}
			}));
		};
	}

	private static void problem(Operation op, String status, String description) {
		ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
		op.setResponses(responses);
		responses.putIfAbsent(status,
				new ApiResponse().description(description)
					.content(new Content().addMediaType("application/problem+json",
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
	}

}
