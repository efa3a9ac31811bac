package io.conclave.cli;

import static io.conclave.cli.CliTest.conclave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.evidence.EvidenceExporter;
import io.conclave.app.evidence.ExportEdits;
import io.conclave.app.evidence.NodeKey;
import io.conclave.app.evidence.WorkedProject;
import io.conclave.cli.CliTest.Result;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.Json;
import io.conclave.model.TaskEvent;
import io.conclave.sim.Simulator;

/**
 * {@code conclave verify} as a user runs it on an export saved to a file: verified, then each edit someone could make
 * to the file named, and the files and keys it cannot use refused. The export is made the way the service makes it
 * (an engine over a data folder, the project worked by its agents' reports, {@link EvidenceExporter} with the data
 * folder's key), without the service: {@link WorkedProject}, five entries worked out by hand there.
 */
class VerifyCommandTest {
    @TempDir
    static Path dir;
    private static Path export;
    private static Path nodeKey;
    private static String exported;
    private static Path earlier;
    private static int decisions;

    @BeforeAll
    static void exportAWorkedProject() throws IOException {
        Path data = dir.resolve("data");
        PolicyHost policies = new PolicyHost(Path.of("rules"), new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(VerifyCommandTest.class.getClassLoader()));
        policies.start();
        try (ProjectRegistry projects = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 500_000,
                Clock.systemUTC(), e -> { }), Simulator.DRIVER)) {
            projects.recoverAll();
            projects.create(io.conclave.app.ProjectSchemaCheck.spec(WorkedProject.json("evidence")), "operator");
            ProjectRuntime p = projects.get("evidence");
            EvidenceExporter exporter = new EvidenceExporter(NodeKey.loadOrCreate(data), "standalone",
                    Clock.systemUTC(), policies::archivedFiles);
            for (String[] r : WorkedProject.REPORTS) {
                p.report(r[2].equals("start") ? TaskEvent.Kind.START : TaskEvent.Kind.COMPLETE, r[0], r[1], s -> { });
                if (r[0].equals("t1") && r[2].equals("complete")) {
                    // an auditor keeps the export of entries 1-3 apart
                    earlier = Files.writeString(dir.resolve("earlier.json"),
                            Json.MAPPER.writeValueAsString(exporter.export(p)));
                }
            }
            decisions = p.read(s -> s.ledger().size());
            exported = Json.MAPPER.writeValueAsString(exporter.export(p));
        } finally {
            policies.close();
        }
        export = Files.writeString(dir.resolve("evidence.json"), exported);
        nodeKey = data.resolve(NodeKey.PUBLIC_FILE);
    }

    @AfterAll
    static void forget() {
        exported = null;
    }

    private static Path edited(String name, ExportEdits edits) throws IOException {
        return Files.writeString(dir.resolve(name), edits.json());
    }

    @Test
    void anExportAsMadeIsVerifiedAgainstTheNodesKey() throws Exception {
        Result r = conclave(Terminal.none(), "verify", export.toString(), "--key", nodeKey.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode statement = ExportEdits.of(exported).statement();
        String fingerprint = NodeKey.fingerprint(NodeKey.publicKey(Files.readString(nodeKey)).getEncoded());
        String head = statement.get("head_hash").asText().substring(0, 12);
        assertEquals(List.of(
                export + ": signature: node standalone signed the head (entry 5, " + head + "...) on "
                        + statement.get("exported_at").asText() + " with Ed25519 key " + fingerprint
                        + ", a key given with --key",
                export + ": chain: entries 1-5 as written, in order, up to the signed head"),
                r.out().lines().limit(2).toList());
        assertMatches(r.out(), Pattern.quote(export + ": policy ") + "[0-9a-f]{12} \\(entries 1-5\\): its \\d+ rule "
                + "files are the ones the entries recorded\n");
        assertContains(r.out(), export + ": replay: 5 entries under their recorded versions made the export's "
                + decisions + " decisions, each the same\n");
        assertTrue(r.out().endsWith(export + ": verified\n"), r.out());
        // without a key to compare with, the signer's fingerprint is said for the user to compare
        Result unpinned = conclave(Terminal.none(), "verify", export.toString());
        assertEquals(0, unpinned.code(), unpinned.out());
        assertContains(unpinned.out(), fingerprint + " (no --key given: compare it with the node's, GET /api/evidence/key)");
    }

    @Test
    void aChangedByteInAnEntryIsNamedAndNothingIsReplayed() throws IOException {
        // entry 3 is ann completing t1: one letter of its task id changed
        Path f = edited("byte.json", ExportEdits.of(exported).replaceInEntry(3, "\"task_id\":\"t1\"",
                "\"task_id\":\"t2\""));
        Result r = conclave(Terminal.none(), "verify", f.toString(), "--key", nodeKey.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out() + r.err());
        assertContains(r.out(), f + ": entry 3 was changed: it no longer hashes to what entry 4 recorded before it; "
                + "its checksum does not match its content (a changed byte)\n");
        assertContains(r.out(), f + ": not replayed: the entries are not all as the chain recorded them\n");
        assertTrue(r.out().endsWith(f + ": not verified: 1 problem\n"), r.out());
    }

    @Test
    void aRemovedAndTwoSwappedEntriesAreNamed() throws IOException {
        Path removed = edited("removed.json", ExportEdits.of(exported).remove(2));
        Result r = conclave(Terminal.none(), "verify", removed.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out());
        assertContains(r.out(), removed + ": entry 2 is missing: entry 3 was written after it\n");
        assertTrue(r.out().endsWith(removed + ": not verified: 1 problem\n"), r.out());
        // lines 1 2 4 3 5: the longest rising run is 1 2 3 5, so entry 4 is the one moved
        Path swapped = edited("swapped.json", ExportEdits.of(exported).swap(3, 4));
        r = conclave(Terminal.none(), "verify", swapped.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out());
        assertContains(r.out(), swapped + ": entry 4 is out of place: it was written right after entry 3, but the "
                + "export has it after entry 2\n");
        assertTrue(r.out().endsWith(swapped + ": not verified: 1 problem\n"), r.out());
    }

    @Test
    void aDecisionThatDoesNotReplayIsNamed() throws IOException {
        // t2 needs y, which only bob has: entry 3 (t1 completed) made t2 ready and gave it to bob, never to ann
        ExportEdits edits = ExportEdits.of(exported);
        com.fasterxml.jackson.databind.node.ObjectNode assigned = edits.decision("ASSIGNED", "t2");
        assertEquals(3, assigned.get("command_seq").asInt());
        assigned.putArray("agent_ids").add("ann");
        Path f = edited("decision.json", edits);
        Result r = conclave(Terminal.none(), "verify", f.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out());
        assertContains(r.out(), f + ": decision " + assigned.get("seq").asInt() + " (ASSIGNED of task t2, by entry 3)"
                + " does not replay to the same result: agent_ids[0] is \"ann\" in the export, \"bob\" on replay\n");
        assertTrue(r.out().endsWith(f + ": not verified: 1 problem\n"), r.out());
    }

    @Test
    void anotherKeyOrAnEditedStatementDoesNotVerify() throws Exception {
        Path other = Files.writeString(dir.resolve("other.pub"), NodeKey.generate().publicKeyPem());
        Result r = conclave(Terminal.none(), "verify", export.toString(), "--key", other.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out());
        String fingerprint = NodeKey.fingerprint(NodeKey.publicKey(Files.readString(nodeKey)).getEncoded());
        assertContains(r.out(), export + ": signed by key " + fingerprint + ", which is none of the keys given with "
                + "--key\n");
        // a key among several (the nodes of a cluster) is enough
        assertEquals(0, conclave(Terminal.none(), "verify", export.toString(), "--key", other.toString(), "--key",
                nodeKey.toString()).code());
        // the statement dated a day later: its signature no longer holds
        String at = ExportEdits.of(exported).statement().get("exported_at").asText();
        String later = at.substring(0, 8) + String.format("%02d", Integer.parseInt(at.substring(8, 10)) % 28 + 1)
                + at.substring(10);
        Path dated = edited("dated.json", ExportEdits.of(exported).replaceInStatement(at, later));
        r = conclave(Terminal.none(), "verify", dated.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out());
        assertContains(r.out(), dated + ": the signature does not hold: the statement of the head is not what key "
                + fingerprint + " signed\n");
    }

    @Test
    void aLaterExportExtendsAnEarlierOneUnlessTheJournalWasRewrittenAndSignedAgain() throws Exception {
        Result r = conclave(Terminal.none(), "verify", export.toString(), "--extends", earlier.toString());
        assertEquals(0, r.code(), r.out());
        String signedOn = ExportEdits.of(Files.readString(earlier)).statement().get("exported_at").asText();
        assertContains(r.out(), export + ": extends " + earlier + ": its head, entry 3 signed on " + signedOn
                + ", is entry 3 here unchanged: nothing up to it was rewritten since\n");
        // whoever holds the data folder and the key writes entry 2 a minute earlier, chains every line again and
        // signs a new head: the export verifies by itself, not against the head the auditor kept
        Path rewritten = Files.writeString(dir.resolve("rewritten.json"), rewrite(exported, 2));
        assertEquals(0, conclave(Terminal.none(), "verify", rewritten.toString(), "--key", nodeKey.toString()).code());
        r = conclave(Terminal.none(), "verify", rewritten.toString(), "--key", nodeKey.toString(), "--extends",
                earlier.toString());
        assertEquals(Cli.NOT_VERIFIED, r.code(), r.out());
        assertContains(r.out(), rewritten + ": entry 3 is not the one the earlier export " + earlier + " ended with "
                + "(signed on " + signedOn + "): the journal was rewritten since\n");
        assertTrue(r.out().endsWith(rewritten + ": not verified: 1 problem\n"), r.out());
    }

    /** The export with entry {@code seq} a minute earlier, every line chained again and the head signed again. */
    private static String rewrite(String json, int seq) throws Exception {
        io.conclave.app.evidence.Evidence e = Json.MAPPER.readValue(json, io.conclave.app.evidence.Evidence.class);
        List<String> lines = new java.util.ArrayList<>();
        String prev = io.conclave.journal.Chain.GENESIS;
        for (String line : e.entries()) {
            var entry = io.conclave.journal.CommandCodec.PROJECT.fromLine(line);
            if (entry.seq() == seq) {
                entry = new io.conclave.journal.JournalEntry<>(entry.seq(), entry.actor(), entry.policyVersion(),
                        entry.recordedAt().minusSeconds(60), entry.command(), entry.key(), entry.policyHash());
            }
            String text = io.conclave.journal.CommandCodec.PROJECT.toLine(entry, prev);
            lines.add(text);
            prev = io.conclave.journal.Chain.hash(text);
        }
        var st = Json.MAPPER.readValue(e.signed().statement(), io.conclave.app.evidence.Evidence.Statement.class);
        String statement = Json.MAPPER.writeValueAsString(new io.conclave.app.evidence.Evidence.Statement(st.format(),
                st.kind(), st.ownerId(), st.firstSeq(), st.headSeq(), prev, st.exportedAt().plusSeconds(1), st.node(),
                st.conclaveVersion()));
        NodeKey key = NodeKey.loadOrCreate(dir.resolve("data"));
        var signed = new io.conclave.app.evidence.Evidence.SignedHead(statement, e.signed().algorithm(),
                e.signed().publicKey(), e.signed().keyFingerprint(), java.util.Base64.getEncoder().encodeToString(
                key.sign(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return Json.MAPPER.writeValueAsString(new io.conclave.app.evidence.Evidence(e.format(), e.kind(), e.ownerId(),
                signed, lines, e.startState(), e.decisions(), e.policies(), e.ruleFiles()));
    }

    @Test
    void filesThatAreNoExportAndKeysThatAreNoKeyAreRefused() throws IOException {
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "entries: 5\n");
        Path notExport = Files.writeString(dir.resolve("other.json"), "{\"project_id\": \"p\"}");
        Path missing = dir.resolve("missing.json");
        Result r = conclave(Terminal.none(), "verify", notJson.toString(), notExport.toString(), missing.toString());
        assertEquals(Cli.BAD_INPUT, r.code(), r.out());
        assertMatches(r.out(), Pattern.quote(notJson + ": not an evidence export: ") + ".*\n");
        assertContains(r.out(), notExport + ": not an evidence export (conclave-evidence/1): format, signed and entries "
                + "are required\n");
        assertContains(r.out(), missing + ": no such file\n");
        r = conclave(Terminal.none(), "verify", export.toString(), "--key", notJson.toString());
        assertEquals(Cli.BAD_INPUT, r.code(), r.out());
        assertContains(r.out(), notJson + ": not a public key: not a PEM public key\n");
        r = conclave(Terminal.none(), "verify");
        assertEquals(Cli.BAD_INPUT, r.code());
        assertContains(r.err(), "conclave verify: Missing required parameter: 'EXPORT_FILE'");
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), "expected to contain:\n" + part + "\nin:\n" + text);
    }

    private static void assertMatches(String text, String regex) {
        assertTrue(Pattern.compile(regex).matcher(text).find(), "expected to match:\n" + regex + "\nin:\n" + text);
    }
}
