package io.conclave.engine.policy;

import java.util.Map;
import java.util.stream.Collectors;

/** What a session's listener knows about firing: the rule to blame for a failure, and the busiest rules for a loop. */
public interface RuleWatch {
    /** The rule whose consequence is running (or ran last), if any. */
    String firingRule();

    /** The rules that fired most, worded for a runaway report. */
    String busiestRules(int top);

    /** What a rule deleted that a command had put in (a task, an agent...), worded; null when nothing. */
    default String inputDeleted() {
        return null;
    }

    /** True when the command ran past its wall-time bound and was halted. */
    default boolean timedOut() {
        return false;
    }

    /** "'rule' fired n times, ..." for the {@code top} rules of {@code firings}, most first, then by name. */
    static String busiest(Map<String, Integer> firings, int top) {
        return firings.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(e -> "'" + e.getKey() + "' fired " + e.getValue() + " times")
                .collect(Collectors.joining(", "));
    }
}
