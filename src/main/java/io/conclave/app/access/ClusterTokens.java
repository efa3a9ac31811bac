package io.conclave.app.access;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.conclave.app.cluster.TokenSync;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.Engine;

/**
 * In a cluster, the nodes share their tokens through Kafka ({@link TokenSync}): a token issued or revoked on any
 * node holds on every node. On one node this does nothing.
 */
@ApplicationScoped
public class ClusterTokens {
    private final Engine engine;
    private final TokenService tokens;
    private TokenSync sync;

    public ClusterTokens(Engine engine, TokenService tokens) {
        this.engine = engine;
        this.tokens = tokens;
    }

    void onStart(@Observes @Priority(11) StartupEvent event) {
        if (engine.cluster() != null) {
            sync = new TokenSync(engine.cluster(), tokens::merged);
            sync.start();
            tokens.share(sync::publish);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sync != null) {
            sync.close();
        }
    }
}
