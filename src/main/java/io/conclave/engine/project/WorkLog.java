package io.conclave.engine.project;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What real agents reported on a project's tasks, on the service's clock (the journal times of their
 * reports): when each task started and ended, by whom, in order. Rebuilt by replay like everything else of a
 * project; the reports of a run of real agents ({@link LiveRun}) and of a project worked without a run are
 * built from it. Simulated runs keep their own log.
 */
public final class WorkLog {
    /** One moment: a task started, completed or failed, by whom. */
    record Moment(Instant at, String taskId, String event, List<String> agents) {
    }

    private final List<Moment> moments = new ArrayList<>();
    private final Map<String, Instant> started = new HashMap<>();
    private final Map<String, Instant> ended = new HashMap<>();

    void started(String taskId, Instant at, List<String> agents) {
        started.put(taskId, at);
        ended.remove(taskId); // a retry starts it again
        moments.add(new Moment(at, taskId, "started", List.copyOf(agents)));
    }

    void ended(String taskId, Instant at, String how, List<String> agents) {
        started.putIfAbsent(taskId, at); // completed without a start report: it took no time we saw
        ended.put(taskId, at);
        moments.add(new Moment(at, taskId, how, List.copyOf(agents)));
    }

    List<Moment> moments(Instant from) {
        return moments.stream().filter(m -> !m.at().isBefore(from)).toList();
    }

    Instant started(String taskId) {
        return started.get(taskId);
    }

    Instant ended(String taskId) {
        return ended.get(taskId);
    }

    /** Reports so far at or after {@code from}. */
    int reports(Instant from) {
        return moments(from).size();
    }

    /** Hours each agent held a started task within [from, to]: from its start (or {@code from}) to its end (or {@code to}). */
    Map<String, Double> busyHours(Instant from, Instant to) {
        Map<String, Instant> since = new HashMap<>();
        Map<String, Double> hours = new HashMap<>();
        for (Moment m : moments) {
            for (String a : m.agents()) {
                String key = a + "|" + m.taskId();
                if (m.event().equals("started")) {
                    since.put(key, m.at());
                } else {
                    Instant s = since.remove(key);
                    add(hours, a, s == null ? m.at() : s, m.at(), from, to);
                }
            }
        }
        since.forEach((key, s) -> add(hours, key.substring(0, key.indexOf('|')), s, to, from, to));
        return hours;
    }

    private static void add(Map<String, Double> hours, String agent, Instant s, Instant e, Instant from, Instant to) {
        Instant a = s.isBefore(from) ? from : s;
        Instant b = e.isAfter(to) ? to : e;
        if (b.isAfter(a)) {
            hours.merge(agent, (b.toEpochMilli() - a.toEpochMilli()) / 3_600_000.0, Double::sum);
        }
    }

    void clear() {
        moments.clear();
        started.clear();
        ended.clear();
    }
}
