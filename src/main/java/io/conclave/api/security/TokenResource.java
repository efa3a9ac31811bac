package io.conclave.api.security;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.access.Caller;
import io.conclave.app.access.TokenService;
import io.conclave.app.access.TokenStore;
import io.conclave.api.Examples;

/** The tokens callers present: issued, listed and revoked by an admin. */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tokens")
@RolesAllowed(Caller.ADMIN)
public class TokenResource {
    private final TokenService tokens;
    private final CurrentCaller caller;

    public TokenResource(TokenService tokens, CurrentCaller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    /** A token as listed: never its secret. */
    public record TokenView(String tokenId, String name, String role, String agentId, List<String> projects,
                            Instant issuedAt, String issuedBy, Instant revokedAt, String revokedBy) {
        static TokenView of(TokenStore.Token t) {
            return new TokenView(t.tokenId(), t.name(), t.role(), t.agentId(), t.projects(), t.issuedAt(),
                    t.issuedBy(), t.revokedAt(), t.revokedBy());
        }
    }

    /** A token just issued: the token itself is in this answer only. */
    public record IssuedView(String token, TokenView record) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "issueToken", summary = "Issue a token: { role: admin | operator | agent, agent_id (an agent token), name?, "
            + "projects? }; the token is shown in this answer only")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenService.IssueRequest.class),
            examples = {@ExampleObject(name = "agent", summary = "pm's own token", value = Examples.TOKEN_AGENT), @ExampleObject(name = "operator", summary = "the CEO's operator token", value = Examples.TOKEN_OPERATOR)}))
    @APIResponse(responseCode = "201", description = "Issued: the token (shown this once) and its record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedView.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, with its JSON path")
    public Response issue(TokenService.IssueRequest request) {
        TokenStore.Issued issued = tokens.issue(caller.get(), request);
        return Response.created(URI.create("/api/tokens/" + issued.record().tokenId()))
                .entity(new IssuedView(issued.token(), TokenView.of(issued.record()))).build();
    }

    @GET
    @Operation(operationId = "listTokens", summary = "Every token issued, revoked ones too (never their secrets)")
    public List<TokenView> list() {
        return tokens.list(caller.get()).stream().map(TokenView::of).toList();
    }

    @DELETE
    @Path("/{token_id}")
    @Operation(operationId = "revokeToken", summary = "Revoke a token: refused from the next request on; its open event streams are closed")
    @APIResponse(responseCode = "404", description = "No such token")
    @APIResponseSchema(value = TokenView.class, responseCode = "200", responseDescription = "OK")
    public TokenView revoke(@PathParam("token_id") String tokenId) {
        return TokenView.of(tokens.revoke(caller.get(), tokenId));
    }
}
