package io.conclave.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a flight recording's Java samples went, by thread group and by area: each sample of a group's threads goes to
 * the first of the group's areas whose frames its stack holds (anywhere in it, the whole stack read), else to
 * "other". The stacks are read through the JDK's {@code jdk.jfr.consumer} API, never through {@code jfr print}, whose
 * JSON keeps five frames of each stack unless told otherwise: shares read from those leaf frames say nothing of the
 * caller. Samples are of Java code only: a thread's time in the kernel (a fifth of a REST decision's CPU) is not in
 * them.
 */
final class FlightProfile {
    /**
     * An area: a name and the frames that place a sample in it, each either {@code SimpleClass.method} (a method,
     * whatever its package) or a prefix ending in a dot ({@code io.netty.}, {@code RestInitialHandler.}: a package's
     * or a class's every method).
     */
    record Area(String name, List<String> frames) {
        boolean holds(List<String> stack) {
            for (String s : stack) {
                for (String f : frames) {
                    if (f.endsWith(".") ? s.startsWith(f) || s.contains("." + f) : s.endsWith("." + f)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Threads whose name starts with {@code threadPrefix}, and the areas their samples are told apart by, in order. */
    record Group(String name, String threadPrefix, List<Area> areas) {
    }

    /** A REST turn decision's groups: the command lane that decides it and the event loops that take and answer it. */
    static final List<Group> DECISIONS = List.of(
            new Group("command lane", "conclave-command", List.of(
                    new Area("the tick before the command", List.of("CommandPath.tick")),
                    new Area("the rules' firing", List.of("ClockedSession.fire")),
                    new Area("the events and the agents' inbox", List.of("EventHub.publish")),
                    new Area("the journal's line and its force", List.of("FileJournal.append")),
                    new Area("the history's lines", List.of("ConversationHistory.append")),
                    new Area("the body's binding and checks", List.of("Checks.bind")),
                    new Area("the rest of the command", List.of("CommandPath.execute")))),
            new Group("event loops", "vert.x-eventloop", List.of(
                    new Area("security: the token, the identity, the owner's scope",
                            List.of("EagerSecurityHandler.handle",
                                    "HttpSecurityRecorder$AuthenticationHandler.handle")),
                    new Area("writing the answer (its JSON, the socket)", List.of("ResponseWriterHandler.handle")),
                    new Area("reading the body", List.of("RequestDeserializeHandler.handle")),
                    new Area("the request filters", List.of("ResourceRequestFilterHandler.handle")),
                    new Area("the REST layer and routing", List.of("io.vertx.ext.web.", "RestInitialHandler.")),
                    new Area("HTTP decoding and the sockets", List.of("io.netty.")))));

    /** The samples of one group: how many, and how many in each area ("other" last). */
    record Shares(Group group, int samples, Map<String, Integer> byArea) {
        String describe() {
            StringBuilder out = new StringBuilder(group.name()).append(' ').append(samples).append(" samples");
            if (samples == 0) {
                return out.toString();
            }
            String sep = ": ";
            for (Map.Entry<String, Integer> e : byArea.entrySet()) {
                out.append(sep).append(e.getKey()).append(' ')
                        .append(Math.round(1000.0 * e.getValue() / samples) / 10.0).append('%');
                sep = ", ";
            }
            return out.toString();
        }
    }

    private FlightProfile() {
    }

    /** Reads {@code recording}'s execution samples and tells them apart by {@code groups}. */
    static List<Shares> read(Path recording, List<Group> groups) throws IOException {
        return read(recording, groups, Instant.MIN, Instant.MAX);
    }

    /** The same, of the samples taken from {@code from} to {@code to} only (a benchmark's measured window). */
    static List<Shares> read(Path recording, List<Group> groups, Instant from, Instant to) throws IOException {
        List<List<List<String>>> stacks = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            stacks.add(new ArrayList<>());
        }
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStartTime().isBefore(from)
                        || e.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedThread t = e.getThread("sampledThread");
                RecordedStackTrace st = e.getStackTrace();
                String name = t == null ? null : t.getJavaName();
                if (name == null || st == null) {
                    continue;
                }
                for (int g = 0; g < groups.size(); g++) {
                    if (name.startsWith(groups.get(g).threadPrefix())) {
                        stacks.get(g).add(frames(st));
                        break;
                    }
                }
            }
        }
        List<Shares> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            out.add(shares(groups.get(g), stacks.get(g)));
        }
        return out;
    }

    /** The samples' stacks ({@code qualified.Class.method}, leaf first) told apart by {@code group}'s areas. */
    static Shares shares(Group group, List<List<String>> stacks) {
        // the areas in the group's order, "other" last
        Map<String, Integer> byArea = new LinkedHashMap<>();
        group.areas().forEach(a -> byArea.put(a.name(), 0));
        byArea.put("other", 0);
        for (List<String> stack : stacks) {
            String hit = "other";
            for (Area a : group.areas()) {
                if (a.holds(stack)) {
                    hit = a.name();
                    break;
                }
            }
            byArea.merge(hit, 1, Integer::sum);
        }
        return new Shares(group, stacks.size(), byArea);
    }

    private static List<String> frames(RecordedStackTrace st) {
        List<String> out = new ArrayList<>(st.getFrames().size());
        for (RecordedFrame f : st.getFrames()) {
            out.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
        }
        return out;
    }
}
