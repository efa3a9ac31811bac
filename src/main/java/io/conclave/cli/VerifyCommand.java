package io.conclave.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.conclave.app.evidence.Evidence;
import io.conclave.app.evidence.EvidenceCheck;
import io.conclave.app.evidence.NodeKey;
import io.conclave.model.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code conclave verify}: checks evidence exports ({@code GET /api/projects/{id}/evidence}) offline, without the
 * service: the node's signature of the head, the hash chain of every entry, the rule files of every policy version,
 * and a replay of the entries that must make the decisions the export lists. Every problem is one line naming the
 * entry, the policy version or the decision it is about.
 */
@Command(name = "verify", versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 100,
        description = {"Checks evidence exports (GET /api/projects/{id}/evidence) offline: the node's signature of the "
                + "head, that every entry is as it was written and in order (the hash chain), that the rule files "
                + "are those each entry ran under, and that replaying the entries under them makes the same decisions. "
                + "Nothing is written.", ""},
        footer = {"", "Each line is FILE: what held, or FILE: a problem naming the entry, policy or decision; a last "
                + "line says verified or not verified.",
                "Exit codes: 0 every file verified; 4 one did not (each problem named); 2 a file unreadable or not an "
                + "export, or bad options; 1 a policy version of an export does not compile here (in that order when "
                + "several apply)."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(paramLabel = "EXPORT_FILE", arity = "1..*", description = "Evidence exports (JSON) to check.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--key", paramLabel = "PUBLIC_KEY_FILE", description = {"A node's public key (PEM: the node's "
            + "data/node-key.pub, or the public_key of GET /api/evidence/key). Repeat it for the nodes of a cluster. "
            + "Given, an export signed by another key does not verify; not given, the signer's fingerprint is "
            + "printed for you to compare."})
    List<Path> keys = new ArrayList<>();

    @Option(names = "--extends", paramLabel = "EARLIER_EXPORT", description = {"An export of the same project made "
            + "earlier and kept apart (by an auditor, another team): the entry its signed head names must be in each "
            + "export checked, unchanged. A chain can be made again from scratch by whoever holds the node's data "
            + "folder and key; it cannot be made to agree with a head someone else kept."})
    Path earlier;

    @picocli.CommandLine.Mixin
    Cli.HelpOptions help;

    @Override
    public Integer call() {
        Cli.quietLogging();
        List<byte[]> trusted = new ArrayList<>();
        for (Path k : keys) {
            try {
                trusted.add(NodeKey.publicKey(Files.readString(k)).getEncoded());
            } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
                cli.out.println(k + ": not a public key: " + (e instanceof NoSuchFileException ? "no such file"
                        : e.getMessage()));
                return Cli.BAD_INPUT;
            }
        }
        EvidenceCheck check = EvidenceCheck.offline("conclave verify", cli.err, trusted);
        Evidence older = null;
        if (earlier != null) {
            older = read(earlier);
            if (older == null) {
                return Cli.BAD_INPUT;
            }
        }
        java.util.Set<Integer> codes = new java.util.HashSet<>();
        for (Path f : files) {
            codes.add(verify(f, check, older));
        }
        // an export that does not verify says the most; then a file that is not one, then a policy that fails here
        for (int code : new int[] {Cli.NOT_VERIFIED, Cli.BAD_INPUT, Cli.POLICY_FAILED}) {
            if (codes.contains(code)) {
                return code;
            }
        }
        return Cli.COMPLETED;
    }

    /** The export in {@code file}, or null when it is none (said on stdout). */
    private Evidence read(Path file) {
        try {
            Evidence export = Json.JOURNAL.readValue(Files.readString(file), Evidence.class);
            if (export == null || !Evidence.FORMAT.equals(export.format()) || export.entries() == null
                    || export.signed() == null) {
                cli.out.println(file + ": not an evidence export (" + Evidence.FORMAT + "): format, signed and entries "
                        + "are required");
                return null;
            }
            return export;
        } catch (NoSuchFileException e) {
            cli.out.println(file + ": no such file");
        } catch (IOException e) {
            cli.out.println(file + ": not an evidence export: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return null;
    }

    private int verify(Path file, EvidenceCheck check, Evidence older) {
        Evidence export = read(file);
        if (export == null) {
            return Cli.BAD_INPUT;
        }
        EvidenceCheck.Report r;
        try {
            r = check.check(export);
        } catch (IllegalArgumentException e) {
            cli.out.println(file + ": " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        List<String> notes = new ArrayList<>(r.notes());
        List<String> problems = new ArrayList<>(r.problems());
        if (older != null) {
            problems.addAll(check.extendsEarlier(export, older, earlier.toString(), notes));
        }
        notes.forEach(n -> cli.out.println(file + ": " + n));
        problems.forEach(p -> cli.out.println(file + ": " + p));
        cli.out.println(file + ": " + (problems.isEmpty() ? "verified" : "not verified: " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems")));
        return problems.isEmpty() ? Cli.COMPLETED : r.policyFailed() ? Cli.POLICY_FAILED : Cli.NOT_VERIFIED;
    }
}
