package io.conclave.engine;

import java.util.Collection;
import java.util.List;

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
 */
public record CompiledChapter(String name, String version, String unitHash, List<RuleFile> files, Origin origin,
                              long compileMillis, List<PolicyMessage> warnings, List<Model> models,
                              Collection<KiePackage> packages) {

    /** Where a chapter's compiled form comes from. */
    public enum Origin {
        /** The executable model compiled into the application at build time. */
        BUILD,
        /** The DRL compiled by this process, because the files differ from the built ones. */
        RUNTIME
    }

    /** The number of rules the chapter holds. */
    public int ruleCount() {
        if (packages != null) {
            return packages.stream().mapToInt(p -> p.getRules().size()).sum();
        }
        return models.stream().mapToInt(m -> m.getRules().size()).sum();
    }
}
