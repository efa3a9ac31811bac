package io.conclave.ui;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.conclave.api.security.BearerTokens;
import io.conclave.app.access.TokenService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The dashboard's sign-in: a token pasted once is kept in an HttpOnly cookie of this site
 * ({@code SameSite=Strict}, so no other site's page sends it), which the pages and their script present from
 * then on. Signing out forgets it.
 */
@Path("/")
@PermitAll
public class LoginPage {
    private final TokenService tokens;

    public LoginPage(TokenService tokens) {
        this.tokens = tokens;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String next, String problem);

        static native TemplateInstance logout();
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(hidden = true)
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public String form(@QueryParam("next") String next) {
        return Templates.login(local(next), null).render();
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.Operation(hidden = true)
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("token") String token, @FormParam("next") String next) {
        if (token == null || tokens.check(token.strip()).isEmpty()) {
            return Response.status(401).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.login(local(next), "That token is unknown or revoked.").render()).build();
        }
        return Response.seeOther(URI.create(local(next))).cookie(cookie(token.strip(), -1)).build();
    }

    /**
     * {@code /logout} typed in the address bar: a page with the sign-out button. Signing out stays a POST, so a link
     * on another site cannot sign anyone out.
     */
    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(hidden = true)
    @Path("logout")
    @Produces(MediaType.TEXT_HTML)
    public String signOutPage() {
        return Templates.logout().render();
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.Operation(hidden = true)
    @Path("logout")
    public Response signOut() {
        return Response.seeOther(URI.create("/login")).cookie(cookie("", 0)).build();
    }

    /** Only a path of this site: a sign-in never sends the browser elsewhere. */
    private static String local(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/";
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(BearerTokens.COOKIE).value(value).path("/").httpOnly(true).maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
