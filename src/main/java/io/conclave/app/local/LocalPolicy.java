package io.conclave.app.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.CompiledChapter;
import io.conclave.engine.policy.Policy;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.model.policy.RuleFile;
import io.conclave.journal.RuleFolder;

/**
 * A rules folder compiled as the service compiles it: the chapters unchanged since the build load as
 * built into the application, the others are compiled (which takes seconds, so it is said on stderr
 * first). The last result is kept by policy version for callers that compile the same folder more than
 * once in a JVM (tests).
 */
public final class LocalPolicy {
    private static Compiled last;

    private LocalPolicy() {
    }

    /**
     * A rules folder compiled: its version, files and what the compiler said; when it compiled, the policy a
     * {@link LocalRun} runs under (callers outside the application layer see only what it says).
     */
    public static final class Compiled {
        private final CompileResult result;

        Compiled(CompileResult result) {
            this.result = result;
        }

        public boolean ok() {
            return result.ok();
        }

        public String version() {
            return result.version();
        }

        public int files() {
            return result.files().size();
        }

        public List<PolicyMessage> messages() {
            return result.messages();
        }

        public List<PolicyMessage> errors() {
            return result.errors();
        }

        /** How many chapters the policy has (0 when it did not compile). */
        public int chapters() {
            return ok() ? result.policy().chapters().size() : 0;
        }

        /** How many of them this process compiled (the others load as built into the application). */
        public long compiledNow() {
            return ok() ? result.policy().chapters().stream()
                    .filter(c -> c.origin() == CompiledChapter.Origin.RUNTIME).count() : 0;
        }

        Policy policy() {
            return result.policy();
        }
    }

    /** Why the folder cannot be compiled at all (not a folder, unreadable, empty), or null when it can. */
    public static String unusable(Path dir) {
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
    public static Compiled compile(Path dir, String who, PrintStream err) throws IOException {
        List<RuleFile> files = RuleFolder.read(dir);
        String version = PolicyCompiler.versionOf(files);
        synchronized (LocalPolicy.class) {
            if (last != null && last.version().equals(version)) {
                return last;
            }
        }
        PolicyCompiler compiler = new PolicyCompiler(LocalPolicy.class.getClassLoader());
        List<String> changed = compiler.toCompile(files);
        if (!changed.isEmpty()) {
            // the chapters built into the application load at once; say so before the ones that must compile
            err.println(who + ": compiling policy: " + changed.size() + (changed.size() == 1 ? " chapter" : " chapters")
                    + " changed since the build (" + String.join(", ", changed) + ") ...");
            err.flush();
        }
        Compiled r = new Compiled(compiler.compile(files));
        synchronized (LocalPolicy.class) {
            last = r;
        }
        return r;
    }
}
