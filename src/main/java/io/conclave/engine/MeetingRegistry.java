package io.conclave.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.conclave.journal.MeetingMailbox;
import io.conclave.journal.ProjectJournal;
import io.conclave.model.Ids;
import io.conclave.model.ServiceEvent;
import io.conclave.model.meeting.MeetingSpec;

/**
 * All meetings, each with its own session, journal and mailbox under {@code <data>/meetings/<meeting_id>/}.
 * A meeting created by another process sharing the data folder is found on first use.
 */
public final class MeetingRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MeetingRegistry.class);

    private final Path root;
    private final PolicySource policies;
    private final int maxFirings;
    private final Clock wallClock;
    private final Consumer<ServiceEvent> events;
    private final ConcurrentSkipListMap<String, MeetingRuntime> meetings = new ConcurrentSkipListMap<>();

    public MeetingRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                           Consumer<ServiceEvent> events) {
        this.root = dataDir.resolve("meetings");
        this.policies = policies;
        this.maxFirings = maxFirings;
        this.wallClock = wallClock;
        this.events = events;
    }

    /** Replays every meeting journal under the data folder; a meeting that fails is logged and skipped. */
    public void recoverAll() throws IOException {
        for (String id : ProjectJournal.owners(root)) {
            try {
                load(id);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "meeting %s could not be recovered", id);
            }
        }
        LOG.infof("recovered %d meeting(s) from %s", meetings.size(), root);
    }

    /** Creates a meeting from a validated spec; 409 when the id is taken (here or on disk). */
    public synchronized MeetingRuntime create(MeetingSpec spec, String actor) {
        Path folder = root.resolve(spec.meetingId());
        if (meetings.containsKey(spec.meetingId()) || Files.exists(folder)) {
            throw new EngineException(EngineException.Kind.CONFLICT, "meeting_exists",
                    "meeting '" + spec.meetingId() + "' already exists");
        }
        MeetingMailbox mailbox = new MeetingMailbox(folder);
        try {
            MeetingRuntime rt = MeetingRuntime.create(spec, actor, mailbox, policies, maxFirings, wallClock, events);
            meetings.put(spec.meetingId(), rt);
            return rt;
        } catch (RuntimeException e) {
            closeQuietly(mailbox);
            deleteIfEmpty(folder);
            throw e;
        }
    }

    /** The meeting, loaded from disk if another process created it; 404 when there is none. */
    public MeetingRuntime get(String meetingId) {
        MeetingRuntime rt = meetingId == null ? null : meetings.get(meetingId);
        if (rt != null) {
            return rt;
        }
        if (Ids.isValid(meetingId) && Files.exists(root.resolve(meetingId).resolve("journal.jsonl"))) {
            try {
                return load(meetingId);
            } catch (IOException e) {
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "meeting_store_failed",
                        "meeting " + meetingId + " could not be read: " + e.getMessage());
            }
        }
        throw new EngineException(EngineException.Kind.NOT_FOUND, "meeting_not_found", "no meeting '" + meetingId + "'");
    }

    private synchronized MeetingRuntime load(String id) throws IOException {
        MeetingRuntime known = meetings.get(id);
        if (known != null) {
            return known;
        }
        MeetingMailbox mailbox = new MeetingMailbox(root.resolve(id));
        if (!Ids.isValid(id) || !mailbox.journal().exists()) {
            throw new IOException("no meeting journal in " + mailbox.folder());
        }
        MeetingRuntime rt = MeetingRuntime.recover(id, mailbox, policies, maxFirings, wallClock, events);
        meetings.put(id, rt);
        rt.catchUpWithActivePolicy();
        return rt;
    }

    /** Every meeting this process knows, plus those other processes created meanwhile, by id. */
    public List<MeetingRuntime> all() {
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.map(p -> p.getFileName().toString()).filter(id -> !meetings.containsKey(id))
                        .filter(id -> Files.exists(root.resolve(id).resolve("journal.jsonl")))
                        .sorted().forEach(id -> {
                            try {
                                load(id);
                            } catch (IOException | RuntimeException e) {
                                LOG.warnf("meeting %s could not be loaded: %s", id, e.getMessage());
                            }
                        });
            } catch (IOException e) {
                LOG.warnf("could not list %s: %s", root, e.getMessage());
            }
        }
        return new ArrayList<>(meetings.values());
    }

    /** Lets every meeting whose time limit passed act on it. Called periodically. */
    public void tickAll() {
        for (MeetingRuntime rt : meetings.values()) {
            try {
                rt.tickIfDue();
            } catch (RuntimeException e) {
                LOG.errorf("meeting %s: time limit not applied: %s", rt.meetingId(), e.getMessage());
            }
        }
    }

    /** Moves every meeting to the active policy (each journals its switch). */
    public void switchAll() {
        for (MeetingRuntime rt : meetings.values()) {
            rt.catchUpWithActivePolicy();
        }
    }

    private static void closeQuietly(MeetingMailbox mailbox) {
        try {
            mailbox.close();
        } catch (IOException ignored) {
            // nothing was written
        }
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder.resolve(".lock"));
            Files.deleteIfExists(folder);
        } catch (IOException ignored) {
            // a folder with content stays for inspection
        }
    }

    @Override
    public void close() {
        for (MeetingRuntime rt : meetings.values()) {
            try {
                rt.close();
            } catch (IOException e) {
                LOG.warnf("closing meeting %s: %s", rt.meetingId(), e.getMessage());
            }
        }
        meetings.clear();
    }
}
