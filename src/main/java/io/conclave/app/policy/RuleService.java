package io.conclave.app.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.Engine;
import io.conclave.engine.policy.CompileResult;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.policy.RuleFile;

/**
 * The rules folder and the active policy, for the doors: what is active and what was last tried
 * ({@link RuleViews}), a rule file's text, a candidate checked without going live, and the edits that try a new
 * version (a file written or removed, the folder read again), each answered with the attempt the policy host made.
 * The host decides; this says what it decided.
 */
@ApplicationScoped
public class RuleService {
    private final PolicyHost host;

    public RuleService(Engine engine) {
        this.host = engine.policies();
    }

    /** A candidate checked: whether it compiled, its version, its files and what the compiler said. */
    public record Validation(boolean ok, String version, List<String> files, List<PolicyMessage> messages) {
        public List<PolicyMessage> warnings() {
            return messages.stream().filter(m -> !m.isError()).toList();
        }
    }

    /** The active policy, the last attempt, the last refusal and the folder's state. */
    public RuleViews.RulesView rules() {
        return RuleViews.of(host);
    }

    /** The text of rule file {@code name} ({@code chapter/file.drl}, checked by the caller), or null when there is none. */
    public String read(String name) throws IOException {
        Path path = host.rulesDir().resolve(name);
        return Files.isRegularFile(path) ? Files.readString(path) : null;
    }

    /**
     * The text of rule file {@code chapter/file}: 400 {@code invalid_rule_file_name} (at {@code path}) for a name that
     * is not one, 404 {@code rule_file_not_found} when the folder has no such file.
     */
    public String text(String name, String path) throws IOException {
        checkName(name, path);
        String text = read(name);
        if (text == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "rule_file_not_found",
                    "no rule file '" + name + "'");
        }
        return text;
    }

    /** {@code name} when it names a rule file ({@code chapter/file.drl}); 400 at {@code path} otherwise. */
    public static String checkName(String name, String path) {
        if (!RuleFile.isValidName(name)) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_rule_file_name", "'" + name
                    + "' is not a valid rule file name", List.of(new Problem(path, "name a file as chapter/file.drl: "
                    + "the chapter in lower case letters, digits and '_', the file in letters, digits, '_', '-' or "
                    + "'.', ending in .drl")));
        }
        return name;
    }

    /** Whether the rules folder has file {@code name}. */
    public boolean exists(String name) {
        return Files.isRegularFile(host.rulesDir().resolve(name));
    }

    /** Compiles {@code files} laid over the folder (or on their own, {@code standalone}) without activating anything. */
    public Validation validate(List<RuleFile> files, boolean standalone) throws IOException {
        CompileResult r = host.validate(files, standalone);
        return new Validation(r.ok(), r.version(), r.files().stream().map(RuleFile::name).toList(), r.messages());
    }

    /** Writes rule file {@code name} and tries the folder as the next version, on behalf of {@code actor}. */
    public PolicyAttempt put(String name, String drl, String actor) throws IOException {
        return host.put(name, drl, actor);
    }

    /** Removes rule file {@code name} and tries the folder as the next version. */
    public PolicyAttempt delete(String name, String actor) throws IOException {
        return host.delete(name, actor);
    }

    /** Reads the folder again and tries it. */
    public PolicyAttempt reload(String actor) throws IOException {
        return host.requestReload(actor);
    }

    /** The version now active, or null when none is. */
    public String activeVersion() {
        return host.active() == null ? null : host.active().version();
    }
}
