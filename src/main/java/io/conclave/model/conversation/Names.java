package io.conclave.model.conversation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.conclave.model.Problem;

/**
 * The lists of names in conversation requests (allowed roles, capabilities, topics): each a non-blank string of at
 * most so many characters, listed once. Judged in one pass with each element's JSON path, beside the records'
 * constraints (a value of the wrong JSON type is the binder's to report).
 */
final class Names {
    private Names() {
    }

    /** Adds to {@code problems} those of {@code names} (null: none), each at {@code path[i]}. */
    static void check(List<String> names, String path, int max, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; names != null && i < names.size(); i++) {
            String name = names.get(i);
            String at = path + "[" + i + "]";
            if (name == null || name.isBlank()) {
                problems.add(new Problem(at, "must be a non-blank string"));
            } else if (name.length() > max) {
                problems.add(new Problem(at, "is " + name.length() + " characters long; at most " + max));
            } else if (!seen.add(name)) {
                problems.add(new Problem(at, "'" + name + "' is listed twice"));
            }
        }
    }
}
