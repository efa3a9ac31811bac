package io.conclave.api;

import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.ReportTask;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


import io.conclave.app.ProjectService;
import io.conclave.engine.EngineException;
import io.conclave.engine.ProjectRuntime;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;

/** Tasks of a project: their state, agents reporting progress, and why each task is where it is. */
@Path("/api/projects/{projectId}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {
    private final CurrentCaller caller;
    private static final List<DecisionKind> PLACEMENTS = List.of(DecisionKind.ASSIGNED, DecisionKind.MEETING_CONVENED,
            DecisionKind.WAITING, DecisionKind.UNASSIGNABLE, DecisionKind.DELEGATED);

    private final ProjectService service;

    public TaskResource(ProjectService service, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
    }

    @GET
    @Operation(summary = "Tasks in definition order, optionally only those with a status")
    public List<Views.TaskView> list(@PathParam("projectId") String projectId, @QueryParam("status") String status) {
        return project(projectId).read(s -> s.tasks().stream()
                .filter(t -> status == null || t.getStatus().name().equalsIgnoreCase(status))
                .map(Views.TaskView::of).toList());
    }

    @GET
    @Path("/{taskId}")
    @APIResponse(responseCode = "404", description = "No such project or task")
    public Views.TaskView get(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId) {
        return project(projectId).read(s -> {
            Task t = task(s.task(taskId), projectId, taskId);
            return Views.TaskView.of(t, Views.ContractView.of(s, t));
        });
    }

    @POST
    @Path("/{taskId}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The assignee (or an attendee of a meeting) starts the task")
    @APIResponse(responseCode = "409", description = "Not this agent's task, or not in a status that can start")
    public Views.TaskView start(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                                ReportTask body) {
        return report(projectId, taskId, TaskEvent.Kind.START, body);
    }

    @POST
    @Path("/{taskId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The task is done (optional `result`: any JSON); dependents become READY and are assigned, "
            + "follow-ups appear")
    @APIResponse(responseCode = "409", description = "Not this agent's task, or not ASSIGNED / IN_PROGRESS")
    public Views.TaskView complete(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                                   ReportTask body) {
        return report(projectId, taskId, TaskEvent.Kind.COMPLETE, body);
    }

    @POST
    @Path("/{taskId}/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The task failed; tasks depending on it become BLOCKED")
    @APIResponse(responseCode = "409", description = "Not this agent's task, or not ASSIGNED / IN_PROGRESS")
    public Views.TaskView fail(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                               ReportTask body) {
        return report(projectId, taskId, TaskEvent.Kind.FAIL, body);
    }

    @GET
    @Path("/{taskId}/explain")
    @Operation(summary = "Why the task is where it is: what it waits for, the placing decision with candidates and "
            + "rejections, and its history")
    public Views.Explanation explain(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId) {
        return project(projectId).read(s -> {
            Task t = task(s.task(taskId), projectId, taskId);
            List<Decision> history = s.ledger().stream().filter(d -> taskId.equals(d.getTaskId())).toList();
            Decision placement = null;
            for (Decision d : history) {
                placement = PLACEMENTS.contains(d.getKind()) ? d : placement;
            }
            return new Views.Explanation(Views.TaskView.of(t), s.policy().version(), Views.Blocker.of(t, s), placement,
                    history);
        });
    }

    private Views.TaskView report(String projectId, String taskId, TaskEvent.Kind kind, ReportTask body) {
        ProjectService.checkId(projectId, "project_id");
        service.report(caller.get(), projectId, taskId, kind, body);
        return get(projectId, taskId);
    }

    private ProjectRuntime project(String projectId) {
        return service.runtime(caller.get(), projectId);
    }

    private static Task task(Task t, String projectId, String taskId) {
        if (t == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "task_not_found",
                    "project " + projectId + " has no task '" + taskId + "'");
        }
        return t;
    }
}
