package io.conclave.engine.owner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalStore;
import io.conclave.model.CommandException;
import io.conclave.model.Ids;

/**
 * The owners of one kind (projects, meetings or conversations) of this service, each with its session
 * and journal under {@code <data>/<kind>s/<id>/}. Different owners take commands in parallel. An owner
 * exists once its journal does: the journal's first entry appears whole or not at all, so a crash during
 * a creation leaves at most a folder without a journal, which is cleared. An owner whose journal is
 * damaged is listed as such and refuses commands until an operator repairs it.
 *
 * @param <R> the kind's runtime
 */
public class OwnerRegistry<R extends JournaledRuntime<?, ?>> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OwnerRegistry.class);

    /** Rebuilds an owner from its journal in {@code journals} (its folder: where its files are, if any). */
    @FunctionalInterface
    public interface Recovery<R> {
        R recover(String id, Path folder, JournalStore journals) throws IOException;
    }

    /** An owner whose journal is damaged: where, and why; it takes no command until it is repaired. */
    public record Damaged(String id, String location, long entry, String reason) {
    }

    /** "project", "meeting", "conversation". */
    protected final String kind;
    protected final Path dataDir;
    protected final Path root;
    protected final Clock wallClock;
    private final Recovery<R> recovery;
    private volatile java.util.function.Consumer<R> onRecovered = rt -> { };
    private final CommandCodec<?> codec;
    /** Where the journals are: files in the owners' folders (the default), or a cluster's log. */
    private volatile JournalStore journals = JournalStore.FILES;
    private final ConcurrentSkipListMap<String, R> owners = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Damaged> damaged = new ConcurrentSkipListMap<>();
    /** Owners rebuilt ahead of a takeover ({@link #prepare}), not found until {@link #adopt} catches them up. */
    private final PreparedOwners<R> prepared;
    /** At most this many owners keep their session (0: no limit); the least recently used sleep first. */
    private volatile int maxLive;
    /** An owner unused this long sleeps at the next tick (0: never for that reason). */
    private volatile long idleNanos;
    private final java.util.concurrent.atomic.AtomicBoolean trimming = new java.util.concurrent.atomic.AtomicBoolean();

    protected OwnerRegistry(String kind, Path dataDir, Clock wallClock, CommandCodec<?> codec, Recovery<R> recovery) {
        this.kind = kind;
        this.codec = codec;
        this.dataDir = dataDir;
        this.root = dataDir.resolve(kind + "s");
        this.wallClock = wallClock;
        this.recovery = recovery;
        this.prepared = new PreparedOwners<>(kind);
    }

    /**
     * Replays every journal under the kind's folder, each command under the policy version it ran under,
     * then moves each owner to the active policy. Clears what failed creations left; lists damaged owners.
     */
    public void recoverAll() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                for (Path folder : s.filter(Files::isDirectory).sorted().toList()) {
                    String id = folder.getFileName().toString();
                    if (!Files.exists(folder.resolve(FileJournal.FILE))) {
                        clearLeftover(folder);
                    } else if (Ids.isValid(id)) {
                        R rt = load(id);
                        if (rt != null) {
                            onRecovered.accept(rt);
                        }
                    }
                }
            }
        }
        LOG.infof("recovered %d %s(s) from %s%s", owners.size(), kind, root,
                damaged.isEmpty() ? "" : "; damaged: " + damaged.keySet());
    }

    /** Told of each owner {@link #recoverAll} rebuilt, just after its replay (awake). Set before; must not throw. */
    public final void onRecovered(java.util.function.Consumer<R> listener) {
        this.onRecovered = listener;
    }

    /** Loads one owner from disk; a damaged or unreadable journal lists it as damaged. */
    protected final synchronized R load(String id) {
        R known = owners.get(id);
        return known != null ? known : installed(id, rebuilt(id));
    }

    /**
     * Rebuilds an owner from its journal; null when it cannot be (listed as damaged then, with the reason). Takes
     * no lock of the registry: takeovers rebuild the owners of several partitions side by side.
     */
    private R rebuilt(String id) {
        Path folder = root.resolve(id);
        try {
            return recovery.recover(id, folder, journals);
        } catch (Journal.DamagedJournalException e) {
            Journal.Damage d = e.damage();
            damaged.put(id, new Damaged(id, d.location(), d.entry(), d.reason()));
            LOG.errorf("%s %s is damaged and takes no commands: %s", kind, id, d);
        } catch (IOException | RuntimeException e) {
            damaged.put(id, new Damaged(id, folder.resolve(FileJournal.FILE).toString(), 0,
                    "it could not be replayed: " + e.getMessage()));
            LOG.errorf(e, "%s %s could not be recovered from %s", kind, id, folder);
        }
        return null;
    }

    /** Makes a rebuilt owner found (unless another was meanwhile: that one is kept), then moves it to the active policy. */
    private R installed(String id, R rt) {
        if (rt == null) {
            return null;
        }
        synchronized (this) {
            R raced = owners.get(id);
            if (raced != null) {
                try {
                    rt.release();
                } catch (IOException e) {
                    LOG.debugf("letting a second rebuild of %s %s go: %s", kind, id, e.getMessage());
                }
                return raced;
            }
            rt.onWake(this::trimLive);
            owners.put(id, rt);
            damaged.remove(id);
        }
        // the policy activated at start-up fired before this owner existed again: a journal replayed under
        // an older version moves to the active one here (journaled as a switch)
        rt.catchUpWithActivePolicy();
        trimLive();
        return rt;
    }

    /**
     * Creates an owner: 409 when the id is taken (here, damaged, or by another process on disk); then
     * {@code creator} applies and journals the creation in the owner's folder, and the creation is
     * published once the owner can be found.
     */
    protected final synchronized R create(String id, Function<Path, R> creator) {
        Path folder = root.resolve(id);
        Damaged broken = damaged.get(id);
        if (broken != null) {
            throw damagedError(broken);
        }
        if (owners.containsKey(id) || journals.local() && Files.exists(folder.resolve(FileJournal.FILE))) {
            throw new CommandException(CommandException.Kind.CONFLICT, kind + "_exists",
                    kind + " '" + id + "' already exists");
        }
        if (Files.isDirectory(folder)) {
            clearLeftover(folder);
        }
        R rt;
        try {
            rt = creator.apply(folder);
        } catch (RuntimeException e) {
            if (journals.local() && !Files.exists(folder.resolve(FileJournal.FILE))) {
                clearLeftover(folder);
            }
            throw e;
        }
        rt.onWake(this::trimLive);
        owners.put(id, rt);
        rt.announceCreation();
        // a policy activated while this owner was being created did not see it in the map
        rt.catchUpWithActivePolicy();
        trimLive();
        return rt;
    }

    /** The owner; 404 when there is none, 409 when its journal is damaged. */
    public R get(String id) {
        R rt = id == null ? null : owners.get(id);
        if (rt != null) {
            return rt;
        }
        Damaged broken = id == null ? null : damaged.get(id);
        if (broken != null) {
            throw damagedError(broken);
        }
        rt = discover(id);
        if (rt != null) {
            return rt;
        }
        if (!journals.serves(kind, id)) {
            // a cluster node asked for an owner whose partition it does not serve (it just moved): it may exist
            throw new CommandException(CommandException.Kind.UNAVAILABLE, kind + "_moving", kind + " '" + id
                    + "' is not served by this node now (its partition is moving): try again shortly").retryAfter(1);
        }
        throw new CommandException(CommandException.Kind.NOT_FOUND, kind + "_not_found", "no " + kind + " '" + id + "'");
    }

    /** An owner another process created on disk meanwhile, for kinds that share their folder; none by default. */
    protected R discover(String id) {
        return null;
    }

    public boolean exists(String id) {
        return owners.containsKey(id);
    }

    /** Every owner, by id. */
    public List<R> all() {
        return List.copyOf(owners.values());
    }

    /** Owners whose journal is damaged, by id. */
    public List<Damaged> damaged() {
        return List.copyOf(damaged.values());
    }

    protected final Collection<R> loaded() {
        return owners.values();
    }

    /**
     * Brings back an owner whose journal is damaged by setting the damaged entries aside (kept in a file
     * beside the journal) and replaying the ones before; the repair is journaled with {@code actor}.
     * 409 when the owner is not damaged, or when what is damaged is its creation.
     */
    public synchronized R repair(String id, String actor) throws IOException {
        Damaged d = damaged.get(id);
        if (d == null) {
            get(id); // 404 when unknown
            throw new CommandException(CommandException.Kind.CONFLICT, kind + "_not_damaged",
                    kind + " '" + id + "' has no damaged journal");
        }
        if (d.entry() <= 1) {
            throw new CommandException(CommandException.Kind.CONFLICT, kind + "_not_repairable", kind + " '" + id
                    + "' cannot be repaired: " + (d.entry() == 1 ? "its creation is what is damaged"
                    : d.reason()) + "; delete it instead");
        }
        Path folder = root.resolve(id);
        JournalStore.SetAside setAside = journals.setAside(codec, id, folder,
                new Journal.Damage(d.location(), d.entry(), d.reason()));
        String kept = setAside.where();
        damaged.remove(id);
        R rt = load(id);
        if (rt == null) {
            throw damagedError(damaged.get(id));
        }
        rt.recordRepair(new io.conclave.model.command.RepairJournal(d.entry(), d.reason(), setAside.entries(), kept),
                actor);
        LOG.warnf("%s %s repaired by %s: entries from %d on set aside in %s", kind, id, actor, d.entry(), kept);
        return rt;
    }

    /** Removes an owner; its folder is moved to {@code <data>/deleted/} rather than erased. */
    public synchronized void delete(String id) throws IOException {
        R rt = owners.remove(id);
        if (rt == null && damaged.remove(id) == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, kind + "_not_found", "no " + kind + " '" + id + "'");
        }
        if (!journals.local()) {
            journals.deleted(codec, id); // durable before the answer: a replay no longer rebuilds it
        }
        if (rt != null) {
            rt.close();
        }
        if (!Files.exists(root.resolve(id))) {
            return; // nothing of it on this node's disk
        }
        Path trash = dataDir.resolve("deleted").resolve((kind.equals("project") ? "" : kind + "-") + id + "."
                + wallClock.millis());
        Files.createDirectories(trash.getParent());
        Files.move(root.resolve(id), trash, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps the owners' journals in {@code store} from now on (a cluster's log instead of files). */
    public final void journalsIn(JournalStore store) {
        this.journals = store;
    }

    /** Where the owners' journals are. */
    public final JournalStore journals() {
        return journals;
    }

    /**
     * Rebuilds an owner from its journal (a cluster node taking over its partition); null when it is damaged. The
     * replay holds no lock of the registry, so the owners of several partitions are rebuilt side by side.
     */
    public R adopt(String id) {
        R known = owners.get(id);
        if (known != null) {
            return known;
        }
        R ahead = prepared.caughtUp(id);
        return installed(id, ahead != null ? ahead : rebuilt(id));
    }

    /**
     * Rebuilds an owner ahead of its takeover from {@code store} (a cluster's partition read ahead, which refuses
     * writes) and keeps it aside, not found by anyone: {@link #adopt} then applies only what was journaled since
     * instead of rebuilding it. Throws what the rebuild throws.
     */
    public void prepare(String id, JournalStore store) throws IOException {
        prepared.keep(recovery.recover(id, root.resolve(id), store));
    }

    /** Lets every owner rebuilt ahead go (their partitions went to other nodes); how many. */
    public int dropPrepared() {
        return prepared.dropAll();
    }

    /** Whether owner {@code id} was rebuilt ahead ({@link #prepare}) and waits for its {@link #adopt}. */
    public boolean preparedAhead(String id) {
        return prepared.holds(id);
    }

    /** How many owners rebuilt ahead {@link #adopt} caught up instead of rebuilding, since this registry began. */
    public long caughtUpCount() {
        return prepared.caughtUpCount();
    }

    /**
     * Lets an owner go without touching its journal (its partition moved to another node): closed here, and
     * no longer found; waits for a command it is running.
     */
    public synchronized void release(String id) {
        damaged.remove(id);
        R rt = owners.remove(id);
        if (rt != null) {
            try {
                rt.release();
            } catch (IOException e) {
                LOG.warnf("closing %s %s: %s", kind, id, e.getMessage());
            }
        }
    }

    /** Moves every owner to the active policy (each journals its switch). */
    public void switchAll() {
        for (R rt : owners.values()) {
            try {
                rt.catchUpWithActivePolicy();
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s %s could not move to the active policy", kind, rt.id());
            }
        }
    }

    /**
     * Lets every owner whose time limit passed act on it (a sleeping one is rebuilt only then), then lets the owners
     * unused for the idle time sleep. Called periodically.
     */
    public void tickAll() {
        for (R rt : owners.values()) {
            try {
                rt.tickIfDue();
            } catch (RuntimeException e) {
                LOG.errorf("%s %s: time limit not applied: %s", kind, rt.id(), e.getMessage());
            }
        }
        sleepIdle();
    }

    // ------------------------------------------------------------------ live owners

    /**
     * Keeps at most {@code maxLive} owners with their session (0: no limit) and lets one unused for {@code idle}
     * sleep (null or zero: never for that reason). A sleeping owner holds no session: its next command or read
     * rebuilds it from its journal (from its snapshot when it has one); lists read what it kept.
     */
    public final void keepLive(int maxLive, java.time.Duration idle) {
        this.maxLive = Math.max(0, maxLive);
        this.idleNanos = idle == null || idle.isNegative() ? 0 : idle.toNanos();
        trimLive();
    }

    /** How many owners hold their session now. */
    public final int liveCount() {
        int n = 0;
        for (R rt : owners.values()) {
            if (!rt.asleep()) {
                n++;
            }
        }
        return n;
    }

    /** Lets every owner unused for the idle time sleep; returns how many did. */
    public final int sleepIdle() {
        int slept = 0;
        long idle = idleNanos;
        if (idle > 0) {
            long now = System.nanoTime();
            for (R rt : owners.values()) {
                if (!rt.asleep() && now - rt.lastUsed() > idle && rt.sleep()) {
                    slept++;
                }
            }
        }
        trimLive();
        return slept;
    }

    /**
     * Over the limit, lets the least recently used owners sleep until a tenth of it is free again (so a burst of
     * creations or rebuilds sorts the owners once per tenth). An owner in use (a command or a read running, or
     * held by the thread asking) is skipped, never waited for.
     */
    private void trimLive() {
        int max = maxLive;
        if (max <= 0 || !trimming.compareAndSet(false, true)) {
            return;
        }
        try {
            record Use<R>(R rt, long at) {
            }
            List<Use<R>> live = new ArrayList<>();
            for (R rt : owners.values()) {
                if (!rt.asleep()) {
                    live.add(new Use<>(rt, rt.lastUsed())); // read once: the sort sees fixed times
                }
            }
            if (live.size() <= max) {
                return;
            }
            int toSleep = live.size() - (max - max / 10);
            live.sort(java.util.Comparator.comparingLong(Use::at));
            for (Use<R> u : live) {
                if (toSleep <= 0) {
                    break;
                }
                if (u.rt().sleep()) {
                    toSleep--;
                }
            }
        } finally {
            trimming.set(false);
        }
    }

    private CommandException damagedError(Damaged d) {
        return new CommandException(CommandException.Kind.CONFLICT, kind + "_damaged", kind + " '" + d.id()
                + "' has a damaged journal (" + d.location() + ", entry " + d.entry() + ": " + d.reason()
                + "): it takes no commands until an operator repairs it (POST /api/admin/" + kind + "s/" + d.id()
                + "/repair)");
    }

    /** Removes a folder a failed creation left (no journal): its lock and temporary files only. */
    private void clearLeftover(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.toList();
            boolean scratch = files.stream().allMatch(f -> {
                String n = f.getFileName().toString();
                return n.equals(".lock") || n.endsWith(".tmp");
            });
            if (!scratch) {
                LOG.warnf("%s folder %s holds files but no journal; left for inspection", kind, folder);
                return;
            }
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
            LOG.infof("cleared %s, left by a %s creation that did not finish", folder, kind);
        } catch (IOException e) {
            LOG.warnf("could not clear %s: %s", folder, e.getMessage());
        }
    }

    @Override
    public void close() {
        for (R rt : new ArrayList<>(owners.values())) {
            try {
                rt.close();
            } catch (IOException e) {
                LOG.warnf("closing %s %s: %s", kind, rt.id(), e.getMessage());
            }
        }
        owners.clear();
        dropPrepared();
    }
}
