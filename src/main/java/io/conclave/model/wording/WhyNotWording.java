package io.conclave.model.wording;

import java.util.stream.Collectors;

import io.conclave.model.whynot.Edit;
import io.conclave.model.whynot.WhyNot;

/** The words of why-not answers: each edit of a change, and the answer in a sentence. */
public final class WhyNotWording {
    /** The order changes are ranked by, as the answers state it. */
    public static final String ORDER = "fewer edits first; then the kinds of the edits (preference < capacity"
            + " < capability < skill < dependency for a task; suggestion < handoff < topic < role capability < priority"
            + " < role for a turn; votes for an outcome), compared as the sorted list of their ranks; then the total"
            + " magnitude (levels, places, votes moved); then the words";

    private WhyNotWording() {
    }

    /** One edit in words. */
    public static String edit(Edit e) {
        String t = e.target();
        return switch (e.kind()) {
            case "skill" -> e.from() == null ? t + " gets skill " + e.fact() + " at level " + number(e.to())
                    : t + "'s skill " + e.fact() + " from " + number(e.from()) + " to " + number(e.to());
            case "preference" -> t + "'s preference for " + e.fact() + " tasks from " + number(e.from()) + " to "
                    + number(e.to());
            case "capacity" -> t + "'s max_open_tasks from " + number(e.from()) + " to " + number(e.to());
            case "capability" -> t + " gains capability " + e.fact();
            case "dependency" -> "task " + t + " does not depend on " + e.fact();
            case "suggestion" -> "message " + t + " names " + e.to() + " as suggested_next";
            case "handoff" -> "message " + t + " hands the turn to " + e.to() + " (handoff_to)";
            case "topic" -> "message " + t + " has topic " + e.fact() + " too";
            case "role_capability" -> t + " joins with capability " + e.fact() + " in its role";
            case "priority" -> t + " joins with role priority " + number(e.to()) + " instead of " + number(e.from());
            case "role" -> t + " joins as " + e.to() + " instead of " + e.from() + " (a role granted turns)";
            case "vote" -> e.from() == null ? t + " votes " + e.to() + " (it did not vote)"
                    : t + " votes " + e.to() + " instead of " + e.from();
            default -> e.kind() + " " + e.fact() + " of " + t + ": " + e.from() + " -> " + e.to();
        };
    }

    /** The answer in a sentence. */
    public static String answer(WhyNot w) {
        String change = w.change().stream().map(Edit::words).collect(Collectors.joining("; "));
        return switch (w.answer()) {
            case WhyNot.CHANGE -> (Boolean.TRUE.equals(w.smallest()) ? "The smallest change: " : "A change (not proven"
                    + " the smallest: " + w.search().stopped() + "): ") + change + ". Replayed with it, rule '"
                    + w.then().rule() + "' decides: " + w.then().reason();
            case WhyNot.EXCLUDED -> "Rule '" + w.excludedBy().rule() + "' excludes it whatever the facts the search"
                    + " may change: with every one of them at its most, it decides: " + w.excludedBy().reason()
                    + (w.excludedBy().note() == null ? "" : " (" + w.excludedBy().note() + ")");
            default -> "No answer within the search's bounds: " + w.search().stopped();
        };
    }

    private static String number(Object o) {
        if (o instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(o);
    }
}
