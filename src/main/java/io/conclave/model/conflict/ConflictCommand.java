package io.conclave.model.conflict;

import java.util.List;

/**
 * What an agent asks of a goal conflict: a proposal (an option, with a rationale; the first one may
 * name the parties and the topic) or a request to resolve it. Inserted for rules/coordination/goal_conflicts.drl,
 * which accepts it (deletes it and acts) or refuses it with a {@link io.conclave.model.Refusal}.
 */
public final class ConflictCommand {
    /** The kinds of request. */
    public enum Kind { PROPOSE, RESOLVE }

    private final Kind kind;
    private final String conflictId;
    private final String agentId;
    private final String option;
    private final String rationale;
    private final String topic;
    private final List<String> parties;

    private ConflictCommand(Kind kind, String conflictId, String agentId, String option, String rationale, String topic,
                            List<String> parties) {
        this.kind = kind;
        this.conflictId = conflictId;
        this.agentId = agentId;
        this.option = option;
        this.rationale = rationale;
        this.topic = topic;
        this.parties = parties == null ? List.of() : List.copyOf(parties);
    }

    /** A proposal; {@code parties} empty when the proposal names none. */
    public static ConflictCommand propose(String conflictId, String agentId, String option, String rationale,
                                          String topic, List<String> parties) {
        return new ConflictCommand(Kind.PROPOSE, conflictId, agentId, option, rationale, topic, parties);
    }

    public static ConflictCommand resolve(String conflictId, String agentId) {
        return new ConflictCommand(Kind.RESOLVE, conflictId, agentId, null, null, null, null);
    }

    public Kind getKind() { return kind; }
    public String getConflictId() { return conflictId; }
    public String getAgentId() { return agentId; }
    public String getOption() { return option; }
    public String getRationale() { return rationale; }
    public String getTopic() { return topic; }
    /** The parties the proposal names; empty when it names none. */
    public List<String> getParties() { return parties; }
    public boolean isNamingParties() { return !parties.isEmpty(); }

    @Override
    public String toString() {
        return kind == Kind.PROPOSE ? "proposal of '" + option + "' by " + agentId + " in goal conflict " + conflictId
                : "request of " + agentId + " to resolve goal conflict " + conflictId;
    }
}
