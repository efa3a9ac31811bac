package io.conclave.api.security;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Declares, in the OpenAPI document, how every operation is called: a bearer token (an API key). */
@OpenAPIDefinition(info = @Info(title = "Conclave", version = "0.1.0"),
        security = @SecurityRequirement(name = ApiSecurityScheme.NAME),
        components = @Components(schemas = @Schema(name = "ApiError", implementation = io.conclave.api.ApiError.class)))
@SecurityScheme(securitySchemeName = ApiSecurityScheme.NAME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A token issued by an admin (POST /api/tokens; the first admin token is in <data>/admin.token). "
                + "An agent token acts as one agent; an operator token runs projects, meetings and conversations; an "
                + "admin token also changes the policy and issues tokens.")
public class ApiSecurityScheme extends jakarta.ws.rs.core.Application {
    public static final String NAME = "bearer";
}
