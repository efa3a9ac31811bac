package io.conclave.api.security;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.conclave.api.ApiError;

/**
 * A request with a body must say what the body is. A body without a {@code Content-Type} is what a web page
 * of another site can send without asking first (a "simple" request); refusing it with 415 (and an
 * endpoint's own {@code @Consumes} refusing every other type) means no page can drive the API across
 * sites, even before its token is checked.
 */
public class ContentTypes {
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter(preMatching = true)
    public Response requireContentType(ContainerRequestContext request) {
        if (!WITH_BODY.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/")
                || !request.hasEntity() || request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null) {
            return null;
        }
        return Response.status(415).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError("unsupported_media_type",
                "a request body needs its Content-Type (application/json; text/plain for a rule file)", List.of()))
                .build();
    }
}
