package io.conclave.engine.meeting;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.MeetingMailbox;
import io.conclave.model.CommandException;
import io.conclave.model.Ids;
import io.conclave.model.ServiceEvent;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.owner.OwnerRegistry;
import io.conclave.engine.policy.PolicySource;

/**
 * All meetings, each with its own session, journal and mailbox under {@code <data>/meetings/<meeting_id>/}.
 * Processes may share the folder: a meeting another process created is found on first use.
 */
public final class MeetingRegistry extends OwnerRegistry<MeetingRuntime> {
    private static final Logger LOG = Logger.getLogger(MeetingRegistry.class);
    private final JournaledRuntime.Setting setting;

    public MeetingRegistry(Path dataDir, PolicySource policies, int maxFirings, Clock wallClock,
                           Consumer<ServiceEvent> events) {
        this(dataDir, new JournaledRuntime.Setting(policies, maxFirings, wallClock, events));
    }

    public MeetingRegistry(Path dataDir, JournaledRuntime.Setting setting) {
        super("meeting", dataDir, setting.wallClock(), CommandCodec.MEETING, (id, folder, journals) ->
                MeetingRuntime.recover(id, new MeetingMailbox(folder, journals.open(CommandCodec.MEETING, id, folder)),
                        setting));
        this.setting = setting;
    }

    /** Creates a meeting from a validated spec; 409 when the id is taken (here or on disk). */
    public MeetingRuntime create(MeetingSpec spec, String actor) {
        return create(spec.meetingId(), folder -> {
            MeetingMailbox mailbox = new MeetingMailbox(folder,
                    journals().open(CommandCodec.MEETING, spec.meetingId(), folder));
            try (FileLock ignored = mailbox.lock()) { // another process may be creating the same meeting
                return MeetingRuntime.create(spec, actor, mailbox, setting);
            } catch (IOException e) {
                throw new CommandException(CommandException.Kind.UNAVAILABLE, "meeting_store_failed",
                        "the folder of meeting " + spec.meetingId() + " could not be locked: " + e.getMessage());
            }
        });
    }

    /** A meeting another process created in the shared folder. */
    @Override
    protected MeetingRuntime discover(String id) {
        if (journals().local() && Ids.isValid(id) && Files.exists(root.resolve(id).resolve(FileJournal.FILE))) {
            return load(id);
        }
        return null;
    }

    /** Every meeting this process knows, plus those other processes created meanwhile, by id. */
    @Override
    public List<MeetingRuntime> all() {
        if (journals().local() && Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.map(p -> p.getFileName().toString()).filter(id -> !exists(id)).sorted().forEach(this::discover);
            } catch (IOException e) {
                LOG.warnf("could not list %s: %s", root, e.getMessage());
            }
        }
        return super.all();
    }
}
