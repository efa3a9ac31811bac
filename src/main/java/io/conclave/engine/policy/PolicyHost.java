package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.conclave.journal.AtomicFiles;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.PolicyRecord;
import io.conclave.journal.RuleFolder;
import io.conclave.model.CommandException;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.PolicyMessage;

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
 */
public final class PolicyHost implements PolicySource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolicyHost.class);
    private static final int CACHED_VERSIONS = 8;

    private final Path rulesDir;
    private final PolicyArchive archive;
    private final PolicyCompiler compiler;
    private final CompileGate gate;
    private volatile boolean remoteEdits = true;
    private final AtomicReference<Policy> active = new AtomicReference<>();
    private final Map<String, Policy> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
            return size() > CACHED_VERSIONS;
        }
    };
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
    private static final long VISIBILITY_WAIT_MILLIS = 2_000;
    private volatile java.util.function.Function<Policy, List<String>> trial = p -> List.of();
    private volatile Consumer<PolicyAttempt> onRefuse = a -> { };
    /** Told of every candidate newly archived here (a cluster shares it with the other nodes). */
    private volatile Consumer<Proposed> onPropose = p -> { };
    private volatile CompileObserver onCompile = (r, c, n) -> { };
    private volatile PolicyAttempt lastAttempt;
    /** Kept apart from lastAttempt, which the watcher's next look at the unchanged folder replaces. */
    private volatile PolicyAttempt lastRefused;
    /**
     * How often this host wrote the rules folder (guarded by this host's lock): a compile of the folder read
     * before a write is stale, and is not activated over what the write activated.
     */
    private long folderWrites;
    private WatchService watchService;
    private Thread watcher;

    public PolicyHost(Path rulesDir, PolicyArchive archive, PolicyCompiler compiler) {
        this(rulesDir, archive, compiler, new CompileGate(CompileGate.Settings.DEFAULT));
    }

    public PolicyHost(Path rulesDir, PolicyArchive archive, PolicyCompiler compiler, CompileGate gate) {
        this.rulesDir = rulesDir;
        this.archive = archive;
        this.compiler = compiler;
        this.gate = gate;
    }

    /** Whether PUT, DELETE and reload over the API may change the policy (false: only the rules folder can). */
    public void remoteEdits(boolean allowed) {
        this.remoteEdits = allowed;
    }

    public boolean remoteEdits() {
        return remoteEdits;
    }

    /** How to change the policy when edits over the API are switched off, said wherever one is refused. */
    private String editsOff() {
        return "rule edits over the API are switched off (conclave.rules.remote-edit=false): change the files in "
                + rulesDir.toAbsolutePath() + " instead; the service "
                + "picks them up when it watches the folder (conclave.watch-rules) and at start";
    }

    private void remotelyEditable() {
        if (!remoteEdits) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "rule_edits_disabled", editsOff(), List.of());
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
        this.onCompile = observer;
    }

    /**
     * Builds the rules folder; when it does not compile, falls back to the last archived version. In a
     * native executable the policy is the one built into it, whatever the folder holds.
     */
    public void start() throws IOException {
        if (!PolicyCompiler.canCompile()) {
            startNative();
            return;
        }
        finishUnfinishedActivation();
        if (startOnLastActive()) {
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

    /**
     * Starts on the version that was active when the service stopped (the archive has its files): it went through
     * every check and the activation trial then, which a folder edited meanwhile has not. False when there is none
     * (a first start) or it does not compile here any more; the folder is then read as it is.
     */
    private boolean startOnLastActive() throws IOException {
        Optional<String> last = archive.lastActive();
        Optional<List<RuleFile>> files = last.isPresent() ? archive.load(last.get()) : Optional.empty();
        if (files.isEmpty()) {
            return false;
        }
        CompileResult r = compile(files.get(), "");
        if (!r.ok()) {
            LOG.warnf("the last active policy %s does not compile here any more: %s", last.get(), r.errors());
            return false;
        }
        Policy policy = r.policy().activated("startup");
        active.set(policy);
        lastAttempt = new PolicyAttempt("startup", policy.version(), policy.activatedAt(), true, r.messages());
        LOG.infof("policy %s active (the last active version, %d files)", policy.version(), policy.files().size());
        return true;
    }

    /**
     * Tries the rules folder once every owner is back after a start, when it differs from the version the service
     * started on: the same compile, checks and trial as an edit on disk. Refused, it stays on disk and is shown as
     * refused (GET /api/rules, readiness, the event stream); the last active version goes on deciding. Runs in the
     * background: the service is ready meanwhile.
     */
    public void reconcileFolder() {
        Thread t = new Thread(() -> {
            try {
                reconcileFolderNow();
            } catch (Throwable e) {
                LOG.errorf(e, "trying the rules folder %s after start failed", rulesDir);
            }
        }, "conclave-rules-startup");
        t.setDaemon(true);
        t.start();
    }

    /** {@link #reconcileFolder} on the caller's thread: the attempt, or null when the folder holds the active version. */
    public PolicyAttempt reconcileFolderNow() throws IOException {
        Policy current = active.get();
        if (!PolicyCompiler.canCompile() || current == null
                || PolicyCompiler.versionOf(RuleFolder.read(rulesDir)).equals(current.version())) {
            return null;
        }
        LOG.infof("the rules folder %s differs from the last active policy %s: trying it", rulesDir, current.version());
        return reload("startup", "startup");
    }

    private void startNative() throws IOException {
        List<RuleFile> built = compiler.prebuilt().files();
        CompileResult r = compiler.compile(built);
        if (!r.ok()) {
            throw new IllegalStateException("the policy built into this executable does not load: " + r.errors());
        }
        List<RuleFile> onDisk = RuleFolder.read(rulesDir);
        if (!onDisk.isEmpty() && !PolicyCompiler.versionOf(onDisk).equals(r.version())) {
            LOG.warnf("the rules folder %s differs from the policy built into this native executable; running the "
                    + "built policy %s (%s)", rulesDir, r.version(), FIXED);
        }
        tryActivate("startup", "startup", r, null, null);
    }

    /** How to change the policy of a native executable, said wherever an edit is refused. */
    public static final String FIXED = "the policy is fixed in a native executable: change rules/ and rebuild it "
            + "(./mvnw package -Dnative), or run the JVM build (java -jar target/quarkus-app/quarkus-run.jar) to edit "
            + "rules live";

    private static void editable() {
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

    @Override
    public Policy byVersion(String version) {
        Policy current = active.get();
        if (current != null && current.version().equals(version)) {
            return current;
        }
        synchronized (cache) {
            Policy cached = cache.get(version);
            if (cached != null) {
                return cached;
            }
            try {
                Optional<List<RuleFile>> files = archive.load(version);
                if (files.isPresent()) {
                    CompileResult r = compiler.compile(files.get());
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

    /** Re-reads the rules folder and activates it if it changed and compiles. */
    public PolicyAttempt reload(String trigger) throws IOException {
        return reload(trigger, "operator");
    }

    /** A reload asked for over the API (refused when edits over the API are switched off). */
    public PolicyAttempt requestReload(String actor) throws IOException {
        remotelyEditable();
        return reload("POST /api/rules/reload", actor);
    }

    /** Re-reads the rules folder and activates it, on behalf of {@code actor}, if it changed and compiles. */
    public PolicyAttempt reload(String trigger, String actor) throws IOException {
        if (!"startup".equals(trigger)) {
            editable();
        }
        long writes;
        List<RuleFile> files;
        synchronized (this) {
            writes = folderWrites;
            files = RuleFolder.read(rulesDir);
        }
        String version = PolicyCompiler.versionOf(files);
        Policy current = active.get();
        if (current != null && current.version().equals(version)) {
            // nothing to build: keep the attempt that activated this version (a watcher that saw a PUT's
            // file must not claim the activation as its own)
            PolicyAttempt last = lastAttempt;
            if (last != null && last.activated() && last.version().equals(version)) {
                return last;
            }
            return lastAttempt = new PolicyAttempt(trigger, version, Instant.now(), true, current.warnings());
        }
        CompileResult r = compile(files, "");
        synchronized (this) {
            if (writes != folderWrites) {
                // the folder was rewritten while this compile ran (an activation, an edit): what it read is stale,
                // and the rewrite activated what the folder holds now
                return lastAttempt;
            }
            return tryActivate(trigger, actor, r, null, null);
        }
    }

    /**
     * Warms the compiler up in the background (see {@link PolicyCompiler#warmUp}) on the active policy's files, when
     * no compile is under way: a real compile that comes meanwhile cancels it and goes first. Logs what it compiled
     * and how long it took.
     */
    public void warmUp() {
        Policy policy = active.get();
        if (policy == null || !PolicyCompiler.canCompile()) {
            return;
        }
        List<RuleFile> files = policy.files();
        long start = System.nanoTime();
        gate.warmUp(ticket -> {
            String chapter;
            try {
                chapter = compiler.warmUp(files, ticket);
            } catch (RuntimeException e) {
                chapter = null; // a warm-up that failed or was cancelled leaves nothing behind
            }
            if (chapter != null) {
                LOG.infof("the policy compiler is warm: compiled chapter %s in %d ms (conclave.rules.warm-up)",
                        chapter, (System.nanoTime() - start) / 1_000_000);
            }
            return new CompileResult("warm-up", files, List.of(), null);
        });
    }

    /**
     * Compiles through the gate (one compile at a time, bounded), logging which chapters are compiled
     * (the others come from the build or the cache). {@code blame}: the file a refusal for a limit names.
     */
    private CompileResult compile(List<RuleFile> files, String blame) {
        long start = System.nanoTime();
        List<String> compiled = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompileResult r = gate.compile(PolicyCompiler.versionOf(files), files, blame,
                ticket -> compiler.compile(files, compiled::add, ticket));
        long nanos = System.nanoTime() - start;
        if (!compiled.isEmpty()) {
            LOG.infof("policy %s: compiled %s in %d ms", r.version(), r.ok() ? whatCompiled(r.policy(), compiled) : compiled,
                    nanos / 1_000_000);
        }
        onCompile.compiled(r, compiled.size(), nanos);
        return r;
    }

    /** Each compiled chapter with the files compiled for it ("assignment: 1 of 11 files: proposals.drl"). */
    private static List<String> whatCompiled(Policy policy, List<String> chapters) {
        return policy.chapters().stream().filter(c -> chapters.contains(c.name()))
                .map(c -> c.name() + ": " + (c.compiledFiles().size() == c.files().size() ? "whole chapter"
                        : c.compiledFiles().size() + " of " + c.files().size() + " files" + (c.compiledFiles().isEmpty() ? ""
                        : " (" + String.join(", ", c.compiledFiles().stream().map(f -> f.substring(f.indexOf('/') + 1)).toList())
                        + ")")))
                .toList();
    }

    /**
     * Activates a version another node activated (a cluster's policy topic): compiled here from its files, then
     * written to the rules folder in place of the files there, so the folder holds what runs and a later edit
     * here starts from it. A version that runs already is left as it is.
     */
    public PolicyAttempt adopt(String version, List<RuleFile> files, String actor) throws IOException {
        Policy current = active.get();
        if (current != null && current.version().equals(version)) {
            return lastAttempt;
        }
        CompileResult r = compile(files, "");
        synchronized (this) {
            return tryActivate("cluster", actor, r, null, () -> mirror(files));
        }
    }

    /** Makes the rules folder hold exactly {@code files}. */
    private void mirror(List<RuleFile> files) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (RuleFile f : files) {
            names.add(f.name());
            Path target = rulesDir.resolve(f.name());
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Files.readString(target).equals(f.content())) {
                AtomicFiles.write(target, f.content());
            }
        }
        for (RuleFile f : RuleFolder.read(rulesDir)) {
            if (!names.contains(f.name())) {
                Files.deleteIfExists(rulesDir.resolve(f.name()));
            }
        }
    }

    /** Compiles the current files with {@code overlay} replacing or adding files, without activating. */
    public CompileResult validate(List<RuleFile> overlay, boolean standalone) throws IOException {
        editable();
        List<RuleFile> files = standalone ? overlay : merge(RuleFolder.read(rulesDir), overlay, null);
        return compile(files, overlay.size() == 1 ? overlay.get(0).name() : "");
    }

    /** Writes one rule file if the policy with it compiles, then activates that policy. */
    public PolicyAttempt put(String name, String content, String actor) throws IOException {
        editable();
        remotelyEditable();
        long writes = folderWrites();
        List<RuleFile> files = merge(RuleFolder.read(rulesDir), List.of(new RuleFile(name, content)), null);
        CompileResult r = compile(files, name);
        synchronized (this) {
            notRewrittenSince(writes);
            return tryActivate("PUT " + name, actor, r, name, () -> writeFile(name, content));
        }
    }

    /** Deletes one rule file if the policy without it compiles, then activates that policy. */
    public PolicyAttempt delete(String name, String actor) throws IOException {
        editable();
        remotelyEditable();
        long writes = folderWrites();
        List<RuleFile> files = merge(RuleFolder.read(rulesDir), List.of(), name);
        CompileResult r = compile(files, name);
        synchronized (this) {
            notRewrittenSince(writes);
            return tryActivate("DELETE " + name, actor, r, name, () -> writeFile(name, null));
        }
    }

    /** What an edit writes to the rules folder once its policy passed the trial (the file, the whole version). */
    private interface FolderWrite {
        void write() throws IOException;
    }

    /** Writes ({@code content}) or deletes (null) one rule file; called under this host's lock. */
    private void writeFile(String file, String content) throws IOException {
        Path target = rulesDir.resolve(file);
        if (content != null) {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, content);
        } else {
            Files.deleteIfExists(target);
        }
        folderWrites++;
    }

    /**
     * One line per refused file, with its first error and how many there are (the answer, GET /api/rules and the
     * event carry every one); each message at DEBUG.
     */
    private static void logRefusal(CompileResult result, String trigger) {
        Map<String, List<PolicyMessage>> byFile = new java.util.TreeMap<>();
        result.errors().forEach(m -> byFile.computeIfAbsent(m.file(), f -> new ArrayList<>()).add(m));
        byFile.forEach((file, errors) -> {
            PolicyMessage first = errors.get(0);
            LOG.errorf("policy %s rejected (%s): %s: %s%s", result.version(), trigger, file.isEmpty() ? "(the policy)" : file,
                    first.line() > 0 ? "line " + first.line() + ":" + first.column() + " " + first.message() : first.message(),
                    errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
            errors.forEach(m -> LOG.debugf("policy %s rejected: %s", result.version(), m));
        });
    }

    /**
     * Activates a compiled policy if every owner takes it (the trial), and only then writes the rules folder
     * ({@code write}; null when the folder holds it already): an edit refused at any step leaves the folder byte
     * for byte as it was. Called under this host's lock.
     */
    private PolicyAttempt tryActivate(String trigger, String actor, CompileResult result, String file, FolderWrite write)
            throws IOException {
        String blamed = file == null ? "" : file;
        if (!result.ok()) {
            logRefusal(result, trigger);
            return refused(new PolicyAttempt(trigger, result.version(), Instant.now(), false, result.messages()),
                    CompileGate.busy(result));
        }
        Policy before = active.get();
        String previous = before != null ? before.version() : archive.lastActive().orElse(null);
        Policy policy = result.policy().activated(actor);
        synchronized (cache) {
            cache.put(policy.version(), policy); // the owners find it by its version while they try it
        }
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
        retry = null;
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
        if (busy) {
            Retry r = retry;
            long delay = r != null && r.version().equals(attempt.version()) ? Math.min(r.delayMillis() * 2, MAX_RETRY_MILLIS)
                    : FIRST_RETRY_MILLIS;
            retry = new Retry(attempt.version(), delay, Instant.now().plusMillis(delay));
        } else if (retry != null && retry.version().equals(attempt.version())) {
            retry = null;
        }
        onRefuse.accept(attempt);
        return attempt;
    }

    /** A folder version refused because the machine was busy, tried again at {@code at}. */
    private record Retry(String version, long delayMillis, Instant at) {
    }

    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 60_000;
    private volatile Retry retry;

    /** The folder's version as last read, with the stamp of its files then (the rules page reads it often). */
    private record FolderVersion(String stamp, String version) {
    }

    private volatile FolderVersion folderVersion;

    /**
     * The rules folder against the active policy: {@code active} when it holds the active version; {@code refused}
     * when its version was refused for what its files say (the refusal names file and line); {@code pending} when it
     * was not tried yet, or was refused because the machine was busy and is tried again at {@code retryAt}.
     */
    public record FolderState(String version, String status, PolicyAttempt refusal, Instant retryAt) {
    }

    /** What the rules folder holds now, against the active policy (read from disk; {@code unreadable} if it cannot be). */
    public FolderState folder() {
        String version;
        try {
            String stamp = RuleFolder.stamp(rulesDir);
            FolderVersion known = folderVersion;
            if (known != null && known.stamp().equals(stamp)) {
                version = known.version();
            } else {
                version = PolicyCompiler.versionOf(RuleFolder.read(rulesDir));
                folderVersion = new FolderVersion(stamp, version);
            }
        } catch (IOException e) {
            return new FolderState(null, "unreadable: " + e.getMessage(), null, null);
        }
        Policy current = active.get();
        if (current != null && current.version().equals(version)) {
            return new FolderState(version, "active", null, null);
        }
        PolicyAttempt refusal = lastRefused;
        refusal = refusal != null && refusal.version().equals(version) ? refusal : null;
        Retry r = retry;
        if (r != null && r.version().equals(version)) {
            return new FolderState(version, "pending", refusal, r.at());
        }
        return new FolderState(version, refusal != null ? "refused" : "pending", refusal, null);
    }

    // ------------------------------------------------------------------ versions: candidates, activation, drop

    /** The archive of every version that went live or was proposed, with its history. */
    public PolicyArchive archive() {
        return archive;
    }

    /** A candidate the archive now holds: its compile result, and false when the same files were proposed before. */
    public record Proposal(CompileResult result, boolean isNew) {
    }

    /**
     * Proposes a candidate: the files of {@code base} (an archived version; null for the active one) with
     * {@code overlay} replacing or adding files and {@code removed} taken out, compiled through the same gate,
     * limits and allow-list as any edit, and archived without going live. A result that does not compile is
     * returned as it is and nothing is kept.
     */
    public Proposal propose(String base, List<RuleFile> overlay, List<String> removed, String note, String actor)
            throws IOException {
        editable();
        remotelyEditable();
        String from = base != null ? base : activeOrNone().version();
        List<RuleFile> files = merge(archivedFiles(from), overlay, null);
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
        CompileResult r = compile(files, overlay.size() == 1 ? overlay.get(0).name() : "");
        if (!r.ok()) {
            return new Proposal(r, false);
        }
        Proposal proposal;
        synchronized (this) {
            boolean isNew = !archive.has(r.version());
            if (isNew) {
                archive.save(r.version(), r.files());
                archive.record(new PolicyRecord(Instant.now(), r.version(), PolicyRecord.PROPOSED, actor,
                        "POST /api/policies", from, note));
            }
            synchronized (cache) {
                cache.put(r.version(), r.policy());
            }
            proposal = new Proposal(r, isNew);
        }
        if (proposal.isNew()) {
            onPropose.accept(new Proposed(r.version(), r.files(), actor, from, note));
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
        editable();
        remotelyEditable();
        Policy compiled = archived(version);
        synchronized (this) {
            Policy current = active.get();
            if (current != null && current.version().equals(version)) {
                // already live: the folder holds it again (an edit on disk that did not compile is undone)
                archive.activating(version);
                writeFolder(compiled.files());
                archive.activated();
                return lastAttempt = new PolicyAttempt(trigger, version, Instant.now(), true, current.warnings());
            }
            // the folder is rewritten only once every owner took the version (marked first, so a crash half way
            // through the rewrite is finished at the next start)
            PolicyAttempt attempt = tryActivate(trigger, actor,
                    new CompileResult(compiled.version(), compiled.files(), compiled.warnings(), compiled), null, () -> {
                        archive.activating(version);
                        writeFolder(compiled.files());
                    });
            archive.activated();
            return attempt;
        }
    }

    /**
     * Drops a candidate that never went live: its files leave the archive, its history stays. 409 for the
     * active version or one that went live (journals replay under it).
     */
    public synchronized void drop(String version, String actor) throws IOException {
        editable();
        remotelyEditable();
        archivedFiles(version);
        if (wentLive(version)) {
            throw new CommandException(CommandException.Kind.CONFLICT, "policy_went_live", "policy " + version
                    + " went live: journals replay under it, so it stays archived; activate another version instead");
        }
        archive.remove(version);
        archive.record(new PolicyRecord(Instant.now(), version, PolicyRecord.DROPPED, actor,
                "DELETE /api/policies/" + version, null, null));
        synchronized (cache) {
            cache.remove(version);
        }
    }

    /**
     * True when {@code version} was active at some time: the active one, one the history records an activation
     * or a roll-out to canary projects of, or one archived before there was a history (only active versions were
     * archived then). Journals replay under such a version, so it is never dropped.
     */
    public boolean wentLive(String version) throws IOException {
        Policy current = active.get();
        if (current != null && current.version().equals(version)) {
            return true;
        }
        List<PolicyRecord> history = archive.history();
        boolean recorded = history.stream().anyMatch(r -> r.version().equals(version));
        return history.stream().anyMatch(r -> r.version().equals(version) && (PolicyRecord.ACTIVATED.equals(r.event())
                || PolicyRecord.ROLLED_OUT.equals(r.event())))
                || !recorded && archive.has(version);
    }

    /**
     * The compiled policy of an archived version (the active one, a cached one, or compiled from the archive
     * through the gate: bounded like any compile, 429 while another policy compiles). 404 when the archive
     * does not hold it; unlike {@link #byVersion}, never another version instead.
     */
    public Policy archived(String version) throws IOException {
        Policy current = active.get();
        if (current != null && current.version().equals(version)) {
            return current;
        }
        synchronized (cache) {
            Policy cached = cache.get(version);
            if (cached != null) {
                return cached;
            }
        }
        List<RuleFile> files = archivedFiles(version);
        editable();
        CompileResult r = compile(files, "");
        if (!r.ok()) {
            throw new CommandException(CommandException.Kind.POLICY, "invalid_policy", "archived policy " + version
                    + " does not compile here any more: " + r.errors());
        }
        synchronized (cache) {
            cache.put(version, r.policy());
        }
        return r.policy();
    }

    /** The files of an archived version; 404 when the archive does not hold it. */
    public List<RuleFile> archivedFiles(String version) throws IOException {
        return archive.load(version).filter(f -> archive.has(version)).orElseThrow(() -> new CommandException(
                CommandException.Kind.NOT_FOUND, "policy_not_found", "no archived policy version '" + version
                + "' (GET /api/policies lists them)"));
    }

    private Policy activeOrNone() {
        Policy p = active.get();
        if (p == null) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "no_policy",
                    "no valid policy is active: name a base version");
        }
        return p;
    }

    private synchronized long folderWrites() {
        return folderWrites;
    }

    /** Refuses an edit compiled from a folder this host rewrote meanwhile: it would undo that rewrite. */
    private void notRewrittenSince(long writes) {
        if (writes != folderWrites) {
            throw new CommandException(CommandException.Kind.CONFLICT, "policy_changed",
                    "another version went live while this edit compiled; send the edit again");
        }
    }

    /** Rewrites the rules folder to hold exactly {@code files}; called under this host's lock. */
    private void writeFolder(List<RuleFile> files) throws IOException {
        RuleFolder.writeExactly(rulesDir, files);
        folderWrites++;
    }

    /** An activation the service stopped in the middle of: the folder is written to that version before it is read. */
    private void finishUnfinishedActivation() throws IOException {
        Optional<String> version = archive.unfinishedActivation();
        if (version.isEmpty()) {
            return;
        }
        Optional<List<RuleFile>> files = archive.load(version.get());
        if (files.isPresent()) {
            LOG.warnf("the activation of policy %s did not finish before the service stopped: writing it to %s",
                    version.get(), rulesDir);
            synchronized (this) {
                writeFolder(files.get());
            }
        }
        archive.activated();
    }

    private static List<RuleFile> merge(List<RuleFile> base, List<RuleFile> overlay, String removed) {
        Map<String, RuleFile> byName = new LinkedHashMap<>();
        base.forEach(f -> byName.put(f.name(), f));
        overlay.forEach(f -> byName.put(f.name(), f));
        if (removed != null) {
            byName.remove(removed);
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * Watches the rules folder: a change is picked up after {@code quietMillis} without further events;
     * every {@code pollMillis} the folder is re-hashed anyway, for file systems that send no events.
     */
    public synchronized void watch(long quietMillis, long pollMillis) throws IOException {
        if (!PolicyCompiler.canCompile()) {
            LOG.infof("not watching %s: %s", rulesDir, FIXED);
            return;
        }
        Files.createDirectories(rulesDir);
        watchService = FileSystems.getDefault().newWatchService();
        register(watchService);
        WatchService ws = watchService;
        watcher = new Thread(() -> watchLoop(ws, quietMillis, pollMillis), "conclave-rules-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watchLoop(WatchService ws, long quietMillis, long pollMillis) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = ws.poll(pollMillis, TimeUnit.MILLISECONDS);
                String trigger = "poll";
                if (key != null) {
                    trigger = "file change";
                    while (key != null) {
                        key.pollEvents();
                        key.reset();
                        key = ws.poll(quietMillis, TimeUnit.MILLISECONDS);
                    }
                }
                register(ws); // a chapter folder created since: watch it too
                reloadQuietly(trigger);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Watches the rules folder and each chapter folder in it (registering one twice is harmless). */
    private void register(WatchService ws) {
        try {
            rulesDir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            try (var folders = Files.list(rulesDir)) {
                for (Path p : folders.filter(Files::isDirectory).toList()) {
                    p.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debugf("watching %s: %s", rulesDir, e.getMessage());
        }
    }

    private void reloadQuietly(String trigger) {
        try {
            List<RuleFile> files = RuleFolder.read(rulesDir);
            PolicyAttempt last = lastAttempt;
            String version = PolicyCompiler.versionOf(files);
            Retry r = retry;
            boolean due = r != null && r.version().equals(version) && !Instant.now().isBefore(r.at());
            if (last != null && last.version().equals(version) && !due) {
                return;
            }
            reload(due ? "retry after a busy compile" : trigger, "rules-watcher");
        } catch (CommandException e) {
            // the compiler is busy with another version (or winding down an abandoned compile): the next
            // poll compiles the folder as it is then, so edits made meanwhile are coalesced
            LOG.debugf("rules watcher: %s", e.getMessage());
        } catch (Throwable e) {
            // whatever a rule file does to the compiler, the watcher keeps watching
            LOG.errorf(e, "reloading rules from %s failed", rulesDir);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (watcher != null) {
            watcher.interrupt();
            watchService.close();
            watcher = null;
        }
    }
}
