package io.conclave.app.evidence;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** How the evidence check names a decision of a ledger (as JSON) and says where two versions of it differ. */
final class DecisionText {
    private DecisionText() {
    }

    /** "decision 16 (ASSIGNED of task architecture_design, by entry 2)"; {@code index}: its place, from 0. */
    static String name(JsonNode d, int index) {
        long seq = d.path("seq").asLong(index + 1);
        StringBuilder b = new StringBuilder("decision ").append(seq).append(" (").append(d.path("kind").asText("?"));
        if (d.hasNonNull("task_id")) {
            b.append(" of task ").append(d.get("task_id").asText());
        }
        if (d.has("command_seq")) {
            b.append(", by entry ").append(d.get("command_seq").asLong());
        }
        return b.append(')').toString();
    }

    /** Where {@code recorded} and {@code replayed} first differ: "agent_ids is ["pm"] in the export, ["cto"] on replay". */
    static String diff(JsonNode recorded, JsonNode replayed) {
        String at = firstDifference("", recorded, replayed);
        JsonNode r = at.isEmpty() ? recorded : recorded.at(pointer(at));
        JsonNode m = at.isEmpty() ? replayed : replayed.at(pointer(at));
        return (at.isEmpty() ? "it" : at) + " is " + text(r) + " in the export, " + text(m) + " on replay";
    }

    /** The path (dots and [i]) of the first place where the two differ; "" when they differ as a whole. */
    private static String firstDifference(String path, JsonNode a, JsonNode b) {
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                JsonNode x = a.path(n);
                JsonNode y = b.path(n);
                if (!x.equals(y)) {
                    String at = path.isEmpty() ? n : path + "." + n;
                    return x.isMissingNode() || y.isMissingNode() ? at : firstDifference(at, x, y);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> x = a.elements();
            Iterator<JsonNode> y = b.elements();
            for (int i = 0; x.hasNext(); i++) {
                JsonNode xi = x.next();
                JsonNode yi = y.next();
                if (!xi.equals(yi)) {
                    return firstDifference(path + "[" + i + "]", xi, yi);
                }
            }
        }
        return path;
    }

    private static String pointer(String path) {
        return "/" + path.replace(".", "/").replaceAll("\\[(\\d+)]", "/$1");
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "absent";
        }
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
