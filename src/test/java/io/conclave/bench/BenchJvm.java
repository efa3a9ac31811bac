package io.conclave.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryManagerMXBean;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a benchmark's header says of its own JVM's memory: how the heap was given and which collector runs. A heap
 * that grows from the JVM's initial size is given back after the collection a benchmark makes between rounds and
 * taken again, page by page, by the next round: each fault is counted in the measured thread's CPU, and a side that
 * allocates more pays more (docs/benchmarks.md, "the benchmark's own heap, again"). The pom's {@code bench.vm}
 * touches the whole heap at start; the header says whether this run had it.
 */
final class BenchJvm {

    private BenchJvm() {
    }

    /** "all 2g at start, touched", or how else the heap was given. */
    static String heapAtStart() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String min = last(args, "-Xms");
        String max = last(args, "-Xmx");
        if (min == null || !min.equalsIgnoreCase(max)) {
            return "growing from " + (min == null ? "the JVM's initial heap" : min);
        }
        return "all " + min + " at start" + (args.contains("-XX:+AlwaysPreTouch") ? ", touched" : ", not touched");
    }

    private static String last(List<String> args, String option) {
        return args.stream().filter(a -> a.startsWith(option)).map(a -> a.substring(option.length()))
                .reduce((a, b) -> b).orElse(null);
    }

    /** The collector, by its collectors' names (G1, the parallel one, the serial one, ZGC). */
    static String collector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(MemoryManagerMXBean::getName)
                .collect(Collectors.joining(" + "));
    }

    /** The heap's maximum, how it was given and the collector, for a header line. */
    static String heap() {
        return "heap max " + (Runtime.getRuntime().maxMemory() >> 20) + " MB (" + heapAtStart() + "; " + collector()
                + ")";
    }
}
