package io.conclave.model.whynot;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.conclave.model.wording.WhyNotWording;

/**
 * The answer to "why did this decision not go that way?" for a task (why not this agent), a conversation turn (why
 * did this agent not answer) or a meeting's proposal (what votes would have changed its outcome).
 *
 * @param about     what the question is about: {@code task}, {@code turn} or {@code outcome}
 * @param ownerId   the project, conversation or meeting
 * @param subject   the task id, the message's number, the proposal id
 * @param wanted    the agent (task, turn) or the outcome (accepted, rejected) asked about
 * @param question  the question in words
 * @param decided   the decision as it was made
 * @param answer    {@code change} (the smallest change found, checked by a replay), {@code excluded} (even the most
 *                  every lever can do leaves the decision as it was: its rule excludes it whatever these facts), or
 *                  {@code unknown} (a bound stopped the search before either was established)
 * @param words     the answer in a sentence
 * @param change    the change's edits (empty unless {@code answer} is change)
 * @param smallest  true when every smaller candidate was tried and failed; false when a bound stopped the search first
 * @param then      the decision the replay with the change made: the rule that would then decide
 * @param excludedBy for {@code excluded}: the decision the replay with every lever at its most made
 * @param apply     how to make the change for real (the call, and before which command)
 * @param search    how the search went: its order, its bounds, what it tried
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WhyNot(String about, String ownerId, String subject, String wanted, String question, Decided decided,
                     String answer, String words, List<Edit> change, Boolean smallest, Trial then, Trial excludedBy,
                     Apply apply, Search search) {
    public static final String CHANGE = "change";
    public static final String EXCLUDED = "excluded";
    public static final String UNKNOWN = "unknown";

    /**
     * The decision asked about: its place in the ledger ({@code decisionSeq}), the journal entry that made it
     * (number, type, actor), its rule and policy version, its outcome (a decision kind, a proposal's status), the
     * agents it names and its reason.
     */
    public record Decided(long decisionSeq, long entrySeq, String entryType, String actor, String rule,
                          String policyVersion, String outcome, List<String> agents, String reason) {
        public Decided {
            agents = agents == null ? List.of() : List.copyOf(agents);
        }
    }

    /**
     * Doing the change for real: when and how, in words, and the calls that make it (none when it is a change of a
     * definition no call makes, such as a task's dependencies).
     */
    public record Apply(String words, List<Call> calls) {
        public Apply {
            calls = List.copyOf(calls);
        }
    }

    /** One call of the API: its method, path and JSON body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Call(String method, String path, Object body) {
    }

    /**
     * The search: the order it ranks changes by ({@code order}, in words), the levers it could move, the replays it
     * made (each with its change and what the replay decided), its bounds, and why it stopped early (null if it did not).
     */
    public record Search(String order, List<Lever> levers, int replays, int maxReplays, long elapsedMillis,
                         String stopped, List<Tried> tried) {
    }

    /** One replay: the change tried and what became of the decision. */
    public record Tried(List<Edit> change, Trial trial) {
    }

    /** Builds the answer from what the search found. */
    public static WhyNot of(String about, String ownerId, String subject, String wanted, String question,
                            Decided decided, List<Lever> levers, List<Edit> change, Trial then, boolean smallest,
                            Trial excludedBy, Apply apply, List<Tried> tried, int maxReplays, long elapsedNanos,
                            String stopped) {
        String answer = change != null ? CHANGE : excludedBy != null ? EXCLUDED : UNKNOWN;
        Search search = new Search(WhyNotWording.ORDER, levers, tried.size(), maxReplays, elapsedNanos / 1_000_000,
                stopped, tried);
        WhyNot w = new WhyNot(about, ownerId, subject, wanted, question, decided, answer, null,
                change == null ? List.of() : change, change == null ? null : smallest, then, excludedBy, apply, search);
        return w.withWords(WhyNotWording.answer(w));
    }

    private WhyNot withWords(String text) {
        return new WhyNot(about, ownerId, subject, wanted, question, decided, answer, text, change, smallest, then,
                excludedBy, apply, search);
    }
}
