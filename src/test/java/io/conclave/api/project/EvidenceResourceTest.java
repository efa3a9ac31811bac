package io.conclave.api.project;

import static io.conclave.api.ApiSupport.api;
import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.api.ApiSupport;
import io.conclave.app.evidence.ExportEdits;
import io.conclave.app.evidence.WorkedProject;
import io.conclave.cli.CliCalls;
import io.conclave.model.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@code GET /api/projects/{id}/evidence}: a project worked over REST ({@link WorkedProject}: five entries, derived
 * there by hand) exported, then checked offline as an auditor would, with {@code conclave verify} and the node's
 * public key from {@code GET /api/evidence/key}: verified as exported; then one byte changed in entry 3, entry 2
 * removed, entries 3 and 4 swapped and the decision that gave t2 to bob changed, each named.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
class EvidenceResourceTest {
    @TempDir
    static Path dir;
    private static String id;
    private static String exported;
    private static Path key;

    /** The project, worked and exported once for every test of the class (the export is read-only). */
    private static synchronized String export() throws IOException {
        if (exported == null) {
            id = ApiSupport.uniqueId("evidence");
            ApiSupport.create(WorkedProject.json(id), id);
            for (String[] r : WorkedProject.REPORTS) {
                api().contentType(ContentType.JSON).body("{\"agent_id\": \"" + r[1] + "\"}")
                        .when().post("/api/projects/" + id + "/tasks/" + r[0] + "/" + r[2]).then().statusCode(200);
            }
            Response r = api().when().get("/api/projects/" + id + "/evidence");
            r.then().statusCode(200).header("Content-Disposition", "attachment; filename=\"" + id + ".evidence.json\"");
            exported = r.asString();
            key = Files.writeString(dir.resolve("node-key.pub"), api().when().get("/api/evidence/key").then()
                    .statusCode(200).extract().path("public_key"));
        }
        return exported;
    }

    private static CliCalls.Result verify(String json, String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name), json);
        return CliCalls.conclave("verify", file.toString(), "--key", key.toString());
    }

    @Test
    void anExportCarriesEveryLineWithItsChainTheDecisionsAndASignedHead() throws Exception {
        JsonNode e = Json.MAPPER.readTree(export());
        assertEquals("conclave-evidence/1", e.get("format").asText());
        assertEquals(id, e.get("owner_id").asText());
        assertEquals(5, e.get("entries").size(), "the creation and four reports");
        assertTrue(e.get("entries").get(0).asText().contains("\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\""));
        JsonNode statement = ExportEdits.of(exported).statement();
        assertEquals(1, statement.get("first_seq").asInt());
        assertEquals(5, statement.get("head_seq").asInt());
        assertEquals(io.conclave.journal.Chain.hash(e.get("entries").get(4).asText()),
                statement.get("head_hash").asText());
        assertEquals("standalone", statement.get("node").asText());
        // the ledger as GET /decisions lists it, and the version the project runs with its rule files
        String version = api().when().get("/api/projects/" + id).then().statusCode(200).extract().path("policy_version");
        assertEquals(1, e.get("policies").size());
        assertEquals(version, e.get("policies").get(0).get("version").asText());
        assertTrue(e.get("policies").get(0).get("digest").asText().startsWith(version));
        e.get("policies").get(0).get("files").forEach(sha -> assertTrue(e.get("rule_files").has(sha.asText())));
        JsonNode decisions = Json.MAPPER.readTree(api().when().get("/api/projects/" + id + "/decisions").asString());
        assertEquals(decisions, e.get("decisions"));
        // the signer is the key this node publishes
        api().when().get("/api/evidence/key").then().statusCode(200)
                .body(jsonPath("fingerprint", equalTo(e.get("signed").get("key_fingerprint").asText())))
                .body(jsonPath("algorithm", equalTo("Ed25519"))).body(jsonPath("node", equalTo("standalone")))
                .body(jsonPath("public_key", startsWith("-----BEGIN PUBLIC KEY-----\n")));
    }

    @Test
    void anExportVerifiesOfflineAgainstTheNodesKey() throws IOException {
        CliCalls.Result r = verify(export(), "as-exported.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(": chain: entries 1-5 as written, in order, up to the signed head\n"), r.out());
        assertTrue(r.out().contains(": replay: 5 entries under their recorded versions made the export's "), r.out());
        assertTrue(r.out().endsWith(": verified\n"), r.out());
    }

    @Test
    void oneByteChangedInAnEntryIsNamed() throws IOException {
        // entry 3 is ann completing t1; "ann" becomes "amn": one byte
        String changed = ExportEdits.of(export()).replaceInEntry(3, "\"actor\":\"ann\"", "\"actor\":\"amn\"").json();
        CliCalls.Result r = verify(changed, "one-byte.json");
        assertEquals(4, r.code(), r.out());
        assertEquals(List.of("entry 3 was changed: it no longer hashes to what entry 4 recorded before it; its checksum "
                + "does not match its content (a changed byte)"), problems(r));
    }

    @Test
    void aRemovedEntryAndTwoSwappedEntriesAreNamed() throws IOException {
        CliCalls.Result removed = verify(ExportEdits.of(export()).remove(2).json(), "removed.json");
        assertEquals(4, removed.code(), removed.out());
        assertEquals(List.of("entry 2 is missing: entry 3 was written after it"), problems(removed));
        // lines 1 2 4 3 5: the longest rising run is 1 2 3 5, so entry 4 is the one moved
        CliCalls.Result swapped = verify(ExportEdits.of(export()).swap(3, 4).json(), "swapped.json");
        assertEquals(4, swapped.code(), swapped.out());
        assertEquals(List.of("entry 4 is out of place: it was written right after entry 3, but the export has it after "
                + "entry 2"), problems(swapped));
    }

    @Test
    void aDecisionThatNoLongerReplaysIsNamed() throws IOException {
        // entry 3 (t1 completed) made t2 ready; t2 needs y, which only bob has: the rules gave it to bob, not to ann
        ExportEdits edits = ExportEdits.of(export());
        ObjectNode assigned = edits.decision("ASSIGNED", "t2");
        assertEquals(3, assigned.get("command_seq").asInt());
        assertEquals("[\"bob\"]", assigned.get("agent_ids").toString());
        assigned.putArray("agent_ids").add("ann");
        CliCalls.Result r = verify(edits.json(), "decision.json");
        assertEquals(4, r.code(), r.out());
        assertEquals(List.of("decision " + assigned.get("seq").asInt() + " (ASSIGNED of task t2, by entry 3) does not "
                + "replay to the same result: agent_ids[0] is \"ann\" in the export, \"bob\" on replay"), problems(r));
    }

    @Test
    void onlyOperatorsAndAdminsExportAndAnUnknownProjectIs404() throws IOException {
        export();
        String ann = api().contentType(ContentType.JSON).body("{\"role\": \"agent\", \"agent_id\": \"ann\"}")
                .when().post("/api/tokens").then().statusCode(201).extract().path("token");
        api().header("Authorization", "Bearer " + ann).when().get("/api/projects/" + id + "/evidence").then()
                .statusCode(403);
        api().when().get("/api/projects/no-such-project/evidence").then().statusCode(404)
                .body(jsonPath("error", equalTo("project_not_found")));
        api().when().get("/api/projects/bad%20id/evidence").then().statusCode(400);
    }

    /**
     * The lines of a verification that name an entry or a decision, once its last line said there was one problem
     * (so the list is every problem).
     */
    private static List<String> problems(CliCalls.Result r) {
        assertTrue(r.out().endsWith(": not verified: 1 problem\n"), r.out());
        String first = r.out().lines().findFirst().orElse("");
        int cut = first.indexOf(": ") + 2;
        return r.out().lines().map(l -> l.substring(cut))
                .filter(l -> l.startsWith("entry ") || l.startsWith("decision ")).toList();
    }
}
