package io.conclave.engine.policy;

import java.util.List;

import org.jboss.logging.Logger;

import io.conclave.model.policy.RuleFile;

/**
 * The {@link PolicyHost}'s compiles, every one through its {@link CompileGate}: those asked for (reloads, edits,
 * validations, adoptions), those ahead of the rules watcher's look, and the compiler's warm-up. A compile logs
 * which chapters it compiled (the others come from the build or the cache) and tells the observer once, however
 * many requests joined it.
 */
final class HostCompiles {
    private static final Logger LOG = Logger.getLogger(PolicyHost.class);

    private final PolicyCompiler compiler;
    private final CompileGate gate;
    private volatile PolicyHost.CompileObserver onCompile = (r, c, n) -> { };

    HostCompiles(PolicyCompiler compiler, CompileGate gate) {
        this.compiler = compiler;
        this.gate = gate;
    }

    /** Sets who is told of every compilation (one observer; the last one set). */
    void observe(PolicyHost.CompileObserver observer) {
        onCompile = observer;
    }

    /** Compiles through the gate. {@code blame}: the file a refusal for a limit names. */
    CompileResult compile(List<RuleFile> files, String blame) {
        return gate.compile(PolicyCompiler.versionOf(files), files, blame, work(files));
    }

    /** Compiles {@code files} ahead of a request for them ({@link CompileGate#ahead}); false if not started. */
    boolean ahead(List<RuleFile> files) {
        return gate.ahead(PolicyCompiler.versionOf(files), files, work(files));
    }

    private CompileGate.Work work(List<RuleFile> files) {
        return ticket -> {
            long start = System.nanoTime();
            List<String> compiled = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompileResult r = compiler.compile(files, compiled::add, ticket);
            long nanos = System.nanoTime() - start;
            if (!compiled.isEmpty()) {
                LOG.infof("policy %s: compiled %s in %d ms", r.version(),
                        r.ok() ? CompileLog.whatCompiled(r.policy(), compiled) : compiled, nanos / 1_000_000);
            }
            onCompile.compiled(r, compiled.size(), nanos);
            return r;
        };
    }

    /**
     * Warms the compiler up in the background (see {@link PolicyCompiler#warmUp}) on {@code policy}'s files, when
     * no compile is under way: a real compile that comes meanwhile cancels it and goes first. Logs what it compiled
     * and how long it took.
     */
    void warmUp(Policy policy) {
        if (policy == null || !PolicyCompiler.canCompile()) {
            return;
        }
        List<RuleFile> files = policy.files();
        long start = System.nanoTime();
        gate.warmUp(ticket -> {
            String chapter;
            try {
                chapter = compiler.warmUp(files, ticket);
            } catch (RuntimeException e) {
                chapter = null; // a warm-up that failed or was cancelled leaves nothing behind
            }
            if (chapter != null) {
                LOG.infof("the policy compiler is warm: compiled chapter %s in %d ms (conclave.rules.warm-up)",
                        chapter, (System.nanoTime() - start) / 1_000_000);
            }
            return new CompileResult("warm-up", files, List.of(), null);
        });
    }
}
