package io.conclave.engine;

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

import io.conclave.model.Fact;
import io.conclave.model.LedgerEntry;
import io.conclave.model.PolicySetting;
import io.conclave.model.Ranking;
import io.conclave.model.Refusal;
import io.conclave.model.ServingQueue;
import io.conclave.model.TaskEvent;
import io.conclave.model.conversation.ConversationInput;
import io.conclave.model.meeting.MeetingRequest;
import io.conclave.model.Now;
import io.conclave.model.meeting.Tally;

/**
 * Turns the {@link LedgerEntry} facts (task, meeting and turn decisions) that rules insert into ledger entries: stamps each with the rule
 * that inserted it, the policy version and the facts that rule matched (as they were when it started
 * to fire, before its consequence changed them), then takes it out of working
 * memory. Refusals and {@link PolicySetting}s are stamped with the rule that inserted them too (a setting
 * also with the policy version) and stay. Also counts firings per rule, so a runaway policy can be
 * reported by name.
 */
final class LedgerListener extends DefaultAgendaEventListener implements RuleRuntimeEventListener, RuleWatch {
    private final String policyVersion;
    private final List<FactHandle> handles = new ArrayList<>();
    private final List<LedgerEntry> pending = new ArrayList<>();
    private final Map<String, Integer> firings = new HashMap<>();
    private List<String> matched = List.of();
    private String firing;
    private int changes;
    private long commandSeq;

    LedgerListener(String policyVersion) {
        this.policyVersion = policyVersion;
    }

    void beginCommand(long seq) {
        commandSeq = seq;
        firings.clear();
        changes = 0;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        firing = event.getMatch().getRule().getName();
        matched = describe(event.getMatch().getObjects());
        firings.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        matched = List.of();
        firing = null;
    }

    @Override
    public String firingRule() {
        return firing;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        countChange(event.getObject());
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
    }

    /** Counts a change of working memory other than the report itself, its refusal and the ledger's own facts. */
    private void countChange(Object o) {
        if (!(o instanceof TaskEvent || o instanceof io.conclave.model.CommandFact || o instanceof MeetingRequest || o instanceof ConversationInput || o instanceof Refusal
                || o instanceof LedgerEntry)) {
            changes++;
        }
    }

    /** True when the current command changed working memory beyond inserting and answering a report. */
    boolean changedState() {
        return changes > 0;
    }

    /** The decisions inserted since the last drain, in insertion order; removes them from the session. */
    List<LedgerEntry> drain(KieSession session) {
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
        return RuleWatch.busiest(firings, top);
    }

    int firedThisCommand() {
        return firings.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The object's own text, or its kind when it has none: Object's toString carries an identity hash, which
     * differs between a run and its replay, so the matched facts would not be the same stable text.
     */
    private static String stable(Object o) {
        try {
            if (o.getClass().getMethod("toString").getDeclaringClass() == Object.class) {
                return o.getClass().getSimpleName();
            }
        } catch (NoSuchMethodException e) {
            // every class has toString
        }
        return o.toString();
    }

    private static List<String> describe(List<Object> objects) {
        List<String> out = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof Fact f) {
                out.add(f.describe());
            } else if (o instanceof Ranking r) {
                out.add("ranking of task " + r.getTask().getTaskId() + ": " + r.getQualified() + " qualified, "
                        + r.getCandidates().size() + " candidate(s) kept");
            } else if (o instanceof ServingQueue q) {
                out.add("serving queue at " + (q.getPosition() + 1) + " of " + q.getSize());
            } else if (o instanceof Tally t) {
                out.add(t.describe());
            } else if (o instanceof List<?> list) {
                out.add("collection of " + list.size() + " fact(s)");
            } else if (o != null && o.getClass().getClassLoader() == Fact.class.getClassLoader()) {
                out.add(stable(o));
            }
        }
        return out;
    }
}
