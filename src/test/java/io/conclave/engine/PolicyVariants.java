package io.conclave.engine;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import io.conclave.model.policy.RuleFile;
import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PrebuiltPolicy;

/** The same rule files compiled at run time with and without the budget's hooks (for the benchmark that measures them). */
public final class PolicyVariants {
    private PolicyVariants() {
    }

    /**
     * Compiles {@code files} at run time (no built chapter), with the budget's hooks or without. Each variant
     * gets a class loader of its own, so neither is served from the other's cache of compiled chapters.
     */
    public static Policy compile(List<RuleFile> files, boolean hooks) {
        ClassLoader own = new URLClassLoader(new URL[0], PolicyVariants.class.getClassLoader());
        PolicyCompiler compiler = new PolicyCompiler(own, PrebuiltPolicy.none());
        if (!hooks) {
            compiler.withoutBudgetHooks();
        }
        CompileResult r = compiler.compile(files);
        if (!r.ok()) {
            throw new IllegalStateException("the rules do not compile: " + r.errors());
        }
        return r.policy();
    }
}
