package io.conclave.api.security;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;

/**
 * The door every request about an owner goes through: before an endpoint runs, the caller must be allowed to reach
 * the project, meeting, conversation or inbox its path names ({@link Access} decides). A command that is refused
 * here never reaches its runtime, so it leaves no trace but its refusal; a read that is refused here reads nothing.
 * It runs after authentication and after a cluster node forwarded a request for an owner it does not serve (the
 * node that serves it checks), for the API and the dashboard's pages alike. For the agents' commands whose endpoints
 * are asynchronous (in conversations, meetings and projects: they run on the command lane), it
 * runs on the event loop the request came in on: what {@link Access} reads for them never waits for an owner's lock
 * (a conversation's or a meeting's project, which never changes; a project's agents, as of its latest entry).
 */
public class OwnerScope {
    private final Access access;
    private final CurrentCaller caller;

    public OwnerScope(Access access, CurrentCaller caller) {
        this.access = access;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void check(ContainerRequestContext request) {
        MultivaluedMap<String, String> params = request.getUriInfo().getPathParameters();
        if (params.isEmpty()) {
            return;
        }
        String project = first(params, "project_id", "projectId");
        String meeting = first(params, "meeting_id", "meetingId");
        String conversation = first(params, "conversation_id", "conversationId");
        boolean inbox = request.getUriInfo().getPath().startsWith("/api/agents/");
        if (project == null && meeting == null && conversation == null && !inbox) {
            return;
        }
        Caller who = caller.get();
        if (who.isOperator()) {
            return; // operators and admins reach every owner: whether it exists is the endpoint's to say, after the body
        }
        boolean reading = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (project != null) {
            access.project(who, project);
        }
        if (meeting != null) {
            access.meeting(who, meeting, reading);
        }
        if (conversation != null) {
            access.conversation(who, conversation, reading);
        }
        if (inbox) {
            access.inbox(who, params.getFirst("agent_id"));
        }
    }

    private static String first(MultivaluedMap<String, String> params, String name, String alias) {
        String value = params.getFirst(name);
        return value != null ? value : params.getFirst(alias);
    }
}
