package io.conclave.engine;

import java.time.Instant;
import java.util.List;

import org.kie.api.KieBase;

/**
 * A compiled, immutable policy: every rule file of the rules folder at one moment. Its version is a
 * hash of the files' names and contents, so the same files always give the same version.
 */
public record Policy(String version, Instant activatedAt, List<RuleFile> files, List<PolicyMessage> warnings,
                     KieBase kieBase) {
}
