package io.conclave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latency samples in nanoseconds and the figures the conversation benchmarks report of them
 * (percentiles by the nearest-rank method), plus the machine's load average. Not thread-safe: one
 * per thread, merged with {@link #addAll}.
 */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;
    private boolean sorted = true;

    void add(long n) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = n;
        sorted = false;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return size;
    }

    /** The {@code p}-th percentile (0-100) in microseconds; 0 without samples. */
    double micros(double p) {
        if (size == 0) {
            return 0;
        }
        if (!sorted) {
            Arrays.sort(nanos, 0, size);
            sorted = true;
        }
        int at = (int) Math.ceil(p / 100.0 * size) - 1;
        return nanos[Math.max(0, Math.min(size - 1, at))] / 1e3;
    }

    double min() {
        return micros(0);
    }

    double median() {
        return micros(50);
    }

    double p99() {
        return micros(99);
    }

    /** How many samples took longer than {@code micros}. */
    int over(double micros) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += nanos[i] > micros * 1e3 ? 1 : 0;
        }
        return n;
    }

    /** The mean in microseconds; 0 without samples. */
    double mean() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += nanos[i];
        }
        return size == 0 ? 0 : sum / 1e3 / size;
    }

    double max() {
        return micros(100);
    }

    /** Samples per second of their summed time: the throughput of one thread doing only this. */
    double perSecond() {
        double mean = mean();
        return mean == 0 ? 0 : 1e6 / mean;
    }

    /** The load average over 1, 5 and 15 minutes as {@code /proc/loadavg} gives it, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
