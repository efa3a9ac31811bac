package io.conclave.api.project;

import io.conclave.app.project.ProjectViews;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.conclave.api.security.CurrentCaller;
import io.conclave.model.command.ReportTask;
import java.util.List;
import java.util.concurrent.CompletionStage;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


import io.conclave.app.CommandLane;
import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectQueries;
import io.conclave.app.project.ProjectService;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.api.Examples;

/** Tasks of a project: their state, agents reporting progress, and why each task is where it is. */
@Path("/api/projects/{project_id}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {
    private final CurrentCaller caller;

    private final ProjectService service;
    private final ProjectQueries queries;
    private final CommandLane lane;

    public TaskResource(ProjectService service, ProjectQueries queries, CurrentCaller caller, CommandLane lane) {
        this.caller = caller;
        this.service = service;
        this.queries = queries;
        this.lane = lane;
    }

    @GET
    @Operation(operationId = "listTasks", summary = "Tasks in definition order, optionally only those with a status")
    public List<ProjectViews.TaskView> list(@PathParam("project_id") String projectId, @QueryParam("status") String status) {
        return queries.tasks(caller.get(), projectId, status);
    }

    @GET
    @Path("/{task_id}")
    @Operation(operationId = "getTask", summary = "A task: status, holder, attendees and why it is where it is in a word")
    @APIResponse(responseCode = "404", description = "No such project or task")
    @APIResponseSchema(value = ProjectViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public ProjectViews.TaskView get(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId) {
        return queries.task(caller.get(), projectId, taskId);
    }

    @POST
    @Path("/{task_id}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTask.class),
            examples = @ExampleObject(name = "pm", summary = "pm reports the task", value = Examples.REPORT)))
    @Operation(operationId = "startTask", summary = "The assignee (or an attendee of a meeting) starts the task")
    @APIResponse(responseCode = "409", description = "Not this agent's task, or not in a status that can start")
    @APIResponseSchema(value = ProjectViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public CompletionStage<ProjectViews.TaskView> start(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId,
                                ReportTask body) {
        return report(projectId, taskId, TaskEvent.Kind.START, body);
    }

    @POST
    @Path("/{task_id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTask.class),
            examples = {@ExampleObject(name = "pm", summary = "pm reports the kick-off meeting done", value = Examples.REPORT), @ExampleObject(name = "with_result", summary = "cto hands in what it produced", value = Examples.REPORT_RESULT)}))
    @Operation(operationId = "completeTask", summary = "The task is done (optional `result`: any JSON); dependents become READY and are assigned, "
            + "follow-ups appear")
    @APIResponse(responseCode = "409", description = "Not this agent's task, or not ASSIGNED / IN_PROGRESS")
    @APIResponseSchema(value = ProjectViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public CompletionStage<ProjectViews.TaskView> complete(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId,
                                   ReportTask body) {
        return report(projectId, taskId, TaskEvent.Kind.COMPLETE, body);
    }

    @POST
    @Path("/{task_id}/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTask.class),
            examples = @ExampleObject(name = "pm", summary = "pm reports the task", value = Examples.REPORT)))
    @Operation(operationId = "failTask", summary = "The task failed; tasks depending on it become BLOCKED")
    @APIResponse(responseCode = "409", description = "Not this agent's task, or not ASSIGNED / IN_PROGRESS")
    @APIResponseSchema(value = ProjectViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public CompletionStage<ProjectViews.TaskView> fail(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId,
                               ReportTask body) {
        return report(projectId, taskId, TaskEvent.Kind.FAIL, body);
    }

    @GET
    @Path("/{task_id}/explain")
    @Operation(operationId = "explainTask", summary = "Why the task is where it is: what it waits for, the placing decision with candidates and "
            + "rejections, and its history")
    public ProjectViews.Explanation explain(@PathParam("project_id") String projectId, @PathParam("task_id") String taskId) {
        return queries.explain(caller.get(), projectId, taskId);
    }

    /** An agent's report runs on the {@link CommandLane}, checked first on the event loop its request came in on. */
    private CompletionStage<ProjectViews.TaskView> report(String projectId, String taskId, TaskEvent.Kind kind,
                                                          ReportTask body) {
        Caller who = caller.get();
        return lane.run("project", projectId, () -> service.report(who, projectId, taskId, kind, body));
    }
}
