package io.conclave.engine.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.conclave.journal.AtomicFiles;
import io.conclave.journal.RuleFolder;
import io.conclave.model.CommandException;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.RuleFile;

/**
 * The rules folder's side of the {@link PolicyHost}: reloads of the folder (at start, from the watcher, asked for
 * over the API), edits of one file (PUT, DELETE) and their dry compile (validate), a version adopted from another
 * node written to the folder, and what the folder holds against the active policy. An edit is compiled without any
 * lock, then activated under the host's lock ({@code synchronized (host)}), which also guards the count of the
 * host's own writes to the folder: a compile of a folder read before a write is stale, and is not activated over
 * what the write activated.
 */
final class FolderEdits {
    private static final Logger LOG = Logger.getLogger(PolicyHost.class);

    private final PolicyHost host;

    FolderEdits(PolicyHost host) {
        this.host = host;
    }

    /**
     * How often this host wrote the rules folder (guarded by the host's lock): a compile of the folder read
     * before a write is stale, and is not activated over what the write activated.
     */
    private long folderWrites;

    /** How often the host wrote the rules folder so far. */
    long folderWrites() {
        synchronized (host) {
            return folderWrites;
        }
    }

    /** Writes ({@code content}) or deletes (null) one rule file; called under the host's lock. */
    void writeFile(String file, String content) throws IOException {
        Path target = host.rulesDir().resolve(file);
        if (content != null) {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, content);
        } else {
            Files.deleteIfExists(target);
        }
        folderWrites++;
    }

    /** Rewrites the rules folder to hold exactly {@code files}; called under the host's lock. */
    void writeFolder(List<RuleFile> files) throws IOException {
        RuleFolder.writeExactly(host.rulesDir(), files);
        folderWrites++;
    }

    /** A folder version refused because the machine was busy, tried again at {@code at}. */
    record Retry(String version, long delayMillis, Instant at) {
    }

    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 60_000;
    private volatile Retry retry;

    /**
     * A version was refused. {@code busy}: because the machine was busy (the compile ran past its time or memory),
     * not for what the files say: the watcher tries the same folder again, waiting twice as long each time.
     */
    void refused(String version, boolean busy) {
        if (busy) {
            Retry r = retry;
            long delay = r != null && r.version().equals(version) ? Math.min(r.delayMillis() * 2, MAX_RETRY_MILLIS)
                    : FIRST_RETRY_MILLIS;
            retry = new Retry(version, delay, Instant.now().plusMillis(delay));
        } else if (retry != null && retry.version().equals(version)) {
            retry = null;
        }
    }

    /** A version went live: nothing is left to try again. */
    void activated() {
        retry = null;
    }

    /**
     * Tries the rules folder once every owner is back after a start, when it differs from the version the service
     * started on: the same compile, checks and trial as an edit on disk. Refused, it stays on disk and is shown as
     * refused (GET /api/rules, readiness, the event stream); the last active version goes on deciding. The
     * application calls it in the background once the start is over: the service is ready meanwhile.
     *
     * @return the attempt, or null when the folder holds the active version
     */
    public PolicyAttempt reconcileFolderNow() throws IOException {
        Policy current = host.active();
        if (!PolicyCompiler.canCompile() || current == null
                || PolicyCompiler.versionOf(RuleFolder.read(host.rulesDir())).equals(current.version())) {
            return null;
        }
        LOG.infof("the rules folder %s differs from the last active policy %s: trying it", host.rulesDir(), current.version());
        return reload("startup", "startup");
    }

    /** Re-reads the rules folder and activates it if it changed and compiles. */
    public PolicyAttempt reload(String trigger) throws IOException {
        return reload(trigger, "operator");
    }

    /** A reload asked for over the API (refused when edits over the API are switched off). */
    public PolicyAttempt requestReload(String actor) throws IOException {
        host.remotelyEditable();
        return reload("POST /api/rules/reload", actor);
    }

    /** Re-reads the rules folder and activates it, on behalf of {@code actor}, if it changed and compiles. */
    public PolicyAttempt reload(String trigger, String actor) throws IOException {
        if (!"startup".equals(trigger)) {
            PolicyHost.editable();
        }
        long writes;
        List<RuleFile> files;
        synchronized (host) {
            writes = folderWrites();
            files = RuleFolder.read(host.rulesDir());
        }
        String version = PolicyCompiler.versionOf(files);
        Policy current = host.active();
        if (current != null && current.version().equals(version)) {
            // nothing to build: keep the attempt that activated this version (a watcher that saw a PUT's
            // file must not claim the activation as its own)
            PolicyAttempt last = host.lastAttempt();
            if (last != null && last.activated() && last.version().equals(version)) {
                return last;
            }
            return host.attempted(new PolicyAttempt(trigger, version, Instant.now(), true, current.warnings()));
        }
        CompileResult r = host.compile(files, "");
        synchronized (host) {
            if (writes != folderWrites()) {
                // the folder was rewritten while this compile ran (an activation, an edit): what it read is stale,
                // and the rewrite activated what the folder holds now
                return host.lastAttempt();
            }
            return host.tryActivate(trigger, actor, r, null, null);
        }
    }

    /**
     * Activates a version another node activated (a cluster's policy topic): compiled here from its files, then
     * written to the rules folder in place of the files there, so the folder holds what runs and a later edit
     * here starts from it. A version that runs already is left as it is.
     */
    public PolicyAttempt adopt(String version, List<RuleFile> files, String actor) throws IOException {
        Policy current = host.active();
        if (current != null && current.version().equals(version)) {
            return host.lastAttempt();
        }
        CompileResult r = host.compile(files, "");
        synchronized (host) {
            return host.tryActivate("cluster", actor, r, null, () -> mirror(files));
        }
    }

    /** Makes the rules folder hold exactly {@code files}. */
    private void mirror(List<RuleFile> files) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (RuleFile f : files) {
            names.add(f.name());
            Path target = host.rulesDir().resolve(f.name());
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Files.readString(target).equals(f.content())) {
                AtomicFiles.write(target, f.content());
            }
        }
        for (RuleFile f : RuleFolder.read(host.rulesDir())) {
            if (!names.contains(f.name())) {
                Files.deleteIfExists(host.rulesDir().resolve(f.name()));
            }
        }
    }

    /** Compiles the current files with {@code overlay} replacing or adding files, without activating. */
    public CompileResult validate(List<RuleFile> overlay, boolean standalone) throws IOException {
        PolicyHost.editable();
        List<RuleFile> files = standalone ? overlay : merge(RuleFolder.read(host.rulesDir()), overlay, null);
        return host.compile(files, overlay.size() == 1 ? overlay.get(0).name() : "");
    }

    /** Writes one rule file if the policy with it compiles, then activates that policy. */
    public PolicyAttempt put(String name, String content, String actor) throws IOException {
        PolicyHost.editable();
        host.remotelyEditable();
        long writes = folderWrites();
        List<RuleFile> files = merge(RuleFolder.read(host.rulesDir()), List.of(new RuleFile(name, content)), null);
        CompileResult r = host.compile(files, name);
        synchronized (host) {
            notRewrittenSince(writes);
            return host.tryActivate("PUT " + name, actor, r, name, () -> writeFile(name, content));
        }
    }

    /** Deletes one rule file if the policy without it compiles, then activates that policy. */
    public PolicyAttempt delete(String name, String actor) throws IOException {
        PolicyHost.editable();
        host.remotelyEditable();
        long writes = folderWrites();
        List<RuleFile> files = merge(RuleFolder.read(host.rulesDir()), List.of(), name);
        CompileResult r = host.compile(files, name);
        synchronized (host) {
            notRewrittenSince(writes);
            return host.tryActivate("DELETE " + name, actor, r, name, () -> writeFile(name, null));
        }
    }

    /** The folder's version as last read, with the stamp of its files then (the rules page reads it often). */
    private record FolderVersion(String stamp, String version) {
    }

    private volatile FolderVersion folderVersion;

    /** What the rules folder holds now, against the active policy (read from disk; {@code unreadable} if it cannot be). */
    public PolicyHost.FolderState folder() {
        String version;
        try {
            String stamp = RuleFolder.stamp(host.rulesDir());
            FolderVersion known = folderVersion;
            if (known != null && known.stamp().equals(stamp)) {
                version = known.version();
            } else {
                version = PolicyCompiler.versionOf(RuleFolder.read(host.rulesDir()));
                folderVersion = new FolderVersion(stamp, version);
            }
        } catch (IOException e) {
            return new PolicyHost.FolderState(null, "unreadable: " + e.getMessage(), null, null);
        }
        Policy current = host.active();
        if (current != null && current.version().equals(version)) {
            return new PolicyHost.FolderState(version, "active", null, null);
        }
        PolicyAttempt refusal = host.lastRefused();
        refusal = refusal != null && refusal.version().equals(version) ? refusal : null;
        Retry r = retry;
        if (r != null && r.version().equals(version)) {
            return new PolicyHost.FolderState(version, "pending", refusal, r.at());
        }
        return new PolicyHost.FolderState(version, refusal != null ? "refused" : "pending", refusal, null);
    }

    /** Refuses an edit compiled from a folder this host rewrote meanwhile: it would undo that rewrite. */
    private void notRewrittenSince(long writes) {
        if (writes != folderWrites()) {
            throw new CommandException(CommandException.Kind.CONFLICT, "policy_changed",
                    "another version went live while this edit compiled; send the edit again");
        }
    }

    /** An activation the service stopped in the middle of: the folder is written to that version before it is read. */
    void finishUnfinishedActivation() throws IOException {
        Optional<String> version = host.archive().unfinishedActivation();
        if (version.isEmpty()) {
            return;
        }
        Optional<List<RuleFile>> files = host.archive().load(version.get());
        if (files.isPresent()) {
            LOG.warnf("the activation of policy %s did not finish before the service stopped: writing it to %s",
                    version.get(), host.rulesDir());
            synchronized (host) {
                writeFolder(files.get());
            }
        }
        host.archive().activated();
    }

    /** The watcher's look at the folder: reloaded when its version is not the last one tried, or a retry is due. */
    void reloadQuietly(String trigger) {
        try {
            List<RuleFile> files = RuleFolder.read(host.rulesDir());
            PolicyAttempt last = host.lastAttempt();
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
            LOG.errorf(e, "reloading rules from %s failed", host.rulesDir());
        }
    }

    /**
     * The watcher's early look, before its quiet time is over: compiles what the folder holds ahead, when that is
     * neither the active version nor the last one tried and it has a chapter that is neither built nor cached (a
     * folder written by an activation or a {@code PUT} compiled already). The look after the quiet time joins that
     * compile or takes its result; a folder that changed again meanwhile is compiled anew.
     */
    void compileAhead() {
        try {
            if (!PolicyCompiler.canCompile()) {
                return;
            }
            List<RuleFile> files = RuleFolder.read(host.rulesDir());
            String version = PolicyCompiler.versionOf(files);
            Policy current = host.active();
            PolicyAttempt last = host.lastAttempt();
            if (current != null && current.version().equals(version) || last != null && last.version().equals(version)
                    || host.compiler().toCompile(files).isEmpty()) {
                return;
            }
            host.compileAhead(files);
        } catch (IOException | RuntimeException e) {
            // the look after the quiet time reads the folder again and reports what it finds
            LOG.debugf("rules watcher, compiling ahead: %s", e.getMessage());
        }
    }

    /**
     * Starts on the version that was active when the service stopped (the archive has its files): it went through
     * every check and the activation trial then, which a folder edited meanwhile has not. False when there is none
     * (a first start) or it does not compile here any more; the folder is then read as it is.
     */
    boolean startOnLastActive() throws IOException {
        Optional<String> last = host.archive().lastActive();
        Optional<List<RuleFile>> files = last.isPresent() ? host.archive().load(last.get()) : Optional.empty();
        if (files.isEmpty()) {
            return false;
        }
        CompileResult r = host.compile(files.get(), "");
        if (!r.ok()) {
            LOG.warnf("the last active policy %s does not compile here any more: %s", last.get(), r.errors());
            return false;
        }
        Policy policy = r.policy().activated("startup");
        host.started(policy, new PolicyAttempt("startup", policy.version(), policy.activatedAt(), true, r.messages()));
        LOG.infof("policy %s active (the last active version, %d files)", policy.version(), policy.files().size());
        return true;
    }

    /** A native executable starts on the policy built into it, whatever the rules folder holds. */
    void startNative() throws IOException {
        List<RuleFile> built = host.compiler().prebuilt().files();
        CompileResult r = host.compiler().compile(built);
        if (!r.ok()) {
            throw new IllegalStateException("the policy built into this executable does not load: " + r.errors());
        }
        List<RuleFile> onDisk = RuleFolder.read(host.rulesDir());
        if (!onDisk.isEmpty() && !PolicyCompiler.versionOf(onDisk).equals(r.version())) {
            LOG.warnf("the rules folder %s differs from the policy built into this native executable; running the "
                    + "built policy %s (%s)", host.rulesDir(), r.version(), PolicyHost.FIXED);
        }
        host.tryActivate("startup", "startup", r, null, null);
    }

    /** {@code base} with {@code overlay} replacing or adding files and {@code removed} (if not null) taken out. */
    static List<RuleFile> merge(List<RuleFile> base, List<RuleFile> overlay, String removed) {
        Map<String, RuleFile> byName = new LinkedHashMap<>();
        base.forEach(f -> byName.put(f.name(), f));
        overlay.forEach(f -> byName.put(f.name(), f));
        if (removed != null) {
            byName.remove(removed);
        }
        return new ArrayList<>(byName.values());
    }
}
