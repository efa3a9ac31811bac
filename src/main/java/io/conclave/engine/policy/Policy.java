package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import io.conclave.model.policy.PolicyMessage;

/**
 * A compiled, immutable policy: every rule file of the rules folder at one moment. Its version is a
 * hash of the files' names and contents, so the same files always give the same version. It records
 * when it went live and on whose behalf, which every project's switch to it records in turn.
 * <p>
 * A policy is made of chapters; each kind of session gets a KieBase of only the chapters it loads,
 * assembled on first use. A policy archived before chapters has one KieBase for every kind.
 */
public final class Policy {
    private final String version;
    private final Instant activatedAt;
    private final String activatedBy;
    private final List<RuleFile> files;
    private final List<PolicyMessage> warnings;
    private final List<CompiledChapter> chapters;
    private final Bases bases;

    Policy(String version, Instant activatedAt, String activatedBy, List<RuleFile> files, List<PolicyMessage> warnings,
           List<CompiledChapter> chapters, Bases bases) {
        this.version = version;
        this.activatedAt = activatedAt;
        this.activatedBy = activatedBy;
        this.files = List.copyOf(files);
        this.warnings = List.copyOf(warnings);
        this.chapters = List.copyOf(chapters);
        this.bases = bases;
    }

    public String version() {
        return version;
    }

    public Instant activatedAt() {
        return activatedAt;
    }

    /** Who made it go live ("rules-watcher" for a change on disk), or null before it did. */
    public String activatedBy() {
        return activatedBy;
    }

    public List<RuleFile> files() {
        return files;
    }

    public List<PolicyMessage> warnings() {
        return warnings;
    }

    /** The compiled chapters, by name (empty for a policy archived before chapters). */
    public List<CompiledChapter> chapters() {
        return chapters;
    }

    /** The KieBase for sessions of this kind (assembled on first use, then shared). */
    public KieBase kieBase(SessionKind kind) {
        return bases.get(kind);
    }

    /** The same policy, going live now on behalf of {@code actor} (who edited, or "rules-watcher"). */
    public Policy activated(String actor) {
        return new Policy(version, Instant.now(), actor, files, warnings, chapters, bases);
    }

    /** The KieBases of one policy by session kind, built at most once each. */
    interface Bases {
        KieBase get(SessionKind kind);
    }

    /** Bases assembled lazily by {@code assembler}, one per kind. */
    static Bases lazy(java.util.function.Function<SessionKind, KieBase> assembler) {
        Map<SessionKind, KieBase> built = new EnumMap<>(SessionKind.class);
        return kind -> {
            synchronized (built) {
                return built.computeIfAbsent(kind, assembler);
            }
        };
    }
}
