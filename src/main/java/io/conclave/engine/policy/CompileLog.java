package io.conclave.engine.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.conclave.model.policy.PolicyMessage;

/** What the policy host logs of a compile: the chapters it compiled, and a refusal one line per file. */
final class CompileLog {
    private static final Logger LOG = Logger.getLogger(PolicyHost.class);

    private CompileLog() {
    }

    /** Each compiled chapter with the files compiled for it ("assignment: 1 of 11 files: proposals.drl"). */
    static List<String> whatCompiled(Policy policy, List<String> chapters) {
        return policy.chapters().stream().filter(c -> chapters.contains(c.name()))
                .map(c -> c.name() + ": " + (c.compiledFiles().size() == c.files().size() ? "whole chapter"
                        : c.compiledFiles().size() + " of " + c.files().size() + " files" + (c.compiledFiles().isEmpty() ? ""
                        : " (" + String.join(", ", c.compiledFiles().stream().map(f -> f.substring(f.indexOf('/') + 1)).toList())
                        + ")")))
                .toList();
    }

    /**
     * One line per refused file, with its first error and how many there are (the answer, GET /api/rules and the
     * event carry every one); each message at DEBUG.
     */
    static void refusal(CompileResult result, String trigger) {
        Map<String, List<PolicyMessage>> byFile = new java.util.TreeMap<>();
        result.errors().forEach(m -> byFile.computeIfAbsent(m.file(), f -> new ArrayList<>()).add(m));
        byFile.forEach((file, errors) -> {
            PolicyMessage first = errors.get(0);
            LOG.errorf("policy %s rejected (%s): %s: %s%s", result.version(), trigger, file.isEmpty() ? "(the policy)" : file,
                    first.line() > 0 ? "line " + first.line() + ":" + first.column() + " " + first.message() : first.message(),
                    errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
            errors.forEach(m -> LOG.debugf("policy %s rejected: %s", result.version(), m));
        });
    }
}
