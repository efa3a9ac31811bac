package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.util.List;
import java.util.function.Supplier;

import org.drools.model.Model;
import io.conclave.model.policy.PolicyMessage;

/**
 * One chapter of a policy, ready to be assembled into KieBases: its executable model, either compiled
 * when the application was built ({@link Origin#BUILD}) or compiled at run time because the chapter's
 * files changed since the build ({@link Origin#RUNTIME}).
 *
 * @param name          the chapter (folder) name
 * @param version       a hash of the chapter's own files, shown per chapter
 * @param unitHash      a hash of everything the chapter was compiled from (its files and common/): the cache key
 * @param files         the chapter's own files
 * @param common        the files of {@code common/} as the chapter was compiled with them (whole when it calls their
 *                      functions, else their package lines only): what an edit's {@link FileUnits} compare against
 * @param compileMillis how long the compile took (at build time for a built chapter)
 * @param compiledFiles the files this process compiled for it: every file of the chapter when compiled whole, the
 *                      files an edit touched when only those were ({@link FileUnits}), none for a built chapter
 * @param models        the chapter's executable models; a built chapter's are loaded when a KieBase
 *                      first needs them (a service that never opens a meeting never loads the meeting
 *                      rules' classes)
 * @param rules         how many rules the chapter holds
 */
public record CompiledChapter(String name, String version, String unitHash, List<RuleFile> files, List<RuleFile> common,
                              Origin origin,
                              long compileMillis, List<String> compiledFiles, List<PolicyMessage> warnings, Supplier<List<Model>> models,
                              int rules) {

    /** Where a chapter's compiled form comes from. */
    public enum Origin {
        /** The executable model compiled into the application at build time. */
        BUILD,
        /** Compiled by this process into the executable model, because the files differ from the built ones. */
        RUNTIME
    }

    /** The same as {@link #rules()}. */
    public int ruleCount() {
        return rules;
    }
}
