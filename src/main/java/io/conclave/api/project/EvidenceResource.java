package io.conclave.api.project;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.access.Caller;
import io.conclave.app.evidence.Evidence;
import io.conclave.app.evidence.EvidenceService;
import io.conclave.app.project.ProjectService;

/** A project's ledger as evidence: its journal with the hash chain, the rule files, the decisions, a signed head. */
@Path("/api/projects/{project_id}/evidence")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Decisions")
public class EvidenceResource {
    private final CurrentCaller caller;
    private final EvidenceService evidence;

    public EvidenceResource(EvidenceService evidence, CurrentCaller caller) {
        this.caller = caller;
        this.evidence = evidence;
    }

    @GET
    @RolesAllowed(Caller.OPERATOR)
    @Operation(operationId = "exportProjectEvidence", summary = "The project's ledger as evidence for an offline check "
            + "(conclave verify): every journal line as stored, each carrying the hash of the one before and of its "
            + "policy's rule files; the rule files of every version used; the decisions; and the head, signed by this "
            + "node's key")
    @APIResponse(responseCode = "200", description = "The export (also offered as a file, <project_id>.evidence.json)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Evidence.class)))
    @APIResponse(responseCode = "403", description = "Not an operator's or an admin's token")
    @APIResponse(responseCode = "404", description = "No such project")
    public Response export(@PathParam("project_id") String projectId) {
        ProjectService.checkId(projectId, "project_id");
        return Response.ok(evidence.export(caller.get(), projectId))
                .header("Content-Disposition", "attachment; filename=\"" + projectId + ".evidence.json\"").build();
    }
}
