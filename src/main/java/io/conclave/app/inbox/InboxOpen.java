package io.conclave.app.inbox;

import java.util.List;

import io.conclave.engine.conversation.ConversationView;
import io.conclave.model.CommandException;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.Announcement;
import io.conclave.model.Task;
import io.conclave.model.TaskStatus;
import io.conclave.model.conflict.GoalConflict;
import io.conclave.model.conflict.GoalProposal;
import io.conclave.model.resource.ResourceRequest;
import io.conclave.model.inbox.InboxItem;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.MeetingState;
import io.conclave.model.meeting.ParticipantStatus;
import io.conclave.model.meeting.ProposalStatus;
import io.conclave.app.Engine;
import io.conclave.engine.policy.Outputs;

/**
 * Whether an inbox item still waits for its agent, by what its owner holds now: work while the agent holds
 * the task (assigned or in progress); a call while the agent has not answered it; an invitation until the
 * agent joined or the meeting is over; a discussion or a vote while the meeting is in it (and the agent has a
 * proposal left to vote on); a turn until the agent spoke after it; a request to propose in a goal conflict while
 * the conflict is open and the agent has not proposed; a shared resource granted while the agent holds it. Notices (a lost bid, a skip, a pause) wait
 * until acknowledged. Reads one owner at a time, never under the inbox's lock.
 */
public final class InboxOpen {
    private final Engine engine;

    InboxOpen(Engine engine) {
        this.engine = engine;
    }

    /**
     * Whether this node serves the owner the item is about (always, on one node). In a cluster an item about an
     * owner another node serves is that node's to judge: this node neither lists nor settles it, so it is still
     * here, open, when the owner moves to this node.
     */
    boolean servedHere(InboxItem i) {
        io.conclave.app.cluster.Cluster cluster = engine.cluster();
        if (cluster == null) {
            return true;
        }
        String kind = i.meetingId() != null ? "meeting" : i.conversationId() != null ? "conversation"
                : i.projectId() != null ? "project" : null;
        String id = i.meetingId() != null ? i.meetingId() : i.conversationId() != null ? i.conversationId()
                : i.projectId();
        return kind == null || cluster.route(kind, id).kind() == io.conclave.app.cluster.Cluster.Route.Kind.LOCAL;
    }

    boolean test(InboxItem i) {
        try {
            return switch (i.kind()) {
                case InboxKinds.ASSIGNMENT, InboxKinds.AWARD, InboxKinds.DELEGATION -> task(i, t ->
                        i.agentId().equals(t.getAssignee())
                        && (t.getStatus() == TaskStatus.ASSIGNED || t.getStatus() == TaskStatus.IN_PROGRESS));
                case InboxKinds.CALL_FOR_PROPOSALS -> engine.projects().get(i.projectId()).read(s ->
                        s.outputs(Outputs.ANNOUNCEMENTS).stream().anyMatch(a -> a.getTaskId().equals(i.taskId())
                                && a.isPendingFor(i.agentId())));
                case InboxKinds.MEETING_INVITATION, InboxKinds.DISCUSSION_OPEN, InboxKinds.VOTING_OPEN -> meeting(i);
                case InboxKinds.TURN_GRANTED -> turn(i);
                case InboxKinds.PROPOSAL_REQUESTED -> proposalAsked(i);
                case InboxKinds.RESOURCE_GRANTED -> holdsResource(i);
                default -> true;
            };
        } catch (CommandException gone) {
            return false; // its project, meeting or conversation was deleted or closed
        }
    }

    private boolean task(InboxItem i, java.util.function.Predicate<Task> holds) {
        ProjectRuntime rt = engine.projects().get(i.projectId());
        return rt.read(s -> {
            Task t = s.task(i.taskId());
            return t != null && holds.test(t);
        });
    }

    private boolean meeting(InboxItem i) {
        MeetingSnapshot s = engine.meetings().get(i.meetingId()).read(v -> v.snapshot());
        MeetingState state = s.manifest().state();
        MeetingSnapshot.ParticipantEntry me = s.participants().stream()
                .filter(p -> p.agentId().equals(i.agentId())).findFirst().orElse(null);
        if (me == null || state.isOver()) {
            return false;
        }
        return switch (i.kind()) {
            case InboxKinds.MEETING_INVITATION -> me.status() == ParticipantStatus.INVITED;
            case InboxKinds.DISCUSSION_OPEN -> state == MeetingState.DISCUSSION && me.status() == ParticipantStatus.JOINED;
            default -> state == MeetingState.VOTING && me.status() == ParticipantStatus.JOINED
                    && s.agenda().proposals().stream().anyMatch(p -> p.status() == ProposalStatus.PROPOSED
                    && !me.votedOn().contains(p.proposalId()));
        };
    }

    /** A party asked to propose in a goal conflict: while the conflict is open and the party has not proposed. */
    private boolean proposalAsked(InboxItem i) {
        String conflictId = i.payload().path("conflict_id").asText();
        return engine.projects().get(i.projectId()).read(s -> s.outputs(Outputs.GOAL_CONFLICTS).stream()
                .anyMatch(g -> g.getConflictId().equals(conflictId) && g.isOpen())
                && s.outputs(Outputs.GOAL_PROPOSALS).stream().noneMatch(p -> p.getConflictId().equals(conflictId)
                        && p.getAgentId().equals(i.agentId())));
    }

    /** A resource granted alone: while the agent holds it. */
    private boolean holdsResource(InboxItem i) {
        String resource = i.payload().path("resource").asText();
        int request = i.payload().path("request").asInt();
        return engine.projects().get(i.projectId()).read(s -> s.outputs(Outputs.RESOURCE_REQUESTS).stream()
                .anyMatch(q -> q.getResource().equals(resource) && q.getOrder() == request && q.isGranted()));
    }

    private boolean turn(InboxItem i) {
        long asked = i.payload().path("message_seq").asLong();
        return engine.conversations().get(i.conversationId()).read(v -> v.active()
                && !v.postedAfter(asked, i.agentId()));
    }

    /** True when some project, meeting or conversation has the agent. */
    boolean isMember(String agentId) {
        for (ProjectRuntime rt : engine.projects().all()) {
            if (has(() -> rt.summary().agentIds(), agentId)) {
                return true;
            }
        }
        for (var m : engine.meetings().all()) {
            if (has(() -> m.read(v -> v.snapshot().manifest().participants()), agentId)) {
                return true;
            }
        }
        for (var c : engine.conversations().all()) {
            if (has(() -> c.summary().memberIds(), agentId)) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(java.util.function.Supplier<List<String>> members, String agentId) {
        try {
            return members.get().contains(agentId);
        } catch (CommandException gone) {
            return false;
        }
    }
}
