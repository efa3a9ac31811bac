package io.conclave.app;

import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.model.CommandException;
import io.conclave.model.ServiceEvent;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectService;

/**
 * Which events of the one stream a caller receives: an operator or an admin every event; an agent the
 * events addressed to it and those of the projects, meetings and conversations it belongs to (as it reads
 * them over REST), never the policy's.
 */
@ApplicationScoped
public class EventAccess {
    private final Engine engine;

    public EventAccess(Engine engine) {
        this.engine = engine;
    }

    /** The events {@code caller} may receive. */
    public Predicate<ServiceEvent> filterFor(Caller caller) {
        if (caller.isOperator()) {
            return e -> true;
        }
        // an event addressed to the agent, of a project its token is for (a token for no project in particular:
        // any); or one of an owner the caller may see, which checks the token's projects itself
        return e -> caller.agentId().equals(e.agentId()) && (caller.projects().isEmpty()
                || e.projectId() != null && caller.projects().contains(e.projectId())) || member(caller, e);
    }

    private boolean member(Caller caller, ServiceEvent e) {
        try {
            if (e.meetingId() != null) {
                return engine.meetings().get(e.meetingId()).read(v -> {
                    MeetingSnapshot s = v.snapshot();
                    return caller.sees(s.manifest().projectId(), s.participants().stream()
                            .map(MeetingSnapshot.ParticipantEntry::agentId).toList());
                });
            }
            if (e.conversationId() != null) {
                return engine.conversations().get(e.conversationId()).read(v -> caller.sees(v.projectId(), v.memberIds()));
            }
            if (e.projectId() != null) {
                List<String> agents = engine.projects().get(e.projectId()).read(ProjectService::agentIds);
                return caller.sees(e.projectId(), agents);
            }
        } catch (CommandException gone) {
            return false; // deleted meanwhile: nothing more of it for an agent
        }
        return false;
    }
}
