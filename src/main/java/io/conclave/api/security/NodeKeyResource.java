package io.conclave.api.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.conclave.app.evidence.EvidenceService;

/** The public key this node signs evidence exports with: what a verifier trusts (conclave verify --key). */
@Path("/api/evidence/key")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Decisions")
public class NodeKeyResource {
    private final EvidenceService evidence;

    public NodeKeyResource(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @GET
    @Operation(operationId = "getEvidenceKey", summary = "This node's public signing key (Ed25519, PEM) and its "
            + "fingerprint: the signer an evidence export names must be one a verifier trusts; each node of a cluster "
            + "has its own")
    public EvidenceService.EvidenceKey key() {
        return evidence.publicKey();
    }
}
