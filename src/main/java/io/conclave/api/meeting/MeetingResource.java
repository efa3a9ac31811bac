package io.conclave.api.meeting;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.model.meeting.MeetingSpec;
import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.PostToMeeting;
import io.conclave.model.command.Leave;
import io.conclave.model.command.JoinMeeting;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.CommandLane;
import io.conclave.app.access.Caller;
import io.conclave.app.meeting.MeetingService;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.api.Examples;

/**
 * Meetings: create, discover, join, leave, post, vote, change state. The acting agent is
 * the {@code agent_id} of each body (the creator for a new meeting); the rules in
 * {@code rules/meetings/*.drl} decide what it may do. An agent's commands in a meeting (join, leave, post, vote, the
 * state) run on the {@link CommandLane}, checked first on the event loop their request came in on, as a
 * conversation's are; creating a meeting and every read run on a request worker.
 */
@Path("/api/meetings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Meetings")
public class MeetingResource {
    private final CurrentCaller caller;
    private final MeetingService service;
    private final CommandLane lane;

    public MeetingResource(MeetingService service, CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.service = service;
        this.lane = lane;
    }

    /** A meeting created: its id, its state (open) and its manifest. */
    public record MeetingCreated(String meetingId, io.conclave.model.meeting.MeetingState state,
                                 MeetingSnapshot.Manifest manifest) {
    }

    @POST
    @Operation(operationId = "createMeeting", summary = "Create a meeting: { topic, creator, participants[], facilitator?, protocol?, project_id?, task_id? }")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeetingSpec.class),
            examples = @ExampleObject(name = "consent_ledger", summary = "cto calls a meeting of three agents of healthcare_blockchain_compressed", value = Examples.MEETING)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeetingCreated.class)))
    @APIResponse(responseCode = "400", description = "Every problem of the request, each with its JSON path")
    @APIResponse(responseCode = "409", description = "A meeting with this meeting_id exists")
    public Response create(JsonNode body) {
        MeetingSnapshot s = service.create(caller.get(), body);
        return Response.created(URI.create("/api/meetings/" + s.manifest().meetingId()))
                .entity(new MeetingCreated(s.manifest().meetingId(), s.manifest().state(), s.manifest())).build();
    }

    @GET
    @Operation(operationId = "listMeetings", summary = "Discover meetings (their manifests), filtered by state, participant and project")
    public List<MeetingSnapshot.Manifest> list(@QueryParam("state") String state,
                                               @QueryParam("participant") String participant,
                                               @QueryParam("project_id") String projectId) {
        return service.list(caller.get(), state, participant, projectId);
    }

    @GET
    @Path("/{meeting_id}")
    @Operation(operationId = "getMeeting", summary = "A meeting: manifest, participants with status and votes, agenda and proposals with tallies")
    @APIResponse(responseCode = "404", description = "No such meeting")
    @APIResponseSchema(value = MeetingSnapshot.class, responseCode = "200", responseDescription = "OK")
    public MeetingSnapshot get(@PathParam("meeting_id") String id) {
        return service.get(caller.get(), id);
    }

    @POST
    @Path("/{meeting_id}/join")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JoinMeeting.class),
            examples = @ExampleObject(name = "join", summary = "blockchain_dev joins", value = Examples.MEETING_AGENT)))
    @Operation(operationId = "joinMeeting", summary = "An invited agent joins: { agent_id }")
    @APIResponse(responseCode = "403", description = "The agent is not invited")
    @APIResponse(responseCode = "409", description = "Already joined, or the meeting is over")
    @APIResponseSchema(value = MeetingSnapshot.class, responseCode = "200", responseDescription = "OK")
    public CompletionStage<MeetingSnapshot> join(@PathParam("meeting_id") String id, JoinMeeting body) {
        Caller who = caller.get();
        return lane.run("meeting", id, () -> service.join(who, id, body));
    }

    @POST
    @Path("/{meeting_id}/leave")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Leave.class),
            examples = @ExampleObject(name = "leave", summary = "blockchain_dev leaves", value = Examples.MEETING_AGENT)))
    @Operation(operationId = "leaveMeeting", summary = "A participant leaves: { agent_id }; its votes stop counting")
    @APIResponse(responseCode = "403", description = "The agent has not joined")
    @APIResponseSchema(value = MeetingSnapshot.class, responseCode = "200", responseDescription = "OK")
    public CompletionStage<MeetingSnapshot> leave(@PathParam("meeting_id") String id, Leave body) {
        Caller who = caller.get();
        return lane.run("meeting", id, () -> service.leave(who, id, body));
    }

    @POST
    @Path("/{meeting_id}/messages")
    @Operation(operationId = "postMeetingMessage", summary = "Post a message: proposal, comment, vote, summary, agenda_item or state_change")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PostToMeeting.class),
            examples = @ExampleObject(name = "proposal", summary = "blockchain_dev proposes a ledger", value = Examples.MEETING_PROPOSAL)))
    @APIResponse(responseCode = "201", description = "The stored message, with its message_id and timestamp_utc",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeetingMessage.class)))
    @APIResponse(responseCode = "400", description = "The message does not follow the schema (the bad field is named)")
    @APIResponse(responseCode = "403", description = "The agent has not joined (or may not change the state)")
    @APIResponse(responseCode = "409", description = "The meeting's state does not allow it")
    public CompletionStage<Response> post(@PathParam("meeting_id") String id, PostToMeeting message,
                                          @Context UriInfo uri) {
        Caller who = caller.get();
        URI messages = messages(uri, id);
        return lane.run("meeting", id, () -> created(messages, service.post(who, id, message)));
    }

    @GET
    @Path("/{meeting_id}/messages")
    @Operation(operationId = "listMeetingMessages", summary = "Read messages in posting order; since = an ISO instant or a message_id (exclusive)")
    public List<MeetingMessage> messages(@PathParam("meeting_id") String id, @QueryParam("type") String type,
                                         @QueryParam("agent_id") String agentId, @QueryParam("since") String since) {
        return service.messages(caller.get(), id, type, agentId, since);
    }

    @POST
    @Path("/{meeting_id}/votes")
    @Operation(operationId = "voteInMeeting", summary = "Vote: { agent_id, proposal_id, vote: yes|no|abstain, rationale? }; a second vote replaces the first")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PostToMeeting.class),
            examples = @ExampleObject(name = "yes", summary = "security votes for the proposal", value = Examples.MEETING_VOTE)))
    @APIResponse(responseCode = "201", description = "The vote message",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeetingMessage.class)))
    public CompletionStage<Response> vote(@PathParam("meeting_id") String id, PostToMeeting body, @Context UriInfo uri) {
        Caller who = caller.get();
        URI messages = messages(uri, id);
        return lane.run("meeting", id, () -> created(messages, service.vote(who, id, body)));
    }

    @PUT
    @Path("/{meeting_id}/state")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PostToMeeting.class),
            examples = @ExampleObject(name = "voting", summary = "the chair, cto, calls the vote", value = Examples.MEETING_STATE)))
    @Operation(operationId = "changeMeetingState", summary = "The chair changes the state: { agent_id, new_state, reason?, old_state? }")
    @APIResponse(responseCode = "200", description = "The state_change message")
    @APIResponse(responseCode = "403", description = "Only the facilitator (or the creator without one) may")
    @APIResponse(responseCode = "409", description = "Not a forward move, or stale old_state")
    public CompletionStage<MeetingMessage> changeState(@PathParam("meeting_id") String id, PostToMeeting body) {
        Caller who = caller.get();
        return lane.run("meeting", id, () -> service.changeState(who, id, body));
    }

    @GET
    @Path("/{meeting_id}/decisions")
    @Operation(operationId = "listMeetingDecisions", summary = "The meeting's decision ledger: each transition, join, proposal, vote and outcome with its rule")
    public List<MeetingDecision> decisions(@PathParam("meeting_id") String id) {
        return service.decisions(caller.get(), id);
    }

    /** Where a meeting's messages are, worked out on the request's thread: the answer is built on the lane. */
    private static URI messages(UriInfo uri, String meetingId) {
        return uri.getBaseUriBuilder().path("api/meetings/{id}/messages").build(meetingId);
    }

    private static Response created(URI messages, MeetingMessage m) {
        return Response.created(messages).entity(m).build();
    }
}
