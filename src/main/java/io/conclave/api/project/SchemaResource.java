package io.conclave.api.project;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.project.ProjectSchema;

/**
 * The JSON Schema of project files, for editors and clients (the same as {@code docs/project.schema.json}). Public:
 * it describes a file format and holds no data of the service, and an editor that follows a file's
 * {@code $schema} sends no token.
 */
@Path("/api/schemas")
@Tag(name = "Schemas")
@PermitAll
public class SchemaResource {
    /** The media type of a JSON Schema. */
    static final String SCHEMA_JSON = "application/schema+json";

    @GET
    @Path("/project.json")
    @Produces({SCHEMA_JSON, "application/json"})
    @SecurityRequirementsSet
    @Operation(operationId = "projectSchema", summary = "The JSON Schema (draft 2020-12) of project files; no token needed")
    @APIResponse(responseCode = "200", description = "The schema",
            content = @Content(mediaType = "application/json", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                    description = "A JSON Schema")))
    public Response project() {
        return Response.ok(ProjectSchema.text()).build();
    }
}
