package io.conclave.api.project;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.whynot.WhyNotService;
import io.conclave.model.whynot.WhyNot;

/** Why a task did not go to an agent: the smallest change that would have given it, checked by a replay. */
@Path("/api/projects/{project_id}/tasks/{task_id}/why-not")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskWhyNotResource {
    private final WhyNotService whyNot;
    private final CurrentCaller caller;

    public TaskWhyNotResource(WhyNotService whyNot, CurrentCaller caller) {
        this.whyNot = whyNot;
        this.caller = caller;
    }

    @GET
    @Path("/{agent_id}")
    @Operation(operationId = "whyNotTask", summary = "Why the task did not go to this agent: the smallest change of the "
            + "agent's skills, capacity, preference or capability (or of the task's dependencies) that would have given "
            + "it, found by replaying the decision with each candidate change, and the rule that would then decide; or "
            + "the rule that excludes it whatever these facts (docs/why-not.md)")
    @APIResponseSchema(value = WhyNot.class, responseCode = "200", responseDescription = "The answer")
    @APIResponse(responseCode = "404", description = "No such project, task or agent")
    @APIResponse(responseCode = "409", description = "The agent got the task (agent_got_task), no rule placed it yet "
            + "(task_not_placed), or the decision cannot be replayed (agent_not_member_then, decision_not_replayable)")
    @APIResponse(responseCode = "429", description = "Another why-not search is running (why_not_busy): retry after "
            + "the seconds Retry-After says")
    public WhyNot task(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId,
                       @PathParam("agent_id") String agentId) {
        return whyNot.task(caller.get(), projectId, taskId, agentId);
    }
}
