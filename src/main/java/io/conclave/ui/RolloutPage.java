package io.conclave.ui;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.conclave.api.ApiException;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.access.Caller;
import io.conclave.app.rollout.RolloutView;
import io.conclave.app.rollout.Rollouts;
import io.conclave.model.CommandException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A canary roll-out's page at {@code /policy/rollouts/{id}} (operators and admins): its state, what its guards said
 * last and the guards that tripped with the rule, version and facts behind each, and every canary project with what
 * it had when it joined and has now; redrawn on every roll-out event and every project event. An admin promotes or
 * aborts a running one from there.
 */
@Path("/policy/rollouts/{rolloutId}")
@Produces(MediaType.TEXT_HTML)
public class RolloutPage {
    private final Rollouts rollouts;
    private final CurrentCaller caller;

    public RolloutPage(Rollouts rollouts, CurrentCaller caller) {
        this.rollouts = rollouts;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rollout(Page p);
    }

    /** The page: the roll-out, and whether the caller may promote or abort it. */
    public record Page(RolloutView r, boolean admin) {
    }

    @GET
    @Operation(hidden = true)
    public String get(@PathParam("rolloutId") String id, @QueryParam("fragment") String fragment) {
        Page p = new Page(rollouts.get(caller.get(), id), caller.get().isAdmin());
        return Pages.render(Templates.rollout(p), fragment, "p", p);
    }

    /** Promotes it (admins); refused, the error page says why. */
    @POST
    @Path("/promote")
    @RolesAllowed(Caller.ADMIN)
    @Operation(hidden = true)
    public Response promote(@PathParam("rolloutId") String id) throws java.io.IOException {
        rollouts.promote(caller.get(), id);
        return Response.seeOther(URI.create("/policy/rollouts/" + id)).build();
    }

    /** Aborts it (admins), with the reason typed in the form. */
    @POST
    @Path("/abort")
    @RolesAllowed(Caller.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response abort(@PathParam("rolloutId") String id, @FormParam("reason") String reason) {
        rollouts.abort(caller.get(), id, reason);
        return Response.seeOther(URI.create("/policy/rollouts/" + id)).build();
    }

    @ServerExceptionMapper
    public Response refused(CommandException e) {
        return Pages.error(e);
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Pages.error(e);
    }
}
