package io.conclave.api.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

import io.conclave.api.ApiError;

/**
 * What a browser page of another site could send is refused before a token is looked at. Such a page may send,
 * without asking first, a form, text, or a body without a type, and the browser adds the dashboard's cookie when
 * the page is on the same host (another port is the same site, so {@code SameSite=Strict} does not stop it). So:
 * <ul>
 * <li>a body must say its type: a call to the API with a body and no {@code Content-Type} is 415 (an endpoint's
 * {@code @Consumes} answers 415 to every type it does not take: {@code application/json}, {@code text/plain} for
 * a rule file), and a form body is 415 on every API call, whether the endpoint takes a body or not;</li>
 * <li>a body is UTF-8: a {@code charset} other than UTF-8 is 415;</li>
 * <li>a call that changes something and is signed in by the dashboard's cookie must carry {@link #HEADER}, which
 * the dashboard's script sends and a page of another site cannot send without the browser asking this service
 * first (CORS, which this service never grants).</li>
 * </ul>
 * A bearer token is never sent by a browser on its own, so a call that carries one needs no such header.
 */
public class ContentTypes {
    /** The header a cookie-signed call that changes something must carry (any value). */
    public static final String HEADER = "X-Conclave-Request";
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The dashboard's sign-in and sign-out: a form, posted before (or instead of) being signed in by the cookie. */
    private static final Set<String> SIGNING = Set.of("/login", "/logout");

    /**
     * The headers are read from Vert.x's request (asking JAX-RS for one makes Quarkus REST copy every header of the
     * request into a map of its own first); the path is JAX-RS's, decoded as the endpoints are matched.
     */
    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request, HttpServerRequest http) {
        String method = request.getMethod();
        if (!CHANGING.contains(method)) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        boolean api = path.startsWith("/api/");
        String type = header(http, HttpHeaders.CONTENT_TYPE);
        boolean body = WITH_BODY.contains(method) && hasBody(http);
        if (api && body) {
            MediaType media = type == null ? null : parse(type);
            if (type == null) {
                return refuse(415, "unsupported_media_type", "a request body needs its Content-Type (application/json;"
                        + " text/plain for a rule file)");
            }
            if (media == null || isForm(media)) {
                return refuse(415, "unsupported_media_type", "the API takes application/json (text/plain for a rule "
                        + "file), never a form or '" + type + "'");
            }
            String charset = media.getParameters().get(MediaType.CHARSET_PARAMETER);
            if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                return refuse(415, "unsupported_media_type", "a request body is UTF-8, not " + charset);
            }
        }
        if (!SIGNING.contains(path) && signedInByCookie(http) && header(http, HEADER) == null) {
            return refuse(403, "cross_site_request", "a call signed in by the dashboard's cookie that changes something "
                    + "must carry the header " + HEADER + " (the dashboard sends it; a page of another site cannot)");
        }
        return null;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = header(request, HttpHeaders.CONTENT_LENGTH);
        return header(request, "Transfer-Encoding") != null || length != null && !length.strip().equals("0");
    }

    private static boolean signedInByCookie(HttpServerRequest request) {
        return header(request, HttpHeaders.AUTHORIZATION) == null && request.getCookie(BearerTokens.COOKIE) != null;
    }

    /** A header as JAX-RS's {@code getHeaderString} gives it: null, its one value, or its values joined by commas. */
    private static String header(HttpServerRequest request, String name) {
        List<String> values = request.headers().getAll(name);
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(",", values);
    }

    private static boolean isForm(MediaType media) {
        String t = (media.getType() + "/" + media.getSubtype()).toLowerCase(Locale.ROOT);
        return t.equals(MediaType.APPLICATION_FORM_URLENCODED) || t.equals(MediaType.MULTIPART_FORM_DATA);
    }

    private static MediaType parse(String type) {
        try {
            return MediaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response refuse(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(error, message, List.of())).build();
    }
}
