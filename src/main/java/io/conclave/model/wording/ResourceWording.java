package io.conclave.model.wording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.resource.ResourceRequest;

/**
 * The words of the decisions about shared resources agents ask for (rules/coordination/resources.drl and
 * resource_windows.drl): who got a resource, who was denied and why, which windows a round gave. The ranking and
 * the windows are the rules'; this only writes them down.
 */
public final class ResourceWording {
    private ResourceWording() {
    }

    /** The conflict id of the contention a resource's {@code grant}-th grant settles: resource.gpu.2. */
    public static String resourceConflictId(String resource, int grant) {
        return "resource." + resource + "." + grant;
    }

    /** The conflict id of the competition a round of windows settles: windows.gpu.1. */
    public static String windowsConflictId(String resource, int round) {
        return "windows." + resource + "." + round;
    }

    /** RESOURCE_GRANTED: {@code w} holds the resource alone now, first of {@code ranking} (ids in ranked order). */
    public static Decision granted(ResourceRequest w, int grant, List<String> ranking, String why) {
        Map<String, Object> d = new TreeMap<>();
        d.put("resource", w.getResource());
        d.put("request", w.getOrder());
        d.put("grant", grant);
        d.put("ranking", ranking);
        d.put("why", why);
        return Decision.note(DecisionKind.RESOURCE_GRANTED, w.getTaskId(), List.of(w.getAgentId()), w.getAgentId()
                + " holds " + w.getResource() + " alone" + (w.getTaskId() == null ? "" : " for " + w.getTaskId()) + ": "
                + why).withDetails(d);
    }

    /** RESOURCE_DENIED: the agents of {@code denied} (ranked order) wait behind {@code winner}, each with why. */
    public static Decision denied(String resource, String winner, List<String> denied, List<String> whys, int grant) {
        Map<String, Object> d = new TreeMap<>();
        d.put("resource", resource);
        d.put("winner", winner);
        d.put("conflict_id", resourceConflictId(resource, grant));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < denied.size(); i++) {
            Map<String, Object> line = new TreeMap<>();
            line.put("agent_id", denied.get(i));
            line.put("position", i + 1);
            line.put("why", whys.get(i));
            lines.add(line);
        }
        d.put("denied", lines);
        return Decision.note(DecisionKind.RESOURCE_DENIED, null, denied, resource + " went to " + winner + "; "
                + String.join(", ", denied) + " keep waiting, in this order").withDetails(d);
    }

    /** A time as the ledger writes it (UTC, ISO-8601). */
    public static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** WINDOW_GRANTED: one window of round {@code round}, {@code position} of {@code of}. */
    public static Decision window(ResourceRequest q, int round, int position, int of, long start, long end, double hours,
                                  List<String> order) {
        Map<String, Object> d = new TreeMap<>();
        d.put("resource", q.getResource());
        d.put("round", round);
        d.put("position", position);
        d.put("windows_in_round", of);
        d.put("window_start", at(start));
        d.put("window_end", at(end));
        d.put("window_hours", hours);
        d.put("hours_left", q.getHoursLeft());
        d.put("round_order", order);
        d.put("conflict_id", windowsConflictId(q.getResource(), round));
        return Decision.note(DecisionKind.WINDOW_GRANTED, q.getTaskId(), List.of(q.getAgentId()), "window " + position
                + " of " + of + " in round " + round + " on " + q.getResource() + " for " + q.getAgentId() + ": " + hours
                + " h from " + at(start) + " to " + at(end) + ", " + q.getHoursLeft() + " h left to give").withDetails(d);
    }
}
