package io.conclave.app.policy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.model.CommandException;
import io.conclave.engine.policy.Policy;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.journal.PolicyRecord;
import io.conclave.model.policy.RuleFile;
import io.conclave.app.Engine;
import io.conclave.app.access.Caller;
import io.conclave.app.rollout.Rollouts;

/**
 * Policy versions as objects: every version that went live or was proposed, with its history (when, by whom),
 * what it changed against its predecessor, and which projects, meetings and conversations decide under it now;
 * a version's files and the unified diff of two; proposing a candidate, activating any archived version
 * (forward or back), dropping a candidate. The archive and the active policy are the {@link PolicyHost}'s.
 */
@ApplicationScoped
public class PolicyVersions {
    private final Engine engine;
    private final PolicyHost host;

    private final Rollouts rollouts;

    public PolicyVersions(Engine engine, Rollouts rollouts) {
        this.engine = engine;
        this.host = engine.policies();
        this.rollouts = rollouts;
    }

    /** What happened to a version once: proposed, activated, dropped. */
    public record Event(Instant at, String event, String by, String trigger, String predecessor, String note) {
        static Event of(PolicyRecord r) {
            return new Event(r.at(), r.event(), r.by(), r.trigger(), r.predecessor(), r.note());
        }
    }

    /** The owners that decide under a version now; a pinned project is listed with its pin. */
    public record RunsOn(List<String> projects, List<String> pinnedProjects, List<String> meetings,
                         List<String> conversations) {
    }

    /**
     * A version: its status ({@code active}, {@code candidate}: proposed and never live, {@code archived}: went
     * live before, for every owner or for the canary projects of a roll-out, {@code dropped}: a candidate whose
     * files were removed), when it first appeared and by whom, its note, its predecessor and the changes against
     * it, its history, and who runs on it now.
     */
    public record VersionView(String version, String status, Instant since, String by, String note,
                              String predecessor, PolicyDiffs.Changes changes, List<Event> history, RunsOn runsOn) {
    }

    /** A version with its files. */
    public record VersionFiles(VersionView version, List<RuleFile> files) {
    }

    /** Every version ever active or proposed, newest first. */
    public List<VersionView> list() throws IOException {
        Map<String, List<PolicyRecord>> byVersion = new LinkedHashMap<>();
        // versions archived before there was a history went live once: listed first, by name
        for (String v : host.archive().versions()) {
            byVersion.put(v, new ArrayList<>());
        }
        for (PolicyRecord r : host.archive().history()) {
            byVersion.computeIfAbsent(r.version(), k -> new ArrayList<>()).add(r);
        }
        Map<String, RunsOn> runs = runsOn();
        List<VersionView> out = new ArrayList<>();
        byVersion.forEach((v, records) -> out.add(view(v, records, runs)));
        Comparator<VersionView> order = Comparator.comparing(VersionView::since,
                Comparator.nullsFirst(Comparator.naturalOrder()));
        out.sort(order.reversed());
        return out;
    }

    /** One version (404 when neither archived nor ever recorded). */
    public VersionView get(String version) throws IOException {
        return list().stream().filter(v -> v.version().equals(version)).findFirst()
                .orElseThrow(() -> notFound(version));
    }

    /** One archived version with its files (404 when its files are not archived: unknown or dropped). */
    public VersionFiles files(String version) throws IOException {
        List<RuleFile> files = host.archivedFiles(version);
        return new VersionFiles(get(version), files);
    }

    /** The unified diff of two archived versions, per file. */
    public PolicyDiffs.Diff diff(String from, String to) throws IOException {
        return PolicyDiffs.diff(from, host.archivedFiles(from), to, host.archivedFiles(to));
    }

    /**
     * A proposal: whether it compiled ({@code messages} then hold only warnings; else its errors, with file, line
     * and column), whether the archive did not hold it before, and its listing (null when it did not compile).
     */
    public record Proposed(boolean ok, boolean created, List<PolicyMessage> messages, VersionView version) {
    }

    /**
     * Proposes a candidate, compiled through the same gate, limits and allow-list as any edit and archived
     * without going live; what does not compile is not kept.
     */
    public Proposed propose(Caller caller, CandidateRequest request) throws IOException {
        List<RuleFile> overlay = new ArrayList<>();
        request.files().forEach((name, text) -> overlay.add(new RuleFile(name, text == null ? "" : text)));
        PolicyHost.Proposal p = host.propose(request.base(), overlay, request.remove() == null ? List.of()
                : request.remove(), request.note(), caller.name());
        if (!p.result().ok()) {
            return new Proposed(false, false, p.result().messages(), null);
        }
        return new Proposed(true, p.isNew(), p.result().warnings(), get(p.result().version()));
    }

    /**
     * Makes an archived version the active policy (forward or back); owners follow it between two of their
     * commands, each journaling the switch; pinned projects stay where they are pinned. The attempt says
     * whether it went live and, if not, why.
     */
    public PolicyAttempt activate(Caller caller, String version) throws IOException {
        rollouts.running().ifPresent(r -> {
            throw new CommandException(CommandException.Kind.CONFLICT, "rollout_running", "roll-out " + r.rolloutId()
                    + " of policy " + r.version() + " is running: promote it (POST /api/rollouts/" + r.rolloutId()
                    + "/promote) or abort it (POST /api/rollouts/" + r.rolloutId() + "/abort) first");
        });
        return host.activate(version, caller.name());
    }

    /** Whether versions may be proposed, activated and dropped over the API (conclave.rules.remote-edit). */
    public boolean editsAllowed() {
        return host.remoteEdits();
    }

    /** Drops a candidate that never went live (409 for one that did, or one a project is pinned to). */
    public VersionView drop(Caller caller, String version) throws IOException {
        host.archivedFiles(version);
        if (!runsOn().getOrDefault(version, new RunsOn(List.of(), List.of(), List.of(), List.of())).pinnedProjects()
                .isEmpty()) {
            throw new CommandException(CommandException.Kind.CONFLICT, "policy_pinned", "projects are pinned to policy "
                    + version + ": unpin them first");
        }
        host.drop(version, caller.name());
        return get(version);
    }

    private VersionView view(String version, List<PolicyRecord> records, Map<String, RunsOn> runs) {
        Policy active = host.active();
        Optional<PolicyRecord> first = records.stream().findFirst();
        Optional<PolicyRecord> proposed = records.stream().filter(r -> PolicyRecord.PROPOSED.equals(r.event())).findFirst();
        boolean live = records.isEmpty() || records.stream().anyMatch(r -> PolicyRecord.ACTIVATED.equals(r.event())
                || PolicyRecord.ROLLED_OUT.equals(r.event()));
        boolean archived = host.archive().has(version);
        String status = active != null && active.version().equals(version) ? "active"
                : !archived ? "dropped" : live ? "archived" : "candidate";
        String predecessor = proposed.map(PolicyRecord::predecessor)
                .orElse(first.map(PolicyRecord::predecessor).orElse(null));
        PolicyDiffs.Changes changes = null;
        if (predecessor != null && archived && host.archive().has(predecessor)) {
            try {
                changes = PolicyDiffs.changes(host.archivedFiles(predecessor), host.archivedFiles(version));
            } catch (IOException | CommandException e) {
                changes = null; // the predecessor's files are not readable: the listing says nothing of the changes
            }
        }
        return new VersionView(version, status, first.map(PolicyRecord::at).orElse(null),
                first.map(PolicyRecord::by).orElse(null), proposed.map(PolicyRecord::note).orElse(null), predecessor,
                changes, records.stream().map(Event::of).toList(),
                runs.getOrDefault(version, new RunsOn(List.of(), List.of(), List.of(), List.of())));
    }

    /** Who decides under which version now, by version. */
    private Map<String, RunsOn> runsOn() {
        Map<String, RunsOn> out = new LinkedHashMap<>();
        engine.projects().all().forEach(p -> {
            RunsOn r = at(out, p.policyVersion());
            r.projects().add(p.id());
            if (p.pin() != null) {
                at(out, p.pin().version()).pinnedProjects().add(p.id());
            }
        });
        engine.meetings().all().forEach(m -> at(out, m.policyVersion()).meetings().add(m.id()));
        engine.conversations().all().forEach(c -> at(out, c.policyVersion()).conversations().add(c.id()));
        return out;
    }

    private static RunsOn at(Map<String, RunsOn> out, String version) {
        return out.computeIfAbsent(version, v -> new RunsOn(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>()));
    }

    private static CommandException notFound(String version) {
        return new CommandException(CommandException.Kind.NOT_FOUND, "policy_not_found", "no policy version '" + version
                + "' (GET /api/policies lists them)");
    }
}
