package io.conclave.engine.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.conclave.journal.PolicyArchive;
import io.conclave.journal.PolicyRecord;
import io.conclave.model.CommandException;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.policy.RuleFile;

/**
 * Owns the active policy. Compiles the rules folder, activates a new version only when it compiles,
 * and otherwise keeps the running one and reports the errors. Watches the folder (file events plus a
 * slow poll as a safety net) and rebuilds in the background after a quiet period. Every activated
 * version is archived so journals can be replayed under the exact rules they ran under.
 * <p>
 * Compiles go through a {@link CompileGate}: one at a time, bounded in time and memory, never holding
 * this host's lock while they run (a slow or stuck compile blocks neither the watcher nor reads of the
 * active policy). Edits over the API can be switched off ({@link #remoteEdits}): the folder is then the
 * only way to change the policy.
 * <p>
 * This class holds the active version and the one way a version goes live ({@link #tryActivate}: compiled, tried on
 * every owner, archived, switched); what reaches it comes from the rules folder ({@link FolderEdits}: reloads, edits,
 * the watcher's looks) or from the archive ({@link PolicyCandidates}: proposed versions, activations, drops).
 */
public final class PolicyHost implements PolicySource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolicyHost.class);

    private final Path rulesDir;
    private final PolicyArchive archive;
    private final PolicyCompiler compiler;
    private final HostCompiles compiles;
    private volatile boolean remoteEdits = true;
    private final AtomicReference<Policy> active = new AtomicReference<>();
    private volatile Consumer<Policy> onActivate = p -> { };
    /**
     * Held for writing from the start of an activation's trial until the version is active (or refused and every
     * owner back): reads that report versions hold it for reading ({@link #visibly}), so none sees owners on a
     * version GET /api/rules does not name as active, or the reverse. A reader waits at most
     * {@link #VISIBILITY_WAIT_MILLIS} (then reads as things are): a read made while its own thread holds an
     * owner the trial waits for must not wait for the trial.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock visibility =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    public static final long VISIBILITY_WAIT_MILLIS = 2_000;
    private volatile java.util.function.Function<Policy, List<String>> trial = p -> List.of();
    private volatile Consumer<PolicyAttempt> onRefuse = a -> { };
    /** Told of every candidate newly archived here (a cluster shares it with the other nodes). */
    private volatile Consumer<Proposed> onPropose = p -> { };
    private volatile PolicyAttempt lastAttempt;
    /** Kept apart from lastAttempt, which the watcher's next look at the unchanged folder replaces. */
    private volatile PolicyAttempt lastRefused;
    private final FolderEdits folder = new FolderEdits(this);
    private final PolicyCandidates candidates = new PolicyCandidates(this);
    private RulesWatcher watcher;

    public PolicyHost(Path rulesDir, PolicyArchive archive, PolicyCompiler compiler) {
        this(rulesDir, archive, compiler, new CompileGate(CompileGate.Settings.DEFAULT));
    }

    public PolicyHost(Path rulesDir, PolicyArchive archive, PolicyCompiler compiler, CompileGate gate) {
        this.rulesDir = rulesDir;
        this.archive = archive;
        this.compiler = compiler;
        this.compiles = new HostCompiles(compiler, gate);
    }

    /** Whether PUT, DELETE and reload over the API may change the policy (false: only the rules folder can). */
    public void remoteEdits(boolean allowed) {
        this.remoteEdits = allowed;
    }

    public boolean remoteEdits() {
        return remoteEdits;
    }

    /** Refuses an edit over the API when they are switched off, saying how to change the policy instead. */
    void remotelyEditable() {
        if (!remoteEdits) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "rule_edits_disabled", "rule edits over the "
                    + "API are switched off (conclave.rules.remote-edit=false): change the files in "
                    + rulesDir.toAbsolutePath() + " instead; the service picks them up when it watches the folder "
                    + "(conclave.watch-rules) and at start", List.of());
        }
    }

    /**
     * Tries a compiled policy on every owner before it goes live (each moves to it, journaled); answers why
     * the owners that could not, in which case it must have put every owner back on the active policy.
     * A policy goes live only when the answer is empty, so the active version is the one that decides.
     */
    public void onTrial(java.util.function.Function<Policy, List<String>> trial) {
        this.trial = trial;
    }

    /** Called with every newly activated policy, after it became the active one. */
    public void onActivate(Consumer<Policy> listener) {
        this.onActivate = listener;
    }

    /** Called with every attempt that did not compile, after it was recorded as the last refused one. */
    public void onPropose(Consumer<Proposed> listener) {
        this.onPropose = listener;
    }

    /** A candidate newly archived here: its version, files, who proposed it, from which version, and why. */
    public record Proposed(String version, List<RuleFile> files, String by, String from, String note) {
    }

    public void onRefuse(Consumer<PolicyAttempt> listener) {
        this.onRefuse = listener;
    }

    /** Told of every compilation of a candidate policy (metrics). */
    public interface CompileObserver {
        /** {@code chaptersCompiled}: chapters compiled here (not loaded as built or cached); {@code nanos}: wall time. */
        void compiled(CompileResult result, int chaptersCompiled, long nanos);
    }

    /** Sets who is told of every compilation (one observer; the last one set). */
    public void onCompile(CompileObserver observer) {
        compiles.observe(observer);
    }

    /**
     * Builds the rules folder; when it does not compile, falls back to the last archived version. In a
     * native executable the policy is the one built into it, whatever the folder holds.
     */
    public void start() throws IOException {
        if (!PolicyCompiler.canCompile()) {
            folder.startNative();
            return;
        }
        folder.finishUnfinishedActivation();
        if (folder.startOnLastActive()) {
            return; // the folder, if it differs, is tried once the owners are back (reconcileFolder)
        }
        PolicyAttempt attempt = reload("startup", "startup");
        if (!attempt.activated() && active.get() == null) {
            Optional<String> last = archive.lastActive();
            if (last.isPresent()) {
                Policy fallback = byVersion(last.get());
                if (fallback != null && fallback.version().equals(last.get())) {
                    active.set(fallback);
                    LOG.warnf("rules folder %s does not compile; running the last good policy %s", rulesDir, last.get());
                }
            }
        }
    }

    @Override
    public Policy byVersion(String version) {
        return candidates.byVersion(version);
    }


    /** See {@link FolderEdits#reconcileFolderNow}. */
    public PolicyAttempt reconcileFolderNow() throws IOException {
        return folder.reconcileFolderNow();
    }

    /** How to change the policy of a native executable, said wherever an edit is refused. */
    public static final String FIXED = "the policy is fixed in a native executable: change rules/ and rebuild it "
            + "(./mvnw package -Dnative), or run the JVM build (java -jar target/quarkus-app/quarkus-run.jar) to edit "
            + "rules live";

    static void editable() {
        if (!PolicyCompiler.canCompile()) {
            throw new CommandException(CommandException.Kind.CONFLICT, "policy_fixed", FIXED, List.of());
        }
    }

    @Override
    public Policy active() {
        return active.get();
    }

    @Override
    public <T> T visibly(java.util.function.Supplier<T> read) {
        boolean held = false;
        try {
            held = visibility.readLock().tryLock(VISIBILITY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return read.get();
        } finally {
            if (held) {
                visibility.readLock().unlock();
            }
        }
    }

    public PolicyAttempt lastAttempt() {
        return lastAttempt;
    }

    /** The last attempt that did not compile (an edit, a reload, a file on disk), or null if none did since start. */
    public PolicyAttempt lastRefused() {
        return lastRefused;
    }

    public Path rulesDir() {
        return rulesDir;
    }

    /** Re-reads the rules folder and activates it if it changed and compiles. */
    public PolicyAttempt reload(String trigger) throws IOException {
        return folder.reload(trigger);
    }

    /** A reload asked for over the API (refused when edits over the API are switched off). */
    public PolicyAttempt requestReload(String actor) throws IOException {
        return folder.requestReload(actor);
    }

    /** Re-reads the rules folder and activates it, on behalf of {@code actor}, if it changed and compiles. */
    public PolicyAttempt reload(String trigger, String actor) throws IOException {
        return folder.reload(trigger, actor);
    }


    /** Warms the compiler up in the background on the active policy's files ({@link HostCompiles#warmUp}). */
    public void warmUp() {
        compiles.warmUp(active.get());
    }

    /** Compiles through the gate, one compile at a time and bounded ({@link HostCompiles#compile}). */
    CompileResult compile(List<RuleFile> files, String blame) {
        return compiles.compile(files, blame);
    }

    /** Compiles {@code files} ahead of the watcher's look at them ({@link CompileGate#ahead}); false if not started. */
    boolean compileAhead(List<RuleFile> files) {
        return compiles.ahead(files);
    }

    /** See {@link FolderEdits#adopt}. */
    public PolicyAttempt adopt(String version, List<RuleFile> files, String actor) throws IOException {
        return folder.adopt(version, files, actor);
    }

    /** Compiles the current files with {@code overlay} replacing or adding files, without activating. */
    public CompileResult validate(List<RuleFile> overlay, boolean standalone) throws IOException {
        return folder.validate(overlay, standalone);
    }

    /** Writes one rule file if the policy with it compiles, then activates that policy. */
    public PolicyAttempt put(String name, String content, String actor) throws IOException {
        return folder.put(name, content, actor);
    }

    /** Deletes one rule file if the policy without it compiles, then activates that policy. */
    public PolicyAttempt delete(String name, String actor) throws IOException {
        return folder.delete(name, actor);
    }

    /** What an edit writes to the rules folder once its policy passed the trial (the file, the whole version). */
    interface FolderWrite {
        void write() throws IOException;
    }

    /**
     * Activates a compiled policy if every owner takes it (the trial), and only then writes the rules folder
     * ({@code write}; null when the folder holds it already): an edit refused at any step leaves the folder byte
     * for byte as it was. Called under this host's lock.
     */
    PolicyAttempt tryActivate(String trigger, String actor, CompileResult result, String file, FolderWrite write)
            throws IOException {
        String blamed = file == null ? "" : file;
        if (!result.ok()) {
            CompileLog.refusal(result, trigger);
            return refused(new PolicyAttempt(trigger, result.version(), Instant.now(), false, result.messages()),
                    CompileGate.busy(result));
        }
        Policy before = active.get();
        String previous = before != null ? before.version() : archive.lastActive().orElse(null);
        Policy policy = result.policy().activated(actor);
        keep(policy.version(), policy); // the owners find it by its version while they try it
        visibility.writeLock().lock();
        try {
            return trialAndSwitch(trigger, actor, result, blamed, before, previous, policy, write);
        } finally {
            if (visibility.isWriteLockedByCurrentThread()) {
                visibility.writeLock().unlock();
            }
        }
    }

    /** The trial and, when every owner took the policy, the folder written and the switch; under the visibility lock. */
    private PolicyAttempt trialAndSwitch(String trigger, String actor, CompileResult result, String blamed,
                                         Policy before, String previous, Policy policy, FolderWrite write)
            throws IOException {
        List<String> failures = new ArrayList<>(trial.apply(policy));
        if (failures.isEmpty() && write != null) {
            try {
                write.write();
            } catch (IOException e) {
                failures.add("the rules folder could not be written (" + e.getMessage() + "); every owner goes back");
                if (before != null) {
                    trial.apply(before).forEach(f -> LOG.errorf("going back to %s: %s", before.version(), f));
                }
            }
        }
        if (!failures.isEmpty()) {
            failures.forEach(f -> LOG.errorf("policy %s not activated (%s): %s", policy.version(), trigger, f));
            return refused(new PolicyAttempt(trigger, policy.version(), Instant.now(), false, failures.stream()
                    .map(f -> new PolicyMessage("ERROR", blamed, 0, 0, "not activated, every owner stays on "
                            + (before == null ? "no policy" : before.version()) + ": " + f))
                    .toList()), false);
        }
        archive.saveActive(policy.version(), policy.files());
        if (!policy.version().equals(previous)) {
            archive.record(new PolicyRecord(policy.activatedAt(), policy.version(), PolicyRecord.ACTIVATED, actor,
                    trigger, previous, null));
        }
        active.set(policy);
        visibility.writeLock().unlock(); // every owner and the active version agree: reads may look again
        folder.activated();
        lastAttempt = new PolicyAttempt(trigger, policy.version(), policy.activatedAt(), true, result.messages());
        LOG.infof("policy %s active (%s, %d files, %d chapters, %d compiled here)", policy.version(), trigger,
                policy.files().size(), policy.chapters().size(), policy.chapters().stream()
                        .filter(c -> c.origin() == CompiledChapter.Origin.RUNTIME).count());
        onActivate.accept(policy);
        return lastAttempt;
    }

    /**
     * Records a refused attempt and tells the listeners. {@code busy}: refused because the machine was busy (the
     * compile ran past its time or memory), not for what the files say: the watcher tries the same folder again.
     */
    private PolicyAttempt refused(PolicyAttempt attempt, boolean busy) {
        lastAttempt = attempt;
        lastRefused = attempt;
        folder.refused(attempt.version(), busy);
        onRefuse.accept(attempt);
        return attempt;
    }

    /** Records the attempt as the last one, and returns it. */
    PolicyAttempt attempted(PolicyAttempt attempt) {
        return lastAttempt = attempt;
    }

    /**
     * The rules folder against the active policy: {@code active} when it holds the active version; {@code refused}
     * when its version was refused for what its files say (the refusal names file and line); {@code pending} when it
     * was not tried yet, or was refused because the machine was busy and is tried again at {@code retryAt}.
     */
    public record FolderState(String version, String status, PolicyAttempt refusal, Instant retryAt) {
    }
    /** See {@link FolderEdits#folder}. */
    public FolderState folder() {
        return folder.folder();
    }


    // ------------------------------------------------------------------ versions: candidates, activation, drop

    /** The archive of every version that went live or was proposed, with its history. */
    public PolicyArchive archive() {
        return archive;
    }

    /** A candidate the archive now holds: its compile result, and false when the same files were proposed before. */
    public record Proposal(CompileResult result, boolean isNew) {
    }

    /** See {@link PolicyCandidates#propose}. */
    public Proposal propose(String base, List<RuleFile> overlay, List<String> removed, String note, String actor)
            throws IOException {
        return candidates.propose(base, overlay, removed, note, actor);
    }

    /** See {@link PolicyCandidates#activate(String, String)}. */
    public PolicyAttempt activate(String version, String actor) throws IOException {
        return candidates.activate(version, actor);
    }

    /** See {@link PolicyCandidates#activate(String, String, String)}. */
    public PolicyAttempt activate(String version, String actor, String trigger) throws IOException {
        return candidates.activate(version, actor, trigger);
    }

    /** See {@link PolicyCandidates#drop}. */
    public void drop(String version, String actor) throws IOException {
        candidates.drop(version, actor);
    }

    /** See {@link PolicyCandidates#wentLive}. */
    public boolean wentLive(String version) throws IOException {
        return candidates.wentLive(version);
    }

    /** See {@link PolicyCandidates#archived}. */
    public Policy archived(String version) throws IOException {
        return candidates.archived(version);
    }

    /** See {@link PolicyCandidates#archivedFiles}. */
    public List<RuleFile> archivedFiles(String version) throws IOException {
        return candidates.archivedFiles(version);
    }

    /** The rules folder's side of this host. */
    FolderEdits edits() {
        return folder;
    }

    /** Keeps a compiled version, so owners and reads find it by its version (see {@link PolicyCandidates#keep}). */
    void keep(String version, Policy policy) {
        candidates.keep(version, policy);
    }

    /** The compiler this host compiles with. */
    PolicyCompiler compiler() {
        return compiler;
    }

    /** Starts on {@code policy} without a trial (the version that was active when the service stopped). */
    void started(Policy policy, PolicyAttempt attempt) {
        active.set(policy);
        lastAttempt = attempt;
    }

    /** Tells the listener of a candidate newly archived here. */
    void proposed(Proposed proposed) {
        onPropose.accept(proposed);
    }


    /**
     * Watches the rules folder: a change is picked up after {@code quietMillis} without further events, and
     * compiled ahead once {@code aheadMillis} (at most the quiet time) passed without any; every {@code pollMillis}
     * the folder is re-hashed anyway, for file systems that send no events.
     */
    public synchronized void watch(long quietMillis, long aheadMillis, long pollMillis) throws IOException {
        if (!PolicyCompiler.canCompile()) {
            LOG.infof("not watching %s: %s", rulesDir, FIXED);
            return;
        }
        watcher = RulesWatcher.start(rulesDir, quietMillis, aheadMillis, pollMillis, folder::compileAhead,
                folder::reloadQuietly);
    }

    /** Watches with the default time before a compile ahead (50 ms, at most the quiet time). */
    public void watch(long quietMillis, long pollMillis) throws IOException {
        watch(quietMillis, Math.min(DEFAULT_AHEAD_MILLIS, quietMillis), pollMillis);
    }

    /** How long a changed rules folder stays without events before it is compiled ahead, by default. */
    public static final long DEFAULT_AHEAD_MILLIS = 50;

    @Override
    public synchronized void close() throws IOException {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
