package io.conclave.api.project;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.Examples;
import io.conclave.api.security.CurrentCaller;
import io.conclave.app.project.ResourceService;
import io.conclave.model.command.ReleaseResource;
import io.conclave.model.command.RequestResource;

/**
 * Shared resources real agents ask for: alone until they let go (ranked by agent priority when several wait), or
 * in time-sliced windows (rounds, a window each); the rules decide, the windows and grants reach the inboxes.
 */
@Path("/api/projects/{project_id}/resources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conflicts")
public class SharedResourceResource {
    private final CurrentCaller caller;
    private final ResourceService service;

    public SharedResourceResource(ResourceService service, CurrentCaller caller) {
        this.caller = caller;
        this.service = service;
    }

    @GET
    @Operation(operationId = "listSharedResources", summary = "Every shared resource the project's agents asked for: "
            + "who holds it, the round of windows, the open requests")
    public List<ResourceService.ResourceView> list(@PathParam("project_id") String projectId) {
        return service.list(caller.get(), projectId);
    }

    @GET
    @Path("/{resource}")
    @Operation(operationId = "getSharedResource", summary = "One shared resource: who holds it, its windows, its requests")
    @APIResponse(responseCode = "404", description = "No such project, or nobody asked for the resource")
    @APIResponseSchema(value = ResourceService.ResourceView.class, responseCode = "200", responseDescription = "OK")
    public ResourceService.ResourceView get(@PathParam("project_id") String projectId,
                                            @PathParam("resource") String resource) {
        return service.get(caller.get(), projectId, resource);
    }

    @POST
    @Path("/{resource}/requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestResource.class),
            examples = {@ExampleObject(name = "alone", summary = "lead_backend asks for prod_db until it lets go",
                    value = Examples.RESOURCE_ALONE),
                    @ExampleObject(name = "windows", summary = "lead_backend asks for 3 h of prod_db in windows",
                            value = Examples.RESOURCE_WINDOWS)}))
    @Operation(operationId = "requestSharedResource", summary = "Ask for a shared resource: { agent_id, task_id?, hours? }",
            description = "Without hours: alone until released; a held resource is queued, and ranked by agent priority "
                    + "(then task priority, then request order) when it is let go. With hours: time-sliced windows in "
                    + "rounds. Grants, denials and windows reach the agents' inboxes. Answers the resource.")
    @APIResponse(responseCode = "400", description = "Bad input, with the JSON path of every problem")
    @APIResponse(responseCode = "404", description = "No such project, agent or task")
    @APIResponse(responseCode = "409", description = "not_holder, already_requested, resource_in_windows or resource_in_use_alone")
    @APIResponseSchema(value = ResourceService.ResourceView.class, responseCode = "200", responseDescription = "OK")
    public ResourceService.ResourceView request(@PathParam("project_id") String projectId,
                                                @PathParam("resource") String resource, RequestResource body) {
        service.request(caller.get(), projectId, resource, body);
        return service.get(caller.get(), projectId, resource);
    }

    @POST
    @Path("/{resource}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReleaseResource.class),
            examples = @ExampleObject(name = "release", summary = "lead_backend lets go of prod_db", value = Examples.RESOURCE_RELEASE)))
    @Operation(operationId = "releaseSharedResource", summary = "Let go of a shared resource: { agent_id }",
            description = "The holder lets go (the next request ranked first gets it), a waiting request is withdrawn, "
                    + "or a window ends early (when every window of the round did, the next round starts). Answers the resource.")
    @APIResponse(responseCode = "400", description = "Bad input, with the JSON path of every problem")
    @APIResponse(responseCode = "404", description = "No such project or agent")
    @APIResponse(responseCode = "409", description = "nothing_to_release or no_open_window")
    @APIResponseSchema(value = ResourceService.ResourceView.class, responseCode = "200", responseDescription = "OK")
    public ResourceService.ResourceView release(@PathParam("project_id") String projectId,
                                                @PathParam("resource") String resource, ReleaseResource body) {
        service.release(caller.get(), projectId, resource, body);
        return service.get(caller.get(), projectId, resource);
    }
}
