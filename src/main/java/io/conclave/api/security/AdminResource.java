package io.conclave.api.security;

import io.conclave.api.security.CurrentCaller;
import java.io.IOException;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.RepairService;

/** What an operator does to the store itself: find owners whose journal is damaged, and repair them. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
@jakarta.annotation.security.RolesAllowed(io.conclave.app.access.Caller.ADMIN)
public class AdminResource {
    private final CurrentCaller caller;
    private final RepairService repairs;

    public AdminResource(RepairService repairs, CurrentCaller caller) {
        this.caller = caller;
        this.repairs = repairs;
    }

    @GET
    @Path("/damaged")
    @Operation(operationId = "listDamaged", summary = "Projects, meetings and conversations whose journal is damaged: the file, the entry, why")
    public List<RepairService.DamagedOwner> damaged() {
        return repairs.damaged();
    }

    @POST
    @Path("/{kind}/{owner_id}/repair")
    @Operation(operationId = "repairJournal", summary = "Bring a damaged owner back: its damaged entries are set aside (kept beside the journal) "
            + "and it goes on from the entries before; the repair is journaled")
    @APIResponse(responseCode = "200", description = "Repaired: the owner takes commands again")
    @APIResponse(responseCode = "404", description = "No such owner, or not a kind (projects, meetings, conversations)")
    @APIResponse(responseCode = "409", description = "The owner is not damaged, or its creation itself is damaged")
    public RepairService.Repaired repair(@PathParam("kind") String kind, @PathParam("owner_id") String id) throws IOException {
        return repairs.repair(kind, id, caller.get().name());
    }
}
