package io.conclave.app.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The evidence export of one owner's ledger ({@code GET /api/projects/{id}/evidence}): everything an offline check
 * needs and nothing it must take on trust. {@code entries}: the journal's lines exactly as stored, in order, each
 * carrying the hash of the one before (the chain); {@code signed}: a statement of the head (the first and last
 * entry, the last one's hash, when and where it was exported) and the node's signature of it; {@code policies}: each
 * policy version the entries ran under, with the names of its rule files and the SHA-256 of each, whose texts are in
 * {@code rule_files} once each (versions share most files); {@code decisions}: the ledger as the node holds it, which
 * the check replays; {@code start_state}: the state the entries start from when they start at a snapshot's marker
 * rather than at the creation (a cluster keeps an owner's journal from its latest snapshot on), else null.
 */
public record Evidence(String format, String kind, String ownerId, SignedHead signed, List<String> entries,
                       String startState, JsonNode decisions, List<PolicyFiles> policies,
                       Map<String, String> ruleFiles) {
    /** The format name and version this class writes and reads. */
    public static final String FORMAT = "conclave-evidence/1";

    /** One policy version: its name, the SHA-256 of its files, and each file's name with the SHA-256 of its text. */
    public record PolicyFiles(String version, String digest, Map<String, String> files) {
    }

    /**
     * The signed head: {@code statement} is the JSON text of a {@link Statement} and {@code signature} the node key's
     * signature of its UTF-8 bytes (base64); {@code public_key} is that key (X.509 SubjectPublicKeyInfo, base64) and
     * {@code key_fingerprint} its SHA-256, to compare with the node's own ({@code GET /api/evidence/key}).
     */
    public record SignedHead(String statement, String algorithm, String publicKey, String keyFingerprint,
                         String signature) {
    }

    /**
     * What the node signs: the owner, the first and the last entry of the export and the last one's hash (the
     * head: it vouches for every entry before it through the chain), when the export was made, by which node, and
     * the Conclave version that made it (a replay is exact under the same version).
     */
    public record Statement(String format, String kind, String ownerId, long firstSeq, long headSeq, String headHash,
                            Instant exportedAt, String node, String conclaveVersion) {
    }
}
