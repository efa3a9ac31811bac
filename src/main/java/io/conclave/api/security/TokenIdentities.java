package io.conclave.api.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.Caller;
import io.conclave.app.TokenService;
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
 * authentication (401). The check runs off the event loop: a token's first check costs a bcrypt.
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
        return context.runBlocking(() -> {
            Caller caller = tokens.check(request.getToken().getToken())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked token"));
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(caller.name())).addCredential(request.getToken())
                    .addAttribute(CALLER, caller).addRole(caller.role());
            if (caller.isAdmin()) {
                b.addRole(Caller.OPERATOR); // an admin may do what an operator does
            }
            return b.build();
        });
    }
}
