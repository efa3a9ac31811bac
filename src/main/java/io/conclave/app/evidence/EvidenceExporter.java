package io.conclave.app.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.model.policy.RuleFile;
import io.conclave.model.CommandException;
import io.conclave.model.Json;

/**
 * Makes a project's evidence export: its journal's lines as stored and its ledger, read together under the project's
 * lock (so each decision's entry is among the lines), the rule files of every version the entries ran under (from
 * the policy archive), and the head signed by the node's key.
 */
public final class EvidenceExporter {
    /** Where the rule files of a version come from (the policy archive); a version it does not hold throws. */
    @FunctionalInterface
    public interface Archive {
        List<RuleFile> files(String version) throws IOException;
    }

    private final NodeKey key;
    private final String node;
    private final Clock clock;
    private final Archive archive;

    public EvidenceExporter(NodeKey key, String node, Clock clock, Archive archive) {
        this.key = key;
        this.node = node;
        this.clock = clock;
        this.archive = archive;
    }

    /** The export of {@code project} as it is now. */
    public Evidence export(ProjectRuntime project) throws IOException {
        ProjectRuntime.Stored held = project.stored();
        List<String> lines = held.lines();
        Set<String> versions = new LinkedHashSet<>();
        for (String line : lines) {
            CommandCodec.Fields f = CommandCodec.fields(line);
            if (f != null && f.policyVersion() != null) {
                versions.add(f.policyVersion());
            }
        }
        Map<String, String> texts = new TreeMap<>();
        List<Evidence.PolicyFiles> policies = new ArrayList<>();
        for (String version : versions) {
            List<RuleFile> files;
            try {
                files = archive.files(version);
            } catch (CommandException e) {
                policies.add(new Evidence.PolicyFiles(version, null, Map.of())); // not archived here: said so
                continue;
            }
            Map<String, String> named = new TreeMap<>();
            for (RuleFile f : files) {
                String hash = Chain.hash(f.content());
                named.put(f.name(), hash);
                texts.put(hash, f.content());
            }
            policies.add(new Evidence.PolicyFiles(version, RuleFile.digest(files), named));
        }
        CommandCodec.Fields first = CommandCodec.fields(lines.get(0));
        CommandCodec.Fields last = CommandCodec.fields(lines.get(lines.size() - 1));
        Evidence.Statement statement = new Evidence.Statement(Evidence.FORMAT, "project", project.projectId(),
                first.seq(), last.seq(), Chain.hash(lines.get(lines.size() - 1)), clock.instant(), node,
                conclaveVersion());
        String text = Json.MAPPER.writeValueAsString(statement);
        Base64.Encoder b64 = Base64.getEncoder();
        Evidence.SignedHead signed = new Evidence.SignedHead(text, NodeKey.ALGORITHM, b64.encodeToString(key.publicKeyBytes()),
                key.fingerprint(), b64.encodeToString(key.sign(text.getBytes(StandardCharsets.UTF_8))));
        return new Evidence(Evidence.FORMAT, "project", project.projectId(), signed, lines, held.startState(),
                Json.MAPPER.valueToTree(held.ledger()), policies, texts);
    }

    /** The version of this build (what the command line's {@code --version} says), or "unknown". */
    public static String conclaveVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = EvidenceExporter.class.getResourceAsStream("/conclave-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown: said so
        }
        return p.getProperty("version", "unknown");
    }
}
