package io.conclave.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads a small JSON request body on the event loop, before the endpoint is handed to a worker thread. Without it
 * the worker, once handed the request, asked for the body and waited for the event loop to deliver it: two more
 * thread hand-offs (a wake-up of the event loop, a wake-up of the worker) for every command. The endpoint then reads
 * the same bytes from memory (its reader checks them as before: {@link RequestText}). Only bodies that say their
 * length, at most {@value #MAX_BYTES} bytes, of a JSON type, over HTTP/1.x, without {@code Expect: 100-continue};
 * every other body is read as before, by the endpoint's own thread, within {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodiesFirst {
    /** The largest body read ahead: a message or a command is far smaller; larger ones stream as before. */
    static final int MAX_BYTES = 64 * 1024;
    /** After authentication and the body size limit (order -2), before every endpoint. */
    private static final int ORDER = -1;

    void route(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BYTES).setHandleFileUploads(false)
                .setDeleteUploadedFilesOnEnd(false).setPreallocateBodyBuffer(true);
        router.route().order(ORDER).handler(rc -> {
            if (readAhead(rc.request())) {
                body.handle(rc);
            } else {
                rc.next();
            }
        });
    }

    /** Whether the request's body is small JSON of a stated length, which the event loop may read at once. */
    static boolean readAhead(HttpServerRequest request) {
        HttpMethod m = request.method();
        if (m != HttpMethod.POST && m != HttpMethod.PUT && m != HttpMethod.PATCH) {
            return false;
        }
        if (request.version() != HttpVersion.HTTP_1_1 && request.version() != HttpVersion.HTTP_1_0) {
            return false; // HTTP/2: the endpoint pauses its stream, which refuses a pause once the body has ended
        }
        if (request.getHeader(HttpHeaders.EXPECT) != null || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        int semi = type.indexOf(';');
        String t = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("application/json") && !(t.startsWith("application/") && t.endsWith("+json"))) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            long n = Long.parseLong(length.trim());
            return n > 0 && n <= MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
