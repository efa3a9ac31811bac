package io.conclave.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.journal.RuleFile;
import io.conclave.journal.RuleFolder;

/**
 * A rules folder compiled as the service compiles it: the chapters unchanged since the build load as
 * built into the application, the others are compiled (which takes seconds, so it is said on stderr
 * first). The last result is kept by policy version for callers that compile the same folder more than
 * once in a JVM (tests).
 */
final class PolicyFolder {
    private static CompileResult last;

    private PolicyFolder() {
    }

    /** Why the folder cannot be compiled at all (not a folder, unreadable, empty), or null when it can. */
    static String unusable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return dir + " is not a folder";
        }
        try {
            if (RuleFolder.read(dir).isEmpty()) {
                return "no rule files (<chapter>/*.drl) in " + dir;
            }
        } catch (IOException e) {
            return "cannot read " + dir + ": " + e;
        }
        return null;
    }

    /** Compiles the folder (call {@link #unusable} first); {@code who} prefixes what is said on {@code err}. */
    static CompileResult compile(Path dir, String who, PrintStream err) throws IOException {
        return compile(RuleFolder.read(dir), who, err);
    }

    /** Compiles a policy's files (a version an evidence export carries) as {@link #compile(Path, String, PrintStream)} does. */
    static CompileResult compile(List<RuleFile> files, String who, PrintStream err) {
        String version = PolicyCompiler.versionOf(files);
        synchronized (PolicyFolder.class) {
            if (last != null && last.version().equals(version)) {
                return last;
            }
        }
        PolicyCompiler compiler = new PolicyCompiler(PolicyFolder.class.getClassLoader());
        List<String> changed = compiler.toCompile(files);
        if (!changed.isEmpty()) {
            // the chapters built into the application load at once; say so before the ones that must compile
            err.println(who + ": compiling policy: " + changed.size() + (changed.size() == 1 ? " chapter" : " chapters")
                    + " changed since the build (" + String.join(", ", changed) + ") ...");
            err.flush();
        }
        CompileResult r = compiler.compile(files);
        synchronized (PolicyFolder.class) {
            last = r;
        }
        return r;
    }
}
