package io.conclave.app.evidence;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.local.LocalPolicy;
import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.project.DryRun;
import io.conclave.journal.Chain;
import io.conclave.journal.ChainCheck;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.JournalEntry;
import io.conclave.model.policy.RuleFile;
import io.conclave.model.Decision;
import io.conclave.model.Json;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.TakeSnapshot;
import io.conclave.sim.Simulator;

/**
 * Checks an evidence export offline, in four steps, and says what each found: the signature (the statement of the
 * head holds under the key the export names, and that key is one the caller trusts when it names any); the chain
 * ({@link ChainCheck}: every entry from the first to the signed head, as written and in order); the policies (the
 * rule files of each version hash to what every entry that ran under it recorded); the replay (the entries, applied
 * in a scratch project each under the version it recorded, make the decisions the export lists, one by one). A step
 * whose ground is not sound is not taken: the replay needs an intact chain and every version's files.
 */
public final class EvidenceCheck {
    /** How long the replay may take, wall time: a long history is checked in seconds. */
    private static final long REPLAY_LIMIT_NANOS = 600_000_000_000L;
    /** The firing cap of one replayed command (the service's default). */
    private static final int MAX_FIRINGS = 500_000;

    /** What the check found: lines that say what held, and the problems, each naming what it is about. */
    public record Report(String ownerId, List<String> notes, List<String> problems, boolean policyFailed) {
        public boolean verified() {
            return problems.isEmpty();
        }
    }

    private final Function<List<RuleFile>, CompileResult> compiler;
    private final List<byte[]> trusted;

    /**
     * {@code compiler} compiles a version's files (as the service does); {@code trusted}: the public keys (X.509
     * bytes) the signer must be one of, or none to report the signer's fingerprint without judging it.
     */
    public EvidenceCheck(Function<List<RuleFile>, CompileResult> compiler, List<byte[]> trusted) {
        this.compiler = compiler;
        this.trusted = List.copyOf(trusted);
    }

    /**
     * A check run offline ({@code conclave verify}): each version's files compiled as a local rules folder is
     * ({@link LocalPolicy}), what the compiler says prefixed by {@code who} on {@code err}.
     */
    public static EvidenceCheck offline(String who, java.io.PrintStream err, List<byte[]> trusted) {
        return new EvidenceCheck(files -> LocalPolicy.compile(files, who, err).result(), trusted);
    }

    /** Checks an export; an {@link IllegalArgumentException} says why a text is not an export at all. */
    public Report check(Evidence export) {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Evidence.FORMAT.equals(export.format()) || export.entries() == null || export.signed() == null) {
            throw new IllegalArgumentException("not an evidence export (" + Evidence.FORMAT + "): format, signed and "
                    + "entries are required");
        }
        if (!"project".equals(export.kind())) {
            throw new IllegalArgumentException("an export of a " + export.kind() + ": this version checks projects");
        }
        Evidence.Statement statement = signature(export, notes, problems);
        ChainCheck.Result<ProjectCommand> chain = new ChainCheck<>(CommandCodec.PROJECT).check(export.entries(),
                statement == null ? null : new ChainCheck.Head(statement.firstSeq(), statement.headSeq(),
                        statement.headHash()));
        chain.findings().forEach(f -> problems.add(f.message()));
        if (chain.intact()) {
            notes.add("chain: entries " + chain.firstSeq() + "-" + chain.lastSeq() + " as written, in order, up to "
                    + "the signed head" + (chain.firstChained() == null ? "" : chain.firstChained() == chain.firstSeq()
                    ? "" : "; entries " + chain.firstSeq() + "-" + (chain.firstChained() - 1) + " were written before "
                    + "journals were chained (covered from entry " + (chain.firstChained() - 1) + " on, and by the "
                    + "replay)"));
        }
        Map<String, Policy> policies = policies(export, chain.entries(), notes, problems);
        boolean policyFailed = policies == null;
        if (!chain.intact() || policies == null || policies.size() < versionsOf(chain.entries()).size()) {
            notes.add("not replayed: " + (!chain.intact() ? "the entries are not all as the chain recorded them"
                    : "the rule files of every version the entries ran under are needed"));
        } else {
            replay(export, chain.entries(), policies, notes, problems);
        }
        return new Report(export.ownerId(), List.copyOf(notes), List.copyOf(problems), policyFailed);
    }

    /**
     * Whether {@code newer} extends {@code older}, an export of the same project made earlier (by this node or
     * another): the entry {@code older}'s signed head names must be in {@code newer} unchanged. With {@code newer}'s
     * chain intact up to its own head, that entry's hash vouches for every entry up to it: nothing the earlier export
     * covered was rewritten since, even by whoever holds the node's key. {@code olderName} names the earlier file in
     * what is said. Returns the problems (empty when it extends it); {@code notes} gets what held.
     */
    public List<String> extendsEarlier(Evidence newer, Evidence older, String olderName, List<String> notes) {
        List<String> problems = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Evidence.Statement earlier = signature(older, ignored, problems);
        problems.replaceAll(p -> "the earlier export " + olderName + ": " + p);
        if (earlier == null || !problems.isEmpty()) {
            return problems;
        }
        if (!earlier.ownerId().equals(newer.ownerId()) || !earlier.kind().equals(newer.kind())) {
            problems.add("the earlier export " + olderName + " is of " + earlier.kind() + " " + earlier.ownerId()
                    + ", not of " + newer.kind() + " " + newer.ownerId());
            return problems;
        }
        long seq = earlier.headSeq();
        String line = newer.entries().stream().filter(l -> {
            CommandCodec.Fields f = CommandCodec.fields(l);
            return f != null && f.seq() != null && f.seq() == seq;
        }).findFirst().orElse(null);
        if (line == null) {
            problems.add("entry " + seq + ", the head of the earlier export " + olderName + ", is not in this export");
        } else if (!Chain.hash(line).equals(earlier.headHash())) {
            problems.add("entry " + seq + " is not the one the earlier export " + olderName + " ended with (signed on "
                    + earlier.exportedAt() + "): the journal was rewritten since");
        } else {
            notes.add("extends " + olderName + ": its head, entry " + seq + " signed on " + earlier.exportedAt()
                    + ", is entry " + seq + " here unchanged: nothing up to it was rewritten since");
        }
        return problems;
    }

    /** Checks the signature of the statement; returns the statement when it reads (signed or not), else null. */
    private Evidence.Statement signature(Evidence export, List<String> notes, List<String> problems) {
        Evidence.SignedHead signed = export.signed();
        Evidence.Statement st;
        try {
            st = Json.JOURNAL.readValue(signed.statement(), Evidence.Statement.class);
        } catch (JsonProcessingException e) {
            problems.add("the signed statement does not read: " + e.getOriginalMessage());
            return null;
        } catch (IllegalArgumentException e) {
            problems.add("the signed statement does not read: " + e.getMessage());
            return null;
        }
        byte[] key;
        boolean holds;
        try {
            key = Base64.getDecoder().decode(signed.publicKey());
            PublicKey pub = NodeKey.publicKey(key);
            holds = NodeKey.verify(pub, signed.statement().getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(signed.signature()));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            problems.add("the signature cannot be checked: the export's key or signature does not read");
            return st;
        }
        String fingerprint = NodeKey.fingerprint(key);
        if (!holds) {
            problems.add("the signature does not hold: the statement of the head is not what key " + fingerprint
                    + " signed");
        }
        if (!export.ownerId().equals(st.ownerId()) || !export.kind().equals(st.kind())) {
            problems.add("the signed statement is about " + st.kind() + " " + st.ownerId() + ", not about "
                    + export.kind() + " " + export.ownerId());
        }
        boolean known = trusted.stream().anyMatch(k -> java.util.Arrays.equals(k, key));
        if (!trusted.isEmpty() && !known) {
            problems.add("signed by key " + fingerprint + ", which is none of the keys given with --key");
        }
        if (holds) {
            notes.add("signature: node " + st.node() + " signed the head (entry " + st.headSeq() + ", "
                    + st.headHash().substring(0, 12) + "...) on " + st.exportedAt() + " with " + signed.algorithm()
                    + " key " + fingerprint + (trusted.isEmpty() ? " (no --key given: compare it with the node's, "
                    + "GET /api/evidence/key)" : known ? ", a key given with --key" : ""));
        }
        return st;
    }

    /**
     * Compiles each version the entries ran under from the export's files, once their digest is what every entry
     * under it recorded (and names the version). Null when one does not compile here.
     */
    private Map<String, Policy> policies(Evidence export, List<JournalEntry<ProjectCommand>> entries,
                                         List<String> notes, List<String> problems) {
        Map<String, Policy> out = new LinkedHashMap<>();
        Map<String, Evidence.PolicyFiles> listed = new LinkedHashMap<>();
        if (export.policies() != null) {
            export.policies().forEach(p -> listed.put(p.version(), p));
        }
        for (Map.Entry<String, Range> v : versionsOf(entries).entrySet()) {
            String version = v.getKey();
            Range used = v.getValue();
            Evidence.PolicyFiles p = listed.get(version);
            List<RuleFile> files = p == null ? null : files(export, p);
            if (files == null) {
                problems.add("policy " + version + " (" + used + "): its rule files are not in the export");
                continue;
            }
            String digest = RuleFile.digest(files);
            List<Long> differ = entries.stream().filter(e -> version.equals(e.policyVersion())
                    && e.policyHash() != null && !e.policyHash().equals(digest)).map(JournalEntry::seq).toList();
            if (!digest.startsWith(version) || !differ.isEmpty()) {
                problems.add("policy " + version + " (" + used + "): its rule files in the export are not the ones "
                        + (differ.isEmpty() ? "that version is made of" : "entr" + (differ.size() == 1 ? "y " : "ies ")
                        + Range.of(differ) + " ran under") + " (their digest is " + digest.substring(0, 12) + "...)");
                continue;
            }
            CompileResult r = compiler.apply(files);
            if (!r.ok()) {
                problems.add("policy " + version + " (" + used + ") does not compile here: " + r.errors().get(0));
                return null;
            }
            out.put(version, r.policy());
            notes.add("policy " + version + " (" + used + "): its " + files.size() + " rule files are the ones the "
                    + "entries recorded");
        }
        return out;
    }

    /** The files of a listed version from the export's texts; null when one is missing or not the text named. */
    private static List<RuleFile> files(Evidence export, Evidence.PolicyFiles p) {
        if (p.files() == null || p.files().isEmpty() || export.ruleFiles() == null) {
            return null;
        }
        List<RuleFile> out = new ArrayList<>();
        for (Map.Entry<String, String> f : p.files().entrySet()) {
            String text = export.ruleFiles().get(f.getValue());
            if (text == null) {
                return null;
            }
            out.add(new RuleFile(f.getKey(), text));
        }
        return out;
    }

    /** Replays the entries under their versions and compares the decisions with the export's, one by one. */
    private void replay(Evidence export, List<JournalEntry<ProjectCommand>> entries, Map<String, Policy> policies,
                        List<String> notes, List<String> problems) {
        String startState = null;
        if (!entries.isEmpty() && entries.get(0).command() instanceof TakeSnapshot marker) {
            startState = export.startState();
            if (startState == null || !Chain.hash(startState).equals(marker.digest())) {
                problems.add("entry " + entries.get(0).seq() + " is a snapshot's marker, and the export's start_state "
                        + (startState == null ? "is missing" : "is not the state it recorded"));
                return;
            }
        }
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() {
                return policies.get(entries.get(entries.size() - 1).policyVersion());
            }

            @Override
            public Policy byVersion(String version) {
                return policies.get(version);
            }
        };
        DryRun.Side side = DryRun.asRecorded(export.ownerId(), source, Simulator.DRIVER, MAX_FIRINGS, entries,
                startState, REPLAY_LIMIT_NANOS);
        side.refused().forEach(r -> problems.add("entry " + r.seq() + " (" + r.type() + ") does not replay under its "
                + "recorded version: " + r.message()));
        if (side.stopped() != null) {
            problems.add("the replay stopped: " + side.stopped());
            return;
        }
        int before = problems.size();
        compare(export.decisions(), side.ledger(), problems);
        if (problems.size() == before) {
            notes.add("replay: " + side.replayed() + " entries under their recorded versions made the export's "
                    + side.ledger().size() + " decisions, each the same");
        }
    }

    /** Names every decision of the export the replay does not make alike, and every one it makes beyond them. */
    static void compare(JsonNode recorded, List<Decision> replayed, List<String> problems) {
        JsonNode made;
        try {
            made = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(replayed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decisions that do not write as JSON", e);
        }
        int kept = recorded == null || !recorded.isArray() ? 0 : recorded.size();
        for (int i = 0; i < Math.max(kept, made.size()); i++) {
            JsonNode r = i < kept ? recorded.get(i) : null;
            JsonNode m = i < made.size() ? made.get(i) : null;
            if (m == null) {
                problems.add(DecisionText.name(r, i) + " is in the export, but the replay made no decision "
                        + (i + 1));
            } else if (r == null) {
                problems.add("the replay made " + DecisionText.name(m, i) + ", which the export lacks");
            } else if (!r.equals(m)) {
                problems.add(DecisionText.name(r, i) + " does not replay to the same result: " + DecisionText.diff(r, m));
            }
        }
    }

    /** The versions entries ran under, in the order of their first use, with the entries under each. */
    private static Map<String, Range> versionsOf(List<JournalEntry<ProjectCommand>> entries) {
        Map<String, List<Long>> seqs = new LinkedHashMap<>();
        entries.forEach(e -> seqs.computeIfAbsent(e.policyVersion(), k -> new ArrayList<>()).add(e.seq()));
        Map<String, Range> out = new LinkedHashMap<>();
        seqs.forEach((v, s) -> out.put(v, Range.of(s)));
        return out;
    }

    /** Entry numbers said shortly: "entries 1-4, 7". */
    record Range(List<Long> seqs) {
        static Range of(List<Long> seqs) {
            return new Range(List.copyOf(seqs));
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(seqs.size() == 1 ? "entry " : "entries ");
            for (int i = 0; i < seqs.size(); i++) {
                int j = i;
                while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
                    j++;
                }
                b.append(i == 0 ? "" : ", ").append(seqs.get(i)).append(j > i ? "-" + seqs.get(j) : "");
                i = j;
            }
            return b.toString();
        }
    }
}
