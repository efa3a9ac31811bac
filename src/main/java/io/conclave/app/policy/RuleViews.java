package io.conclave.app.policy;

import java.time.Instant;
import java.util.List;

import io.conclave.engine.policy.CompiledChapter;
import io.conclave.engine.policy.Policy;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.policy.RuleFile;
import io.conclave.engine.policy.SessionKind;

/** JSON views of policies and compile attempts. */
public final class RuleViews {
    private RuleViews() {
    }

    /**
     * The state of the rules: the active version, the last attempt to build one, and the last attempt that was
     * refused (null if none was since the service started; kept after later attempts, so a refused edit's errors
     * stay readable).
     */
    public record RulesView(String activeVersion, Instant activatedAt, String activatedBy, String rulesDir,
                            List<ChapterView> chapters, List<FileView> files, AttemptView lastAttempt,
                            AttemptView lastRefused, FolderView folder) {
    }

    /**
     * The rules folder against the active policy: its version and {@code status} ({@code active}: it holds the active
     * version; {@code refused}: its version was refused, see {@code refusal}, and never goes live, not even at a
     * restart, until the files change; {@code pending}: not tried yet, or refused because the machine was busy and
     * tried again at {@code retry_at}).
     */
    public record FolderView(String version, String status, AttemptView refusal, Instant retryAt) {
        static FolderView of(io.conclave.engine.policy.PolicyHost.FolderState f) {
            return f == null ? null : new FolderView(f.version(), f.status(), AttemptView.of(f.refusal()), f.retryAt());
        }
    }

    /**
     * A chapter of the active policy: its own version (a hash of its files), where its compiled form came
     * from ("build": the executable model built into the application; "runtime": compiled by this process
     * because its files changed since the build), how long that compile took, the sessions that load it, and
     * {@code compiledFiles}: the files this process compiled for it (all of them when it compiled the chapter whole,
     * the files an edit touched when it compiled only those, none for a built chapter).
     */
    public record ChapterView(String name, String version, String origin, long compileMillis, int rules,
                              List<String> sessions, List<String> files, List<String> compiledFiles) {
        static ChapterView of(CompiledChapter c) {
            return new ChapterView(c.name(), c.version(), c.origin().name().toLowerCase(java.util.Locale.ROOT),
                    c.compileMillis(), c.ruleCount(), SessionKind.of(c.name()),
                    c.files().stream().map(RuleFile::name).toList(), c.compiledFiles());
        }
    }

    /** A rule file of the active policy. */
    public record FileView(String name, int lines, int bytes) {
        static FileView of(RuleFile f) {
            return new FileView(f.name(), (int) f.content().lines().count(), f.content().length());
        }
    }

    /** An attempt to build a policy: whether it went live and what the compiler said. */
    public record AttemptView(String trigger, String version, Instant at, boolean activated, List<PolicyMessage> errors,
                              List<PolicyMessage> warnings) {
        static AttemptView of(PolicyAttempt a) {
            return a == null ? null : new AttemptView(a.trigger(), a.version(), a.at(), a.activated(),
                    a.messages().stream().filter(PolicyMessage::isError).toList(),
                    a.messages().stream().filter(m -> !m.isError()).toList());
        }
    }

    /** The answer to a validation that passed: the version it would get and the warnings. */
    public record ValidationView(boolean valid, String version, List<String> files, List<PolicyMessage> warnings) {
    }

    /** What {@code host} has active, last tried and last refused, and its folder's state. */
    public static RulesView of(io.conclave.engine.policy.PolicyHost host) {
        return of(host.active(), host.lastAttempt(), host.lastRefused(), host.rulesDir().toString(), host.folder());
    }

    public static RulesView of(Policy active, PolicyAttempt last, PolicyAttempt refused, String rulesDir,
                        io.conclave.engine.policy.PolicyHost.FolderState folder) {
        return new RulesView(active == null ? null : active.version(), active == null ? null : active.activatedAt(),
                active == null ? null : active.activatedBy(), rulesDir,
                active == null ? List.of() : active.chapters().stream().map(ChapterView::of).toList(),
                active == null ? List.of() : active.files().stream().map(FileView::of).toList(),
                AttemptView.of(last), AttemptView.of(refused), FolderView.of(folder));
    }
}
