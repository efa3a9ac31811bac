package io.conclave.engine;

import java.time.Instant;
import java.util.List;

import org.kie.api.KieBase;

/**
 * A compiled, immutable policy: every rule file of the rules folder at one moment. Its version is a
 * hash of the files' names and contents, so the same files always give the same version. It records
 * when it went live and on whose behalf, which every project's switch to it records in turn.
 */
public record Policy(String version, Instant activatedAt, String activatedBy, List<RuleFile> files,
                     List<PolicyMessage> warnings, KieBase kieBase) {

    /** The same policy, going live now on behalf of {@code actor} (who edited, or "rules-watcher"). */
    public Policy activated(String actor) {
        return new Policy(version, Instant.now(), actor, files, warnings, kieBase);
    }
}
