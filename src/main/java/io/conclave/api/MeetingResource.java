package io.conclave.api;

import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.Leave;
import io.conclave.model.command.JoinMeeting;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.MeetingService;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSnapshot;

/**
 * Meetings: create, discover, join, leave, post, vote, change state. The acting agent is
 * the {@code agent_id} of each body (the creator for a new meeting); the rules in
 * {@code rules/meetings/*.drl} decide what it may do.
 */
@Path("/api/meetings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Meetings")
public class MeetingResource {
    private final CurrentCaller caller;
    private final MeetingService service;

    public MeetingResource(MeetingService service, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
    }

    @POST
    @Operation(summary = "Create a meeting: { topic, creator, participants[], facilitator?, protocol?, project_id?, task_id? }")
    @APIResponse(responseCode = "201", description = "{ meeting_id, state: \"open\", ... }")
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "409", description = "A meeting with this meeting_id exists")
    public Response create(JsonNode body) {
        MeetingSnapshot s = service.create(caller.get(), body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meeting_id", s.manifest().meetingId());
        out.put("state", s.manifest().state());
        out.put("manifest", s.manifest());
        return Response.created(URI.create("/api/meetings/" + s.manifest().meetingId())).entity(out).build();
    }

    @GET
    @Operation(summary = "Discover meetings (their manifests), filtered by state, participant and project")
    public List<MeetingSnapshot.Manifest> list(@QueryParam("state") String state,
                                               @QueryParam("participant") String participant,
                                               @QueryParam("project_id") String projectId) {
        return service.list(caller.get(), state, participant, projectId);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A meeting: manifest, participants with status and votes, agenda and proposals with tallies")
    @APIResponse(responseCode = "404", description = "No such meeting")
    public MeetingSnapshot get(@PathParam("id") String id) {
        return service.get(caller.get(), id);
    }

    @POST
    @Path("/{id}/join")
    @Operation(summary = "An invited agent joins: { agent_id }")
    @APIResponse(responseCode = "403", description = "The agent is not invited")
    @APIResponse(responseCode = "409", description = "Already joined, or the meeting is over")
    public MeetingSnapshot join(@PathParam("id") String id, JoinMeeting body) {
        return service.join(caller.get(), id, body);
    }

    @POST
    @Path("/{id}/leave")
    @Operation(summary = "A participant leaves: { agent_id }; its votes stop counting")
    @APIResponse(responseCode = "403", description = "The agent has not joined")
    public MeetingSnapshot leave(@PathParam("id") String id, Leave body) {
        return service.leave(caller.get(), id, body);
    }

    @POST
    @Path("/{id}/messages")
    @Operation(summary = "Post a message: proposal, comment, vote, summary, agenda_item or state_change")
    @APIResponse(responseCode = "201", description = "The stored message, with its message_id and timestamp_utc")
    @APIResponse(responseCode = "400", description = "The message does not follow the schema (the bad field is named)")
    @APIResponse(responseCode = "403", description = "The agent has not joined (or may not change the state)")
    @APIResponse(responseCode = "409", description = "The meeting's state does not allow it")
    public Response post(@PathParam("id") String id, PostToMeeting message) {
        return created(id, service.post(caller.get(), id, message));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "Read messages in posting order; since = an ISO instant or a message_id (exclusive)")
    public List<MeetingMessage> messages(@PathParam("id") String id, @QueryParam("type") String type,
                                         @QueryParam("agent_id") String agentId, @QueryParam("since") String since) {
        return service.messages(caller.get(), id, type, agentId, since);
    }

    @POST
    @Path("/{id}/votes")
    @Operation(summary = "Vote: { agent_id, proposal_id, vote: yes|no|abstain, rationale? }; a second vote replaces the first")
    @APIResponse(responseCode = "201", description = "The vote message")
    public Response vote(@PathParam("id") String id, PostToMeeting body) {
        return created(id, service.vote(caller.get(), id, body));
    }

    @PUT
    @Path("/{id}/state")
    @Operation(summary = "The chair changes the state: { agent_id, new_state, reason?, old_state? }")
    @APIResponse(responseCode = "200", description = "The state_change message")
    @APIResponse(responseCode = "403", description = "Only the facilitator (or the creator without one) may")
    @APIResponse(responseCode = "409", description = "Not a forward move, or stale old_state")
    public MeetingMessage changeState(@PathParam("id") String id, PostToMeeting body) {
        return service.changeState(caller.get(), id, body);
    }

    @GET
    @Path("/{id}/decisions")
    @Operation(summary = "The meeting's decision ledger: each transition, join, proposal, vote and outcome with its rule")
    public List<MeetingDecision> decisions(@PathParam("id") String id) {
        return service.decisions(caller.get(), id);
    }

    private static Response created(String meetingId, MeetingMessage m) {
        return Response.created(URI.create("/api/meetings/" + meetingId + "/messages"))
                .entity(m).build();
    }
}
