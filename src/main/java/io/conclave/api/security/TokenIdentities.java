package io.conclave.api.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.access.Caller;
import io.conclave.app.access.TokenService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a presented token into a Quarkus {@link SecurityIdentity}: the token's name as principal, its role,
 * and the {@link Caller} as an attribute for the services. A token that is unknown or revoked fails the
 * authentication (401). A token's first check reads the store (and, for a token issued by an earlier version,
 * costs a bcrypt) and runs off the event loop; a token checked before is answered on the request's own thread.
 */
@ApplicationScoped
public class TokenIdentities implements IdentityProvider<TokenAuthenticationRequest> {
    /** The identity attribute that holds the {@link Caller}. */
    public static final String CALLER = "conclave.caller";

    private final TokenService tokens;

    public TokenIdentities(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // a token checked before needs no store: answered where the request is, without a hop to a worker thread
        Caller known = tokens.checkedBefore(request.getToken().getToken());
        if (known != null) {
            return Uni.createFrom().item(identity(request, known));
        }
        return context.runBlocking(() -> identity(request, tokens.check(request.getToken().getToken())
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked token"))));
    }

    private static SecurityIdentity identity(TokenAuthenticationRequest request, Caller caller) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.name())).addCredential(request.getToken())
                .addAttribute(CALLER, caller).addRole(caller.role());
        if (caller.isAdmin()) {
            b.addRole(Caller.OPERATOR); // an admin may do what an operator does
        }
        return b.build();
    }
}
