package io.conclave.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.conclave.engine.scheduling.Negotiator;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.RulesFixture;
import io.conclave.model.scheduling.DayTime;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.TimeRange;

/**
 * The negotiation benchmark: many participants with seeded random availability over several days;
 * the rule-based one-round negotiation ({@link Negotiator}, as the REST resource runs it, without
 * HTTP) against, on the same input, the original scheduler's coordinator walk: a broadcast of one slot per round,
 * starting at 08:00 and stepping one hour, each participant answering whether it is available for the
 * whole slot, stopping at the first slot that minimum participants accept, day after day. Both answers
 * are checked against each other and against a plain earliest-slot loop.
 *
 * <p>Not a unit test: a command. Run from the project folder (it reads {@code ./rules}):
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-negotiation
 *   ./mvnw -q test-compile exec:exec@benchmark-negotiation -Dbench.args="200 5 200 --warmup=50"
 * </pre>
 * Arguments: {@code [participants [days [rounds]]]} plus {@code --warmup=N}, {@code --seed=N},
 * {@code --grain=N} (minutes), {@code --minimum=N}, {@code --duration=N} (minutes), {@code --rules=DIR}.
 * Exits 1 when the answers disagree, 2 on bad arguments.
 */
public final class NegotiationBenchmark {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 7, 22);
    private static final int WINDOW_START = 8 * 60;
    private static final int WINDOW_END = 18 * 60;

    private NegotiationBenchmark() {
    }

    record Options(int participants, int days, int rounds, int warmup, long seed, int grain, int minimum, int duration,
                   Path rules) {
        static Options parse(String[] args) {
            List<Integer> sizes = new ArrayList<>();
            Map<String, String> opts = new HashMap<>();
            for (String a : args) {
                if (a.isBlank()) {
                    continue;
                }
                if (a.startsWith("--") && a.contains("=")) {
                    opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else if (a.matches("\\d+")) {
                    sizes.add(Integer.parseInt(a));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            int participants = sizes.size() > 0 ? sizes.get(0) : 200;
            Options o = new Options(participants, sizes.size() > 1 ? sizes.get(1) : 5, sizes.size() > 2 ? sizes.get(2) : 100,
                    Integer.parseInt(opts.getOrDefault("warmup", "30")), Long.parseLong(opts.getOrDefault("seed", "42")),
                    Integer.parseInt(opts.getOrDefault("grain", "15")),
                    Integer.parseInt(opts.getOrDefault("minimum", String.valueOf(participants * 3 / 10))),
                    Integer.parseInt(opts.getOrDefault("duration", "60")), Path.of(opts.getOrDefault("rules", "rules")));
            if (o.participants < 1 || o.days < 1 || o.rounds < 1 || o.minimum < 1 || o.duration % 60 != 0) {
                throw new IllegalArgumentException("need participants, days, rounds and minimum >= 1, and a duration in "
                        + "whole hours (the original scheduler steps by the hour)");
            }
            return o;
        }
    }

    public static void main(String[] args) {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("NegotiationBenchmark: " + e.getMessage());
            System.err.println("usage: [participants [days [rounds]]] [--warmup=N] [--seed=N] [--grain=N] [--minimum=N] "
                    + "[--duration=MIN] [--rules=DIR]");
            System.exit(2);
            return;
        }
        int status = run(opt);
        if (status != 0) {
            System.exit(status);
        }
    }

    private static int run(Options opt) {
        String loadAtStart = loadAverage();
        Policy policy = RulesFixture.compile(opt.rules);
        NegotiationRequest request = generate(opt);
        out("Conclave negotiation benchmark: %d participants, %d days from %s, window %s-%s, %s meeting, minimum %d, "
                        + "grain %d min, seed %d", opt.participants, opt.days, FIRST_DAY, DayTime.format(WINDOW_START),
                DayTime.format(WINDOW_END), DayTime.length(opt.duration), opt.minimum, opt.grain, opt.seed);
        out("policy %s from %s; %d availability ranges in all", policy.version(), opt.rules.toAbsolutePath().normalize(),
                request.participants().stream().mapToInt(p -> p.availableTimes().size()).sum());

        Negotiator negotiator = new Negotiator(5_000_000);
        NegotiationResult result = null;
        SeedWalk.Outcome walk = null;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] rules = new long[opt.rounds];
        long[] seed = new long[opt.rounds];
        long[] rulesCpu = new long[opt.rounds];
        long[] seedCpu = new long[opt.rounds];
        for (int i = 0; i < opt.warmup + opt.rounds; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            result = negotiator.negotiate(policy, request);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            walk = SeedWalk.run(request);
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            if (i >= opt.warmup) {
                rules[i - opt.warmup] = t1 - t0;
                seed[i - opt.warmup] = t2 - t1;
                rulesCpu[i - opt.warmup] = c1 - c0;
                seedCpu[i - opt.warmup] = c2 - c1;
            }
        }
        String loop = earliestByLoop(request);
        String chosen = result.slot() == null ? "none"
                : result.slot().date() + " " + result.slot().startTime() + "-" + result.slot().endTime();
        boolean agree = chosen.equals(loop) && java.util.Objects.equals(result.seedWalkRounds(), walk.rounds() < 0 ? null : walk.rounds());

        out("");
        out("one round (rules) : %s with %d attendee(s), %d round(s), %d candidate slots, %d feasible options",
                chosen, result.attendees().size(), result.rounds(), result.explanation().candidateSlots(),
                result.explanation().feasibleOptions());
        out("plain loop        : %s (earliest slot at the grain with enough participants)", loop);
        out("hourly walk       : %s after %s broadcast round(s); the rules counted %s", walk.slot(),
                walk.rounds() < 0 ? walk.asked() + " (no slot)" : walk.rounds(), result.seedWalkRounds());
        out("agree             : %s", agree ? "yes" : "NO");
        out("");
        out("%d warm-up + %d measured negotiations; wall-clock ms, and in brackets CPU ms of the benchmark thread", opt.warmup,
                opt.rounds);
        out("                     median      p95      min      max   [ median      p95 ]");
        out("rules, one round  %9.2f %8.2f %8.2f %8.2f   [%7.2f %8.2f ]  target < 50 ms", pct(rules, 50), pct(rules, 95),
                pct(rules, 0), pct(rules, 100), pct(rulesCpu, 50), pct(rulesCpu, 95));
        out("hourly walk       %9.2f %8.2f %8.2f %8.2f   [%7.2f %8.2f ]  %d rounds, in-process, no network", pct(seed, 50),
                pct(seed, 95), pct(seed, 0), pct(seed, 100), pct(seedCpu, 50), pct(seedCpu, 95), walk.asked());
        out("ratio rules / walk: %.1fx wall [%.1fx CPU] (medians); rounds: 1 vs %d", pct(rules, 50) / pct(seed, 50),
                pct(rulesCpu, 50) / pct(seedCpu, 50), walk.asked());
        Runtime rt = Runtime.getRuntime();
        out("machine: %d cores, Java %s, %s, load average %s at start, %s at end", rt.availableProcessors(),
                System.getProperty("java.version"), BenchJvm.heap(), loadAtStart, loadAverage());
        return agree ? 0 : 1;
    }

    /**
     * Seeded availability: per participant and day, 1-3 separate ranges on the quarter hour, 30 min to 3 h
     * long, the first starting between 07:00 and 12:45, each next one 15 min to 4 h after the previous.
     */
    static NegotiationRequest generate(Options opt) {
        SplittableRandom random = new SplittableRandom(opt.seed);
        List<ParticipantSpec> participants = new ArrayList<>();
        for (int p = 0; p < opt.participants; p++) {
            List<TimeRange> ranges = new ArrayList<>();
            for (int d = 0; d < opt.days; d++) {
                LocalDate date = FIRST_DAY.plusDays(d);
                int from = WINDOW_START - 60 + 15 * random.nextInt(24);
                for (int k = 1 + random.nextInt(3); k > 0 && from < WINDOW_END; k--) {
                    int to = Math.min(WINDOW_END + 60, from + 30 + 15 * random.nextInt(11));
                    ranges.add(new TimeRange(date, from, to));
                    from = to + 15 * (1 + random.nextInt(16));
                }
            }
            participants.add(new ParticipantSpec("p" + p, ranges, List.of(), List.of()));
        }
        MeetingToPlace meeting = MeetingToPlace.of("Bench", FIRST_DAY, opt.duration, opt.minimum)
                .withLatestDate(FIRST_DAY.plusDays(opt.days - 1L));
        return NegotiationRequest.of(meeting, participants).withGrain(opt.grain);
    }

    /** The earliest start at the grain with enough participants whose one range covers it: a check of the rules. */
    static String earliestByLoop(NegotiationRequest r) {
        MeetingToPlace m = r.meeting();
        for (LocalDate d = m.date(); !d.isAfter(m.lastDate()); d = d.plusDays(1)) {
            for (int s = m.windowStart(); s + m.durationMinutes() <= m.windowEnd(); s += r.grainMinutes()) {
                int n = 0;
                for (ParticipantSpec p : r.participants()) {
                    for (TimeRange a : p.availableTimes()) {
                        if (a.covers(d, s, s + m.durationMinutes())) {
                            n++;
                            break;
                        }
                    }
                }
                if (n >= m.minimumParticipants()) {
                    return d + " " + DayTime.format(s) + "-" + DayTime.format(s + m.durationMinutes());
                }
            }
        }
        return "none";
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int at = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, at))] / 1e6;
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
