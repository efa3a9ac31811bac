package io.conclave.api.security;

import jakarta.enterprise.context.RequestScoped;

import io.conclave.app.access.Caller;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request, as its token says ({@link TokenIdentities}). Resources pass it to
 * the services explicitly: the acting identity is part of every command.
 */
@RequestScoped
public class CurrentCaller {
    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller; 401 when the request presented no valid token. */
    public Caller get() {
        Caller caller = identity.isAnonymous() ? null : identity.getAttribute(TokenIdentities.CALLER);
        if (caller == null) {
            throw new UnauthorizedException("a bearer token is required");
        }
        return caller;
    }
}
