package io.conclave.api;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.conclave.model.CommandException;
import io.conclave.model.JsonPaths;
import io.conclave.model.Problem;

/** Maps every failure to the one error shape; nothing reaches a client as an HTML page or a bare 500. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.error(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response engine(CommandException e) {
        Response r = respond(status(e.kind()), e.code(), e.getMessage(), details(e.problems()));
        return e.retryAfterSeconds() > 0
                ? Response.fromResponse(r).header("Retry-After", Integer.toString(e.retryAfterSeconds())).build() : r;
    }

    /** The HTTP status of an engine refusal of this kind (the dashboard's pages answer with it too). */
    public static int status(CommandException.Kind kind) {
        return ApiException.status(kind);
    }

    /** No token, or one that is unknown or revoked: 401 with the scheme to use. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class,
            io.quarkus.security.AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e, jakarta.ws.rs.core.UriInfo uri) {
        String path = uri.getPath();
        if (!path.startsWith("/api/")) {
            // a dashboard page: the browser signs in first, then comes back
            return Response.seeOther(java.net.URI.create("/login?next=" + java.net.URLEncoder.encode(path,
                    java.nio.charset.StandardCharsets.UTF_8))).build();
        }
        return Response.fromResponse(respond(401, "unauthorized", "a valid token is required: send "
                + "'Authorization: Bearer <token>' (an admin issues tokens at POST /api/tokens)", List.of()))
                .header("WWW-Authenticate", "Bearer realm=\"conclave\"").build();
    }

    /** A valid token whose role may not call this endpoint. */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(403, "forbidden", "this token's role may not call this endpoint", List.of());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? JsonPaths.of(m) : "$";
        String what = firstLine(e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage());
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        if (!(e instanceof JsonMappingException) && at != null && at.getLineNr() > 0) {
            what = "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
        }
        return respond(400, "malformed_json", "the request body is not valid JSON for this endpoint: " + what,
                List.of(ApiError.Detail.at(path, what)));
    }

    /**
     * A body of the wrong shape for a bound type (a string where a number goes). Needed next to
     * {@link #json}: quarkus-rest-jackson has a built-in mapper for this subtype, which would otherwise win
     * and answer in its own shape.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> status < 500 ? "bad_request" : "server_error";
        };
        return respond(status, code, e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : e.getMessage(), List.of());
    }

    /**
     * Whatever else escaped (a RuntimeException, or an Error such as StackOverflowError): the error
     * shape, never the framework's default body with its stack trace.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return respond(500, "internal_error", "unexpected failure: " + e.getClass().getSimpleName()
                + " (logged; nothing of this request was kept)", List.of());
    }

    public static List<ApiError.Detail> details(List<Problem> problems) {
        return problems.stream().map(p -> ApiError.Detail.at(p.path(), p.message())).toList();
    }

    private static Response respond(int status, String error, String message, List<ApiError.Detail> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(error, message, details)).build();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
