package io.conclave.engine.policy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.conclave.journal.PolicyRecord;
import io.conclave.model.CommandException;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.RuleFile;

/**
 * Versions as objects, the {@link PolicyHost}'s archive side: candidates proposed (compiled through the same gate,
 * limits and allow-list as any edit, archived without going live), an archived version activated forward or back,
 * a candidate that never went live dropped, and the compiled policy of any archived version. Changes to the archive
 * and the rules folder are made under the host's lock ({@code synchronized (host)}), as the folder's edits are.
 */
final class PolicyCandidates {
    private static final Logger LOG = Logger.getLogger(PolicyHost.class);
    private static final int CACHED_VERSIONS = 8;

    private final PolicyHost host;
    /** The compiled policies of recent versions (guarded by itself): owners switching, pinned and replaying. */
    private final Map<String, Policy> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
            return size() > CACHED_VERSIONS;
        }
    };

    PolicyCandidates(PolicyHost host) {
        this.host = host;
    }

    /**
     * Proposes a candidate: the files of {@code base} (an archived version; null for the active one) with
     * {@code overlay} replacing or adding files and {@code removed} taken out, compiled through the same gate,
     * limits and allow-list as any edit, and archived without going live. A result that does not compile is
     * returned as it is and nothing is kept.
     */
    public PolicyHost.Proposal propose(String base, List<RuleFile> overlay, List<String> removed, String note, String actor)
            throws IOException {
        PolicyHost.editable();
        host.remotelyEditable();
        String from = base != null ? base : activeOrNone().version();
        List<RuleFile> files = FolderEdits.merge(archivedFiles(from), overlay, null);
        List<io.conclave.model.Problem> unknown = new ArrayList<>();
        for (int i = 0; i < removed.size(); i++) {
            String name = removed.get(i);
            if (files.stream().noneMatch(f -> f.name().equals(name))) {
                unknown.add(new io.conclave.model.Problem("$.remove[" + i + "]", "policy " + from + " has no file '"
                        + name + "'"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_request", unknown.size()
                    + " problem(s) in the request", unknown);
        }
        files.removeIf(f -> removed.contains(f.name()));
        CompileResult r = host.compile(files, overlay.size() == 1 ? overlay.get(0).name() : "");
        if (!r.ok()) {
            return new PolicyHost.Proposal(r, false);
        }
        PolicyHost.Proposal proposal;
        synchronized (host) {
            boolean isNew = !host.archive().has(r.version());
            if (isNew) {
                host.archive().save(r.version(), r.files());
                host.archive().record(new PolicyRecord(Instant.now(), r.version(), PolicyRecord.PROPOSED, actor,
                        "POST /api/policies", from, note));
            }
            keep(r.version(), r.policy());
            proposal = new PolicyHost.Proposal(r, isNew);
        }
        if (proposal.isNew()) {
            host.proposed(new PolicyHost.Proposed(r.version(), r.files(), actor, from, note));
        }
        return proposal;
    }

    /**
     * Makes an archived version the active policy, forward or back: compiled (or taken from the cache),
     * then, under this host's lock, the rules folder is rewritten to hold exactly its files (marked in the
     * archive first, so a crash half way is finished at the next start) and it goes live; owners move to it
     * between two of their commands, each journaling the switch. 404 for a version the archive does not hold.
     */
    public PolicyAttempt activate(String version, String actor) throws IOException {
        return activate(version, actor, "POST /api/policies/" + version + "/activate");
    }

    /** {@link #activate(String, String)}, recorded in the history with what asked for it ({@code trigger}). */
    public PolicyAttempt activate(String version, String actor, String trigger) throws IOException {
        PolicyHost.editable();
        host.remotelyEditable();
        Policy compiled = archived(version);
        synchronized (host) {
            Policy current = host.active();
            if (current != null && current.version().equals(version)) {
                // already live: the folder holds it again (an edit on disk that did not compile is undone)
                host.archive().activating(version);
                host.edits().writeFolder(compiled.files());
                host.archive().activated();
                return host.attempted(new PolicyAttempt(trigger, version, Instant.now(), true, current.warnings()));
            }
            // the folder is rewritten only once every owner took the version (marked first, so a crash half way
            // through the rewrite is finished at the next start)
            PolicyAttempt attempt = host.tryActivate(trigger, actor,
                    new CompileResult(compiled.version(), compiled.files(), compiled.warnings(), compiled), null, () -> {
                        host.archive().activating(version);
                        host.edits().writeFolder(compiled.files());
                    });
            host.archive().activated();
            return attempt;
        }
    }

    /**
     * Drops a candidate that never went live: its files leave the archive, its history stays. 409 for the
     * active version or one that went live (journals replay under it).
     */
    public void drop(String version, String actor) throws IOException {
        synchronized (host) {
            PolicyHost.editable();
            host.remotelyEditable();
            archivedFiles(version);
            if (wentLive(version)) {
                throw new CommandException(CommandException.Kind.CONFLICT, "policy_went_live", "policy " + version
                        + " went live: journals replay under it, so it stays archived; activate another version instead");
            }
            host.archive().remove(version);
            host.archive().record(new PolicyRecord(Instant.now(), version, PolicyRecord.DROPPED, actor,
                    "DELETE /api/policies/" + version, null, null));
            forget(version);
        }
    }

    /**
     * True when {@code version} was active at some time: the active one, one the history records an activation
     * or a roll-out to canary projects of, or one archived before there was a history (only active versions were
     * archived then). Journals replay under such a version, so it is never dropped.
     */
    public boolean wentLive(String version) throws IOException {
        Policy current = host.active();
        if (current != null && current.version().equals(version)) {
            return true;
        }
        List<PolicyRecord> history = host.archive().history();
        boolean recorded = history.stream().anyMatch(r -> r.version().equals(version));
        return history.stream().anyMatch(r -> r.version().equals(version) && (PolicyRecord.ACTIVATED.equals(r.event())
                || PolicyRecord.ROLLED_OUT.equals(r.event())))
                || !recorded && host.archive().has(version);
    }

    /**
     * The compiled policy of an archived version (the active one, a cached one, or compiled from the archive
     * through the gate: bounded like any compile, 429 while another policy compiles). 404 when the archive
     * does not hold it; unlike {@link PolicyHost#byVersion}, never another version instead.
     */
    public Policy archived(String version) throws IOException {
        Policy current = host.active();
        if (current != null && current.version().equals(version)) {
            return current;
        }
        Policy cached = cached(version);
        if (cached != null) {
            return cached;
        }
        List<RuleFile> files = archivedFiles(version);
        PolicyHost.editable();
        CompileResult r = host.compile(files, "");
        if (!r.ok()) {
            throw new CommandException(CommandException.Kind.POLICY, "invalid_policy", "archived policy " + version
                    + " does not compile here any more: " + r.errors());
        }
        keep(version, r.policy());
        return r.policy();
    }

    /** The files of an archived version; 404 when the archive does not hold it. */
    public List<RuleFile> archivedFiles(String version) throws IOException {
        return host.archive().load(version).filter(f -> host.archive().has(version)).orElseThrow(() -> new CommandException(
                CommandException.Kind.NOT_FOUND, "policy_not_found", "no archived policy version '" + version
                + "' (GET /api/policies lists them)"));
    }

    private Policy activeOrNone() {
        Policy p = host.active();
        if (p == null) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "no_policy",
                    "no valid policy is active: name a base version");
        }
        return p;
    }

    /** See {@link PolicySource#byVersion}: the active policy instead of a version the archive does not hold. */
    Policy byVersion(String version) {
        Policy current = host.active();
        if (current != null && current.version().equals(version)) {
            return current;
        }
        synchronized (cache) {
            Policy cached = cache.get(version);
            if (cached != null) {
                return cached;
            }
            try {
                Optional<List<RuleFile>> files = host.archive().load(version);
                if (files.isPresent()) {
                    CompileResult r = host.compiler().compile(files.get());
                    if (r.ok()) {
                        cache.put(version, r.policy());
                        return r.policy();
                    }
                }
            } catch (IOException e) {
                LOG.warnf("policy archive of %s unreadable: %s", version, e.getMessage());
            }
        }
        LOG.warnf("policy version %s is not archived; using the active policy instead", version);
        return current;
    }

    /** The compiled policy of {@code version} if this host keeps it (the cache of recent versions), else null. */
    Policy cached(String version) {
        synchronized (cache) {
            return cache.get(version);
        }
    }

    /** Keeps a compiled version in the cache, so owners and reads find it by its version. */
    void keep(String version, Policy policy) {
        synchronized (cache) {
            cache.put(version, policy);
        }
    }

    /** Forgets a version the archive no longer holds. */
    void forget(String version) {
        synchronized (cache) {
            cache.remove(version);
        }
    }
}
