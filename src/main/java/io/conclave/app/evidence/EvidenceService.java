package io.conclave.app.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectService;
import io.conclave.model.CommandException;
import io.quarkus.runtime.StartupEvent;

/**
 * A project's evidence export, signed by this node's key, and the key itself. The key is made on the node's first
 * start ({@link NodeKey}: {@code <data>/node-key.pem} and {@code node-key.pub}) and read at every later one. In a
 * cluster every node has its own; a project's export is made, and signed, by the node that serves the project (the
 * request is forwarded there), and names it.
 */
@ApplicationScoped
public class EvidenceService {
    private static final Logger LOG = Logger.getLogger(EvidenceService.class);

    private final ConclaveConfig config;
    private final Engine engine;
    private final ProjectService projects;
    private volatile NodeKey key;

    public EvidenceService(ConclaveConfig config, Engine engine, ProjectService projects) {
        this.config = config;
        this.engine = engine;
        this.projects = projects;
    }

    /** The key is made (or read) as the service starts, beside the first admin token. */
    void onStart(@Observes @Priority(6) StartupEvent event) {
        key();
    }

    private NodeKey key() {
        NodeKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    boolean first = !java.nio.file.Files.exists(config.dataDir().resolve(NodeKey.PRIVATE_FILE));
                    try {
                        key = NodeKey.loadOrCreate(config.dataDir());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (first) {
                        LOG.infof("first start: this node's signing key was written to %s (readable by this user "
                                + "only), its public key to %s; fingerprint %s", config.dataDir().resolve(
                                NodeKey.PRIVATE_FILE).toAbsolutePath(), config.dataDir().resolve(NodeKey.PUBLIC_FILE)
                                .toAbsolutePath(), key.fingerprint());
                    }
                }
                k = key;
            }
        }
        return k;
    }

    /** The node that signs: its cluster id, or {@code standalone} for a service without a cluster. */
    public String node() {
        return engine.cluster() != null ? engine.cluster().nodeId() : "standalone";
    }

    /** The export of project {@code projectId} as it is now; operators and admins only (it holds every entry). */
    public Evidence export(Caller caller, String projectId) {
        caller.mustOperate("export a project's evidence");
        var project = projects.runtime(caller, projectId);
        EvidenceExporter exporter = new EvidenceExporter(key(), node(), Clock.systemUTC(),
                engine.policies()::archivedFiles);
        try {
            return exporter.export(project);
        } catch (IOException e) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "journal_unreadable",
                    "the journal of project '" + projectId + "' could not be read: " + e.getMessage());
        }
    }

    /** This node's public key: what a verifier compares an export's signer with. */
    public record EvidenceKey(String node, String algorithm, String fingerprint, String publicKey) {
    }

    public EvidenceKey publicKey() {
        NodeKey k = key();
        return new EvidenceKey(node(), NodeKey.ALGORITHM, k.fingerprint(), k.publicKeyPem());
    }
}
