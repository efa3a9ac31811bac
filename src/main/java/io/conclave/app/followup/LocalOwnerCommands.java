package io.conclave.app.followup;

import io.conclave.engine.owner.FollowUpKeys;
import io.conclave.engine.meeting.MeetingRegistry;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.CommandException;
import io.conclave.model.Task;
import io.conclave.model.command.CreateMeeting;
import io.conclave.model.command.JoinMeeting;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.ProjectCommand;

/**
 * Follow-ups run on this node's owners: the projects' and meetings' own commands, each journaled with its key
 * (so one sent again is recognised), under the owner's lock like any command. The only implementation on one
 * node, and what a cluster node runs for the owners it serves.
 */
public final class LocalOwnerCommands implements OwnerCommands {
    private static final String SKIPPED = "follow_up_skipped";

    private final ProjectRegistry projects;
    private final MeetingRegistry meetings;

    public LocalOwnerCommands(ProjectRegistry projects, MeetingRegistry meetings) {
        this.projects = projects;
        this.meetings = meetings;
    }

    @Override
    public Outcome send(FollowUp f) {
        try {
            FollowUpKeys.keyed(f.key(), () -> {
                run(f);
                return null;
            });
            return Outcome.APPLIED;
        } catch (CommandException e) {
            if (FollowUpKeys.APPLIED.equals(e.code())) {
                return Outcome.ALREADY_APPLIED;
            }
            if (SKIPPED.equals(e.code())) {
                return Outcome.SKIPPED;
            }
            throw e;
        }
    }

    private void run(FollowUp f) {
        switch (f.kind()) {
            case "project" -> {
                if (!(f.command() instanceof ProjectCommand c)) {
                    throw notFor(f);
                }
                ProjectRuntime rt = projects.get(f.ownerId());
                // looked at first, as a read (nothing is metered as a command), then again under the project's
                // lock with the command: what the journal holds decides
                if (rt.holdsFollowUp(f.key())) {
                    throw new CommandException(CommandException.Kind.CONFLICT, FollowUpKeys.APPLIED, "applied already");
                }
                String unmet = rt.read(s -> unmet(f, s));
                if (unmet != null) {
                    throw skipped(f, unmet);
                }
                rt.command(c, f.actor(), s -> {
                    String now = unmet(f, s);
                    if (now != null) {
                        throw skipped(f, now);
                    }
                });
            }
            case "meeting" -> {
                if (f.command() instanceof CreateMeeting create) {
                    meetings.create(create.spec(), f.actor());
                    return;
                }
                MeetingRuntime rt = meetings.get(f.ownerId());
                if (rt.holdsFollowUp(f.key())) {
                    throw new CommandException(CommandException.Kind.CONFLICT, FollowUpKeys.APPLIED, "applied already");
                }
                if (f.onlyIf() != null) {
                    String state = rt.read(v -> v.meeting().getState().json());
                    if (!f.onlyIf().states().contains(state)) {
                        throw skipped(f, "meeting " + f.ownerId() + " is " + state);
                    }
                }
                if (f.command() instanceof PostToMeeting post) {
                    rt.post(post);
                } else if (f.command() instanceof JoinMeeting join) {
                    rt.join(join.agentId());
                } else {
                    throw notFor(f);
                }
            }
            default -> throw notFor(f);
        }
    }

    /** Why the follow-up's condition does not hold on the project now; null when it holds (or it has none). */
    private static String unmet(FollowUp f, io.conclave.engine.project.ProjectSession s) {
        if (f.onlyIf() == null) {
            return null;
        }
        Task t = s.task(f.onlyIf().taskId());
        if (t == null) {
            return "no task " + f.onlyIf().taskId();
        }
        return f.onlyIf().states().contains(t.getStatus().name()) ? null
                : "task " + t.getTaskId() + " is " + t.getStatus().name();
    }

    private static CommandException skipped(FollowUp f, String why) {
        return new CommandException(CommandException.Kind.CONFLICT, SKIPPED, "follow-up " + f.key() + " skipped: " + why);
    }

    private static CommandException notFor(FollowUp f) {
        return new CommandException(CommandException.Kind.INVALID, "not_a_follow_up", "a " + f.command().type()
                + " command is not a follow-up a " + f.kind() + " takes");
    }
}
