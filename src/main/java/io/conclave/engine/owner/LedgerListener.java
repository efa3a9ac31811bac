package io.conclave.engine.owner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.conclave.model.Described;
import io.conclave.model.Fact;
import io.conclave.model.LedgerEntry;
import io.conclave.model.PolicySetting;
import io.conclave.model.Refusal;
import io.conclave.model.TaskEvent;
import io.conclave.model.conversation.ConversationInput;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.Now;
import io.conclave.engine.policy.RuleWatch;

/**
 * Turns the {@link LedgerEntry} facts (task, meeting and turn decisions) that rules insert into ledger entries: stamps each with the rule
 * that inserted it, the policy version and the facts that rule matched (as they were when it started
 * to fire, before its consequence changed them), then takes it out of working
 * memory. Refusals and {@link PolicySetting}s are stamped with the rule that inserted them too (a setting
 * also with the policy version) and stay. Also counts firings per rule, so a runaway policy can be
 * reported by name.
 */
public final class LedgerListener extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleWatch {
    private final String policyVersion;
    private final List<FactHandle> handles = new ArrayList<>();
    private final List<LedgerEntry> pending = new ArrayList<>();
    /**
     * The firings of each rule during the current command, by the rule itself (a count to add one to at each firing;
     * names and chapters are worked out when asked for, once a command, not at every firing).
     */
    private final Map<org.kie.api.definition.rule.Rule, int[]> fired = new java.util.IdentityHashMap<>();
    private List<String> matched = List.of();
    private String firing;
    private int changes;
    private long commandSeq;
    private String inputDeleted;
    /** The command facts inserted in this command that give up inputs (an agent's update or retirement). */
    private final List<io.conclave.model.CommandInput.Releasing> releasing = new ArrayList<>();
    private boolean timedOut;
    private int sinceClock;

    public LedgerListener(String policyVersion) {
        this.policyVersion = policyVersion;
    }

    public void beginCommand(long seq) {
        commandSeq = seq;
        fired.clear();
        changes = 0;
        inputDeleted = null;
        releasing.clear();
        timedOut = false;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        org.kie.api.definition.rule.Rule rule = event.getMatch().getRule();
        firing = rule.getName();
        matched = describe(event.getMatch().getObjects());
        fired.computeIfAbsent(rule, r -> new int[1])[0]++;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        matched = List.of();
        firing = null;
        // the wall clock is read every 256 firings: cheap, and a loop is stopped within a few milliseconds
        if (++sinceClock >= 256) {
            sinceClock = 0;
            if (Firing.pastDeadline()) {
                timedOut = true;
                event.getKieRuntime().halt();
            }
        }
    }

    @Override
    public String inputDeleted() {
        return inputDeleted;
    }

    @Override
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public String firingRule() {
        return firing;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        countChange(event.getObject());
        if (event.getObject() instanceof io.conclave.model.CommandInput.Releasing r && event.getRule() == null) {
            releasing.add(r); // only the application's insertion of a command's fact gives inputs up, never a rule's
        }
        if (event.getObject() instanceof Refusal refusal) {
            refusal.stamp(event.getRule() != null ? event.getRule().getName() : null);
        }
        if (event.getObject() instanceof PolicySetting setting) {
            setting.stamp(event.getRule() != null ? event.getRule().getName() : "(inserted outside a rule)", policyVersion);
        }
        if (event.getObject() instanceof LedgerEntry decision) {
            String rule = event.getRule() != null ? event.getRule().getName() : "(inserted outside a rule)";
            decision.stamp(0, commandSeq, rule, policyVersion, matched);
            pending.add(decision);
            handles.add(event.getFactHandle());
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        if (!(event.getObject() instanceof Now)) { // moving a meeting's clock alone changes nothing
            changes++;
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        countChange(event.getOldObject());
        if (event.getOldObject() instanceof io.conclave.model.CommandInput input && event.getRule() != null
                && inputDeleted == null && releasing.stream().noneMatch(r -> r.releases(input))) {
            Object o = event.getOldObject();
            inputDeleted = "rule '" + event.getRule().getName() + "' deleted "
                    + (o instanceof Fact f ? f.describe() : o.getClass().getSimpleName());
            event.getKieRuntime().halt();
        }
    }

    /** Counts a change of working memory other than the report itself, its refusal and the ledger's own facts. */
    private void countChange(Object o) {
        if (!(o instanceof TaskEvent || o instanceof io.conclave.model.CommandFact || o instanceof MeetingRequest || o instanceof ConversationInput || o instanceof Refusal
                || o instanceof LedgerEntry)) {
            changes++;
        }
    }

    /** True when the current command changed working memory beyond inserting and answering a report. */
    public boolean changedState() {
        return changes > 0;
    }

    /** The decisions inserted since the last drain, in insertion order; removes them from the session. */
    public List<LedgerEntry> drain(KieSession session) {
        for (FactHandle h : handles) {
            session.delete(h);
        }
        handles.clear();
        List<LedgerEntry> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** The rules that fired most during the current command, for a runaway report. */
    @Override
    public String busiestRules(int top) {
        Map<String, Integer> firings = new HashMap<>();
        fired.forEach((rule, n) -> firings.merge(rule.getName(), n[0], Integer::sum));
        return RuleWatch.busiest(firings, top);
    }

    /** The chapters whose rules fired during the current command, by name. */
    public java.util.Set<String> chapters() {
        java.util.Set<String> chapters = new java.util.HashSet<>();
        for (org.kie.api.definition.rule.Rule rule : fired.keySet()) {
            String pkg = rule.getPackageName();
            chapters.add(pkg.startsWith("conclave.") ? pkg.substring("conclave.".length()) : pkg);
        }
        return java.util.Set.copyOf(chapters);
    }

    int firedThisCommand() {
        int n = 0;
        for (int[] count : fired.values()) {
            n += count[0];
        }
        return n;
    }

    /**
     * The object's own text, or its kind when it has none: Object's toString carries an identity hash, which
     * differs between a run and its replay, so the matched facts would not be the same stable text.
     */
    private static String stable(Object o) {
        return OWN_TO_STRING.get(o.getClass()) ? o.toString() : o.getClass().getSimpleName();
    }

    /** Whether a class has a toString of its own: looked up once a class, not at every firing. */
    private static final ClassValue<Boolean> OWN_TO_STRING = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return true; // every class has toString
            }
        }
    };

    /**
     * The matched facts in stable words: a fact's own description ({@link Described}), else its {@code toString}
     * (every class a rule matches has one made of ids and values, see {@code LedgerDescriptionTest}); a collection
     * by its size. Values that are not the model's (accumulated numbers) and types declared in DRL are left out, and
     * an object matched again right after itself (a condition that reads what the one before found, {@code from $r})
     * is listed once.
     */
    static List<String> describe(List<Object> objects) {
        List<String> out = new ArrayList<>();
        Object before = null;
        for (Object o : objects) {
            if (o == before) {
                continue;
            }
            before = o;
            if (o instanceof Described d) {
                out.add(d.describe());
            } else if (o instanceof List<?> list) {
                out.add("collection of " + list.size() + " fact(s)");
            } else if (o != null && o.getClass().getClassLoader() == Fact.class.getClassLoader()) {
                out.add(stable(o));
            }
        }
        return out;
    }
}
