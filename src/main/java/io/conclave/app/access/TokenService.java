package io.conclave.app.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.model.CommandException;
import io.conclave.model.Ids;
import io.quarkus.runtime.StartupEvent;
import io.conclave.app.Checks;
import io.conclave.app.ConclaveConfig;

/**
 * Issues, lists and revokes the service's tokens ({@link TokenStore}), and checks the one a request
 * presents. On the first start (no token ever issued) it issues an admin token and writes it to
 * {@code <data>/admin.token}, readable by the service's user only, and logs where it is (never the
 * token itself).
 */
@ApplicationScoped
public class TokenService {
    private static final Logger LOG = Logger.getLogger(TokenService.class);
    /** The file the first admin token is written to, in the data folder. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private final ConclaveConfig config;
    private final List<Consumer<String>> revoked = new CopyOnWriteArrayList<>();
    private volatile TokenStore store;

    public TokenService(ConclaveConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) {
        store();
    }

    private TokenStore store() {
        TokenStore s = store;
        if (s == null) {
            synchronized (this) {
                if (store == null) {
                    try {
                        // a cluster's nodes issue one first admin token between them (ClusterTokens), not one each
                        store = firstStart(config.dataDir(), config.security().initialAdminToken().orElse(null),
                                config.cluster().bootstrapServers().isEmpty());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                s = store;
            }
        }
        return s;
    }

    /**
     * The store of a data folder. With {@code initialAdmin} (a deployment's own secret) that token is kept as
     * an admin token; otherwise, on a first start and when {@code issueFirstAdmin}, an admin token is generated and
     * written to {@code admin.token}.
     */
    public static TokenStore firstStart(Path dataDir, String initialAdmin, boolean issueFirstAdmin) throws IOException {
        TokenStore s = new TokenStore(dataDir, Clock.systemUTC());
        if (initialAdmin != null && !initialAdmin.isBlank()) {
            if (!s.adopt(initialAdmin.strip(), "admin", Caller.ADMIN, "conclave.security.initial-admin-token")) {
                throw new IllegalStateException("conclave.security.initial-admin-token must have the form "
                        + "cv_<id>_<secret>, with an id of letters and digits and a secret of 32 characters or more");
            }
        } else if (s.isEmpty() && issueFirstAdmin) {
            issueFirstAdmin(s, dataDir, "first start");
        }
        return s;
    }

    /** Issues the first admin token and writes it to {@code admin.token}, readable by this user only. */
    private static void issueFirstAdmin(TokenStore s, Path dataDir, String issuedBy) throws IOException {
        TokenStore.Issued admin = s.issue("admin", Caller.ADMIN, null, List.of(), issuedBy);
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        TokenStore.writeSecret(file, admin.token());
        LOG.infof("first start: an admin token was written to %s (readable by this user only); "
                + "send it as 'Authorization: Bearer <token>'", file.toAbsolutePath());
    }

    /** Who issued a cluster's first admin token, as its record says. */
    static final String CLUSTER_FIRST_START = "first start of the cluster";

    /** Whether a deployment's own admin token is configured ({@code conclave.security.initial-admin-token}). */
    public boolean initialAdminConfigured() {
        return config.security().initialAdminToken().filter(t -> !t.isBlank()).isPresent();
    }

    /**
     * Issues the cluster's first admin token on this node (the nodes chose this one: {@link ClusterTokens}) unless
     * this node issued it already; written to {@code admin.token} and shared like any token.
     */
    public void issueClusterAdmin(String nodeId) {
        boolean issued = store().all().stream().anyMatch(t -> t.issuedBy() != null
                && t.issuedBy().startsWith(CLUSTER_FIRST_START) && !t.revoked());
        if (issued || java.nio.file.Files.exists(config.dataDir().resolve(ADMIN_TOKEN_FILE))) {
            return; // issued once (its secret is where it was first written)
        }
        try {
            issueFirstAdmin(store(), config.dataDir(), CLUSTER_FIRST_START + " (node " + nodeId + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shares this node's tokens with a cluster: {@code publish} is told of every token saved here, and
     * {@link #merged} takes the others' (a revocation elsewhere closes the token's streams here too).
     */
    public void share(java.util.function.Consumer<TokenStore.Token> publish) {
        store().onSaved(publish);
        store().all().forEach(publish);
    }

    /** A token another node saved. */
    public void merged(TokenStore.Token t) {
        try {
            if (store().merge(t) && t.revoked()) {
                revoked.forEach(l -> l.accept(t.tokenId()));
            }
        } catch (IOException e) {
            LOG.errorf("token %s from the cluster not stored: %s", t.tokenId(), e.getMessage());
        }
    }

    /** The file a cluster node keeps its own token in, in the data folder. */
    public static final String NODE_TOKEN_FILE = "node.token";
    private volatile String nodeToken;

    /**
     * This node's own admin token, for the follow-up commands it sends to the other nodes of a cluster: issued on
     * first use (and shared with the other nodes like any token), kept in {@code node.token} for the next start.
     */
    public synchronized String nodeToken(String nodeId) {
        if (nodeToken != null) {
            return nodeToken;
        }
        Path file = config.dataDir().resolve(NODE_TOKEN_FILE);
        try {
            if (java.nio.file.Files.exists(file)) {
                String kept = java.nio.file.Files.readString(file).strip();
                if (check(kept).isPresent()) {
                    return nodeToken = kept;
                }
            }
            TokenStore.Issued issued = store().issue("node " + nodeId, Caller.ADMIN, null, List.of(),
                    "cluster node " + nodeId);
            TokenStore.writeSecret(file, issued.token());
            return nodeToken = issued.token();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The caller of a token checked before, without reading the store; null when {@link #check} must decide. */
    public Caller checkedBefore(String presented) {
        TokenStore.Token t = store().checkedBefore(presented);
        return t == null ? null : t.caller();
    }

    /** The caller a presented token stands for, if it is a live token. */
    public Optional<Caller> check(String presented) {
        return store().check(presented).map(TokenStore.Token::caller);
    }

    /** What an admin asks to issue. */
    public record IssueRequest(String name, String role, String agentId, List<String> projects) {
    }

    /** Issues a token for {@code request}; only an admin may. */
    public TokenStore.Issued issue(Caller caller, IssueRequest request) {
        mustAdmin(caller, "issue tokens");
        List<io.conclave.model.Problem> problems = new java.util.ArrayList<>();
        if (request == null) {
            throw Checks.invalid(List.of(new io.conclave.model.Problem("$", "the request must be a JSON object")));
        }
        if (request.role() == null || !TokenStore.ROLES.contains(request.role())) {
            problems.add(new io.conclave.model.Problem("$.role", "must be one of " + TokenStore.ROLES));
        }
        boolean agent = Caller.AGENT.equals(request.role());
        if (agent && Ids.problem(request.agentId()) != null) {
            problems.add(new io.conclave.model.Problem("$.agent_id", "an agent token acts as one agent: "
                    + Ids.problem(request.agentId())));
        } else if (!agent && request.agentId() != null) {
            problems.add(new io.conclave.model.Problem("$.agent_id", "only an agent token acts as an agent"));
        }
        String name = request.name() != null ? request.name() : agent ? request.agentId() : request.role();
        if (Ids.problem(name) != null) {
            problems.add(new io.conclave.model.Problem("$.name", Ids.problem(name)));
        }
        List<String> projects = request.projects() == null ? List.of() : request.projects();
        for (int i = 0; i < projects.size(); i++) {
            if (Ids.problem(projects.get(i)) != null) {
                problems.add(new io.conclave.model.Problem("$.projects[" + i + "]", Ids.problem(projects.get(i))));
            }
        }
        if (!problems.isEmpty()) {
            throw Checks.invalid(problems);
        }
        try {
            return store().issue(name, request.role(), agent ? request.agentId() : null, projects, caller.name());
        } catch (IOException e) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "token_store_failed",
                    "the token could not be stored: " + e.getMessage());
        }
    }

    public List<TokenStore.Token> list(Caller caller) {
        mustAdmin(caller, "list tokens");
        return store().all();
    }

    /** Revokes a token: refused from the next request on, and its open event streams are closed. */
    public TokenStore.Token revoke(Caller caller, String tokenId) {
        mustAdmin(caller, "revoke tokens");
        try {
            return store().revoke(tokenId, caller.name()).orElseThrow(() -> new CommandException(
                    CommandException.Kind.NOT_FOUND, "token_not_found", "no token '" + tokenId + "'"));
        } catch (IOException e) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "token_store_failed",
                    "the revocation could not be stored: " + e.getMessage());
        } finally {
            // revoked here (even when a cluster did not take it yet): what it holds open here closes
            if (store().get(tokenId).map(TokenStore.Token::revoked).orElse(false)) {
                revoked.forEach(l -> l.accept(tokenId));
            }
        }
    }

    /** Called with the id of every token revoked (to close what it holds open). */
    public void onRevoke(Consumer<String> listener) {
        revoked.add(listener);
    }

    private static void mustAdmin(Caller caller, String what) {
        if (!caller.isAdmin()) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "admins_only", caller.role() + " '"
                    + caller.name() + "' may not " + what + ": it needs an admin's token");
        }
    }
}
