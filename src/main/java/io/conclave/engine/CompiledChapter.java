package io.conclave.engine;

import io.conclave.journal.RuleFile;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.drools.model.Model;
import org.kie.api.definition.KiePackage;

/**
 * One chapter of a policy, ready to be assembled into KieBases: either the executable model compiled
 * when the application was built ({@link Origin#BUILD}, {@code models}), or the DRL compiled at run time
 * because the chapter's files changed since the build ({@link Origin#RUNTIME}, {@code packages}).
 *
 * @param name          the chapter (folder) name
 * @param version       a hash of the chapter's own files, shown per chapter
 * @param unitHash      a hash of everything the chapter was compiled from (its files and common/): the cache key
 * @param files         the chapter's own files
 * @param compileMillis how long the compile took (at build time for a built chapter)
 * @param models        a built chapter's executable models, loaded when a KieBase first needs them (a
 *                      service that never opens a meeting never loads the meeting rules' classes); null
 *                      for a chapter compiled here
 * @param rules         how many rules the chapter holds
 */
public record CompiledChapter(String name, String version, String unitHash, List<RuleFile> files, Origin origin,
                              long compileMillis, List<PolicyMessage> warnings, Supplier<List<Model>> models,
                              Collection<KiePackage> packages, int rules) {

    /** Where a chapter's compiled form comes from. */
    public enum Origin {
        /** The executable model compiled into the application at build time. */
        BUILD,
        /** The DRL compiled by this process, because the files differ from the built ones. */
        RUNTIME
    }

    /** The same as {@link #rules()}. */
    public int ruleCount() {
        return rules;
    }
}
