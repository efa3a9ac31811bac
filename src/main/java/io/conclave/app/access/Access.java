package io.conclave.app.access;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.engine.conversation.ConversationRuntime;
import io.conclave.model.CommandException;
import io.conclave.engine.meeting.MeetingRuntime;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.model.Ids;
import io.conclave.model.Problem;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.app.Engine;

/**
 * Who may reach which owner: the one place that decides it, before anything is read or run. Operators and admins
 * reach every owner. An agent reaches a project it is an agent of; a meeting or a conversation it takes part in
 * to read it, and any one to act in it (whether it was invited is the policy's to say); its own inbox. A token
 * limited to some projects reaches only owners of those projects, whatever it does. A refusal is a 403
 * {@code not_a_member}; an owner that does not exist is a 404, for everyone.
 */
@ApplicationScoped
public class Access {
    private final Engine engine;

    public Access(Engine engine) {
        this.engine = engine;
    }

    /**
     * Refuses {@code caller} unless it may read and act on project {@code projectId}: the project's agents are read
     * without waiting for its lock (as of its latest journaled entry), so the check may run on an event loop.
     */
    public ProjectRuntime project(Caller caller, String projectId) {
        ProjectRuntime rt = engine.projects().get(valid(projectId, "project_id"));
        if (!caller.isOperator() && !caller.sees(projectId, rt.agentIds())) {
            throw refused("agent '" + caller.agentId() + "' is not an agent of project '" + projectId + "'", caller);
        }
        return rt;
    }

    /**
     * For an agent's command on project {@code projectId}: refuses a token that is not for that project (403), before
     * anything runs; whether the agent is one of the project's is the command's own check (its guard answers 400 at
     * {@code $.agent_id}, naming the agent), so the answer says which agent the project does not have.
     */
    public ProjectRuntime projectInScope(Caller caller, String projectId) {
        ProjectRuntime rt = engine.projects().get(valid(projectId, "project_id"));
        if (!caller.isOperator() && !caller.projects().isEmpty() && !caller.projects().contains(projectId)) {
            throw new CommandException(CommandException.Kind.FORBIDDEN, "not_a_member", "this token of agent '"
                    + caller.agentId() + "' is not for project '" + projectId + "'");
        }
        return rt;
    }

    /**
     * Refuses {@code caller} unless it may reach meeting {@code meetingId}: to read it ({@code reading}) an agent
     * takes part in it; to act in it, the meeting is of a project its token is for, read without the meeting's lock
     * (it never changes), so that a command's check can run on the event loop its request came in on.
     */
    public MeetingRuntime meeting(Caller caller, String meetingId, boolean reading) {
        MeetingRuntime rt = engine.meetings().get(valid(meetingId, "meeting_id"));
        if (caller.isOperator()) {
            return rt;
        }
        String project;
        List<String> members = null;
        if (reading) {
            MeetingSnapshot s = rt.read(v -> v.snapshot());
            project = s.manifest().projectId();
            members = s.participants().stream().map(MeetingSnapshot.ParticipantEntry::agentId).toList();
        } else {
            project = caller.projects().isEmpty() ? null : rt.projectId();
        }
        if (!allowed(caller, project, members)) {
            throw refused("agent '" + caller.agentId() + "' is not a participant of meeting '" + meetingId + "'",
                    caller);
        }
        return rt;
    }

    /** As {@link #meeting}, for conversation {@code conversationId}: members read it. */
    public ConversationRuntime conversation(Caller caller, String conversationId, boolean reading) {
        ConversationRuntime rt = engine.conversations().get(valid(conversationId, "conversation_id"));
        if (caller.isOperator()) {
            return rt;
        }
        String project = null;
        List<String> members = null;
        if (!reading && caller.projects().isEmpty()) {
            // acting needs neither the members nor the project here: the listing (rebuilt under the conversation's
            // lock after every command) is not read, so a message does not wait behind the previous one's force twice
        } else if (!reading) {
            // acting needs only the project, which never changes: read without the lock, so that a command's check
            // can run on the event loop its request came in on without waiting for the command in progress
            project = rt.projectId();
        } else {
            ConversationRuntime.Listing l = rt.summary();
            project = l.summary().projectId();
            members = l.memberIds();
        }
        if (!allowed(caller, project, members)) {
            throw refused("agent '" + caller.agentId() + "' is not a member of conversation '" + conversationId + "'",
                    caller);
        }
        return rt;
    }

    /** Refuses to read {@code agentId}'s inbox for anyone but that agent, an operator or an admin. */
    public void inbox(Caller caller, String agentId) {
        valid(agentId, "agent_id");
        caller.readsFor(agentId);
    }

    /**
     * Refuses an agent that names project {@code projectId} in what it creates (a meeting about one of its tasks)
     * unless it may reach that project; nothing to check without a project.
     */
    public void naming(Caller caller, String projectId) {
        if (projectId != null && !caller.isOperator()) {
            project(caller, projectId);
        }
    }

    /** Whether an agent's token is for {@code projectId} and, when {@code members} are given, it is one of them. */
    private static boolean allowed(Caller caller, String projectId, List<String> members) {
        boolean inScope = caller.projects().isEmpty() || projectId != null && caller.projects().contains(projectId);
        return caller.isAgent() && inScope && (members == null || members.contains(caller.agentId()));
    }

    /** {@code id} when it is a safe id; 400 otherwise ({@code invalid_id}, {@code invalid_request} for a project's). */
    private static String valid(String id, String what) {
        String problem = Ids.problem(id);
        if (problem != null) {
            throw new CommandException(CommandException.Kind.INVALID, what.equals("project_id") ? "invalid_request"
                    : "invalid_id", "'" + id + "' is not a valid " + what + ": " + problem,
                    List.of(new Problem(what, problem)));
        }
        return id;
    }

    private static CommandException refused(String why, Caller caller) {
        return new CommandException(CommandException.Kind.FORBIDDEN, "not_a_member", why
                + (caller.projects().isEmpty() ? "" : " or its token is not for that project"));
    }
}
