package io.conclave.bench;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Where a session's time goes, by rule: how often each rule fired and the wall time of its consequences
 * (which includes propagating the facts they insert and modify through the alpha network). Attached to an
 * engine session from outside (the engine keeps its KieSession private), for the benchmarks' breakdowns.
 */
public final class RuleProfile extends DefaultAgendaEventListener {
    private final Map<String, long[]> byRule = new HashMap<>();
    private long started;
    private long total;

    /** Watches the KieSession held in field {@code field} of {@code owner} (a ProjectSession, a ClockedSession). */
    public static RuleProfile attach(Object owner, String field) {
        try {
            Class<?> c = owner.getClass();
            Field f = null;
            while (f == null && c != null) {
                try {
                    f = c.getDeclaredField(field);
                } catch (NoSuchFieldException e) {
                    c = c.getSuperclass();
                }
            }
            if (f == null) {
                throw new IllegalArgumentException("no field " + field + " in " + owner.getClass());
            }
            f.setAccessible(true);
            RuleProfile p = new RuleProfile();
            ((KieSession) f.get(owner)).addEventListener(p);
            return p;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        started = System.nanoTime();
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        long ns = System.nanoTime() - started;
        long[] v = byRule.computeIfAbsent(event.getMatch().getRule().getName(), k -> new long[2]);
        v[0]++;
        v[1] += ns;
        total += ns;
    }

    /** Firings of every rule so far. */
    public long firings() {
        return byRule.values().stream().mapToLong(v -> v[0]).sum();
    }

    /** The rules that took longest, one line each: firings, consequence ms, rule name. */
    public List<String> top(int n) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byRule.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%9d firings, consequences %.1f ms in all", firings(), total / 1e6));
        for (Map.Entry<String, long[]> e : rows.subList(0, Math.min(n, rows.size()))) {
            out.add(String.format(Locale.ROOT, "%9d x %9.1f ms  '%s'", e.getValue()[0], e.getValue()[1] / 1e6, e.getKey()));
        }
        return out;
    }
}
