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
 * node holds on every node. Without {@code conclave.security.initial-admin-token}, the cluster has one first admin
 * token, issued by the node that claimed it first on the tokens topic (written to its {@code admin.token}); the
 * others log which node holds it. On one node this does nothing.
 */
@ApplicationScoped
public class ClusterTokens {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ClusterTokens.class);
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
            if (!tokens.initialAdminConfigured()) {
                // one first admin token for the whole cluster: the node that claimed it first issues it
                String node = sync.firstAdminNode();
                if (node.equals(engine.cluster().nodeId())) {
                    tokens.issueClusterAdmin(node);
                } else {
                    LOG.infof("the cluster's first admin token was issued by node %s (in its data folder's %s)",
                            node, TokenService.ADMIN_TOKEN_FILE);
                }
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sync != null) {
            sync.close();
        }
    }
}
