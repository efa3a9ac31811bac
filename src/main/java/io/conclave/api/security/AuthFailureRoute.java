package io.conclave.api.security;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.resteasy.reactive.server.runtime.observability.ObservabilityIntegrationRecorder;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Hands each request the authentication failure handler Quarkus REST would hand it, without the work Quarkus REST
 * does for it on every request. With the HTTP metrics or tracing present, Quarkus REST (3.37) names the route of a
 * request as it enters, in case its authentication fails before the REST layer names it: it builds a new matcher of
 * every resource's paths for that, each request, whether anything fails or not. Sampled over a run of plain
 * {@code GET /q/health/live} calls, that was 15% of the server's CPU; over turn decisions, 3% of it and a tenth of
 * the bytes allocated. Here the route is named only when a failure happens, with the same call, and the failure
 * then goes where Quarkus REST sends it (the exception mappers, through the routing context's failure).
 * <p>
 * Quarkus adds its own handler at the same order after the application's routes ({@link Router} observers run
 * before the framework's filters are added, and routes of one order run in the order they were added), so this one
 * runs first and Quarkus REST's then finds no default handler to replace. Should a later Quarkus run its handler
 * first, this one finds that handler's replacement in the context: it logs it once and changes nothing, and
 * {@link #runsFirst()} says so (a test checks it, and that a refused request is still answered as before).
 * <p>
 * Like Quarkus REST's handler, this one stands down once the request reaches the REST layer: a second route, the last
 * before every endpoint, takes it out of the request. An identity that fails from then on (a lazily checked token that
 * is unknown or revoked) is the REST layer's to answer, through the exception mappers, as the endpoint's own failure;
 * were the handler left in place it would fail the routing context as well, and the 401 be written twice (Vert.x then
 * logs "Response has already been written" with its stack for every such request: a client guessing tokens would fill
 * the log).
 */
@ApplicationScoped
public class AuthFailureRoute {
    /** Right after authentication's handler (-200), in the place of Quarkus REST's own (priority 199). */
    static final int ORDER = -199;
    /** The route's name, as the router lists it, so a reader of the routes sees whose it is. */
    static final String NAME = "conclave-auth-failure";
    /** Where this handler stands down: the last order before the endpoints' routes (the body's read-ahead's, -1). */
    static final int REST_ORDER = -1;
    /** The second route's name. */
    static final String REST_NAME = "conclave-auth-failure-to-rest";

    /** Fails the request as Quarkus REST's handler does, after naming its route for the metrics. */
    private static final BiConsumer<RoutingContext, Throwable> FAILING = (rc, failure) -> {
        try {
            ObservabilityIntegrationRecorder.setTemplatePath(rc, ResteasyReactiveRecorder.getCurrentDeployment());
        } catch (RuntimeException unnamed) {
            // metered under its raw path, as Quarkus' own handler before the REST layer leaves it
        }
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(rc, failure);
        if (!rc.failed()) {
            rc.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    };

    /** Null until a request came with a failure handler; then whether this route saw it before Quarkus REST's. */
    private volatile Boolean first;

    void route(@Observes Router router) {
        router.route().order(ORDER).setName(NAME).handler(rc -> {
            Object handler = rc.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
            if (handler instanceof DefaultAuthFailureHandler) {
                rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAILING);
                if (first == null) {
                    first = Boolean.TRUE;
                }
            } else if (handler != null && handler != FAILING && first != Boolean.FALSE) {
                first = Boolean.FALSE; // Quarkus REST's ran before: it did its work, there is nothing to spare
                Logger.getLogger(AuthFailureRoute.class).warnf("the authentication failure handler %s was set before "
                        + "this service's route: Quarkus REST names every request's route again", handler.getClass());
            }
            rc.next();
        });
        router.route().order(REST_ORDER).setName(REST_NAME).handler(rc -> {
            if (rc.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) == FAILING) {
                rc.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER); // the endpoint answers its own authentication failure
            }
            rc.next();
        });
    }

    /**
     * True once a request reached this route with the framework's default handler and none found another one
     * there (Quarkus REST's own, set before this route ran); null before any request; false otherwise.
     */
    public Boolean runsFirst() {
        return first;
    }
}
