package io.conclave.engine.project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

import io.conclave.model.Agent;
import io.conclave.model.Decision;
import io.conclave.model.Fact;
import io.conclave.model.LedgerEntry;
import io.conclave.model.ProjectFacts;
import io.conclave.model.PolicyActivated;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Refusal;
import io.conclave.model.Roster;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.Wakeup;
import io.conclave.model.Now;
import io.conclave.engine.owner.FactState;
import io.conclave.engine.owner.Firing;
import io.conclave.engine.owner.LedgerListener;
import io.conclave.engine.owner.OwnerSession;
import io.conclave.engine.policy.Outputs;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.SessionKind;

/**
 * The Drools session of one project and everything derived from it: the facts, the ledger, the
 * pseudo clock. Not thread-safe: {@link ProjectRuntime} serialises every call. Firing is capped per
 * command; a policy that exceeds the cap is reported by rule name.
 */
public final class ProjectSession implements OwnerSession, AutoCloseable {
    private static final Map<Class<?>, Integer> FACT_RANK = Map.of(Agent.class, 0, Task.class, 1);
    /**
     * A command that posts many reports (a simulated run) gets the firing cap for each report, and
     * this many caps in all, so a policy that keeps a run going forever is cut off too.
     */
    static final int COMMAND_STEPS = 20;

    private final String projectId;
    private final ProjectSpec spec;
    private final int maxFirings;
    /** The decisions so far; restored from a snapshot, its old part is read when asked for ({@link LazyLedger}). */
    private List<Decision> ledger = new ArrayList<>();
    private Policy policy;
    private KieSession session;
    private LedgerListener listener;
    private FactIndex index;
    private long commandSeq;
    private int budget;
    private long firedThisCommand;
    /** The project clock the rules read (deadlines of calls for proposals): the time of the command being applied. */
    private Now now;

    private ProjectSession(String projectId, ProjectSpec spec, Policy policy, int maxFirings) {
        this.projectId = projectId;
        this.spec = spec;
        this.maxFirings = maxFirings;
        this.policy = policy;
    }

    /** A new session holding the project's initial facts, fired once so ready tasks are assigned. */
    public static ProjectSession start(ProjectSpec spec, Policy policy, int maxFirings, long commandSeq) {
        return start(spec, policy, maxFirings, commandSeq, 0);
    }

    /** The same, with the project clock ({@link Now}) at {@code nowMillis} (the creation's journal time). */
    public static ProjectSession start(ProjectSpec spec, Policy policy, int maxFirings, long commandSeq, long nowMillis) {
        ProjectSession s = new ProjectSession(spec.projectId(), spec, policy, maxFirings);
        s.open(policy);
        s.beginCommand(commandSeq);
        try {
            s.now = new Now(nowMillis);
            s.session.insert(s.now);
            ProjectFacts.of(spec).insertInto(s.session::insert);
            // what the oversight rules read: the ceo_oversight block and the audit trail of interrupts
            s.session.insert(io.conclave.model.run.OversightSettings.of(spec.ceoOversight()));
            s.session.insert(new io.conclave.model.run.InterruptLog());
            s.fire();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void open(Policy p) {
        listener = new LedgerListener(p.version());
        session = Firing.open(p, SessionKind.PROJECT, listener);
        index = new FactIndex();
        session.addEventListener(index);
        IndexGlobals.install(session);
        policy = p;
    }

    /** Starts a command: its firings are counted against the cap from here on. */
    public void beginCommand(long seq) {
        commandSeq = seq;
        budget = maxFirings;
        firedThisCommand = 0;
        listener.beginCommand(seq);
    }

    /** Fires until the agenda is empty or the command's firing budget is spent; then it throws. */
    public void fire() {
        int fired = Firing.fire(session, listener, budget);
        record(listener.drain(session));
        if (fired > budget) {
            throw Firing.loop(maxFirings + " rules for one command", listener);
        }
        budget -= fired;
        firedThisCommand += fired;
        if (firedThisCommand > COMMAND_STEPS * (long) maxFirings) {
            throw Firing.loop(COMMAND_STEPS * (long) maxFirings + " rules in one command (" + maxFirings
                    + " per step)", listener);
        }
    }

    private void record(List<LedgerEntry> decisions) {
        for (LedgerEntry e : decisions) {
            if (!(e instanceof Decision d)) {
                continue; // another domain's decision (a meeting's) has no place in a project ledger
            }
            d.stamp(ledger.size() + 1L, commandSeq, d.getRule(), d.getPolicyVersion(), d.getMatchedFacts());
            ledger.add(d);
        }
    }

    /**
     * Inserts what an agent reported and fires, with a fresh firing budget. Returns null when a rule
     * accepted the report; otherwise the policy's refusal (its reason and the rule that refused), or a
     * generic one when no rule of the policy handled the report at all.
     */
    public Refusal post(TaskEvent event) {
        return post(event, event.toString());
    }

    /**
     * Inserts a command fact (a report, a bid, a delegation, a proposal) and fires with a fresh budget.
     * Returns null when a rule consumed it; otherwise the refusal a rule inserted, or a generic one
     * naming {@code what} when no rule of the policy handled it.
     */
    public Refusal post(Object command, String what) {
        // Each command is a step of its own against the cap: a simulated run posts many in one command.
        budget = maxFirings;
        FactHandle h = session.insert(command);
        fire();
        return Firing.answer(session, h, () -> "no rule of policy " + policy.version() + " accepts " + what);
    }

    /**
     * As {@link #post(Object, String)}, with {@code notice} inserted beside the command, so the rules that react
     * to it fire in the same cascade (a run's notice of the completion a report brings); a refused command
     * leaves the notice to be rolled back with it.
     */
    public Refusal post(Object command, String what, Object notice) {
        budget = maxFirings;
        session.insert(notice);
        FactHandle h = session.insert(command);
        fire();
        return Firing.answer(session, h, () -> "no rule of policy " + policy.version() + " accepts " + what);
    }

    /** Tells the rules a fact the application owns changed (a run completed), and fires. */
    public void updateFact(Object fact) {
        budget = maxFirings;
        session.update(session.getFactHandle(fact), fact);
        fire();
    }

    /**
     * Inserts a fact the session keeps (not a command the rules consume: a run's {@code RunState}) and
     * fires with a fresh budget. {@link #post} would take an unconsumed fact back out as unhandled.
     */
    public void keep(Object fact) {
        budget = maxFirings;
        session.insert(fact);
        fire();
    }

    /**
     * Moves to another policy: a new session from its KieBase, every application fact re-inserted in a
     * stable order, then signals so waiting and unassignable tasks are looked at again under the new rules.
     */
    public void switchTo(Policy next) {
        List<Object> facts = new ArrayList<>(session.getObjects(o -> o instanceof Fact
                && o.getClass().getClassLoader() == Fact.class.getClassLoader()));
        facts.sort(Comparator.<Object>comparingInt(o -> FACT_RANK.getOrDefault(o.getClass(), 2))
                .thenComparing(o -> o.getClass().getName())
                .thenComparing(o -> ((Fact) o).factKey()));
        long clock = session.<SessionPseudoClock>getSessionClock().getCurrentTime();
        session.dispose();
        open(next);
        session.<SessionPseudoClock>getSessionClock().advanceTime(clock, TimeUnit.MILLISECONDS);
        budget = maxFirings;
        facts.forEach(session::insert);
        session.insert(new Roster(facts.stream().filter(Agent.class::isInstance).map(Agent.class::cast).toList()));
        session.insert(new io.conclave.model.WaitingLine());
        session.insert(new Wakeup(null, "policy " + next.version() + " activated"));
        session.insert(new PolicyActivated(next.version()));
        fire();
    }

    /** The facts the application owns and carries across sessions, in the stable order a policy switch uses. */
    private List<Object> applicationFacts() {
        List<Object> facts = new ArrayList<>(session.getObjects(o -> o instanceof Fact
                && o.getClass().getClassLoader() == Fact.class.getClassLoader()));
        facts.sort(Comparator.<Object>comparingInt(o -> FACT_RANK.getOrDefault(o.getClass(), 2))
                .thenComparing(o -> o.getClass().getName())
                .thenComparing(o -> ((Fact) o).factKey()));
        return facts;
    }

    /**
     * The session as a snapshot: the application's facts (what a policy switch carries to a new session), the
     * ledger, the pseudo clock; null when a fact would not come back as it is (named in {@code refused}).
     */
    public com.fasterxml.jackson.databind.node.ObjectNode snapshot(java.util.function.Consumer<String> refused) {
        com.fasterxml.jackson.databind.node.ArrayNode facts = FactState.write(applicationFacts());
        String problem = FactState.check(facts, Fact.class.getClassLoader());
        if (problem != null) {
            refused.accept(problem);
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        out.put("policy_version", policy.version());
        out.put("clock", clockMillis());
        out.set("spec", io.conclave.model.Json.MAPPER.valueToTree(spec));
        out.set("facts", facts);
        out.put("ledger", LazyLedger.text(ledger));
        if (!ledger.isEmpty()) {
            try {
                com.fasterxml.jackson.databind.JsonNode last = FactState.value(ledger.get(ledger.size() - 1));
                if (!FactState.value(FactState.value(last, Decision.class)).equals(last)) {
                    refused.accept("a decision does not read back as it is: " + last);
                    return null;
                }
            } catch (java.io.IOException | RuntimeException e) {
                refused.accept("a decision does not read back: " + e.getMessage());
                return null;
            }
        }
        return out;
    }

    /**
     * A session rebuilt from a {@link #snapshot} under {@code policy}: the facts inserted in their order into a
     * new session, the ledger and the clocks as they were, then the rules fired (as after a policy switch, without
     * its signals), so what the rules keep for themselves is derived again. Decisions made while firing belong to
     * {@code commandSeq}.
     */
    public static ProjectSession restore(com.fasterxml.jackson.databind.JsonNode state, Policy policy, int maxFirings,
                                         long commandSeq) throws java.io.IOException {
        ProjectSpec spec = io.conclave.model.Json.JOURNAL.treeToValue(state.get("spec"), ProjectSpec.class);
        ProjectSession s = new ProjectSession(spec.projectId(), spec, policy, maxFirings);
        s.open(policy);
        try {
            s.advanceClockTo(state.get("clock").asLong());
            s.ledger = new LazyLedger(state.get("ledger").asText());
            s.beginCommand(commandSeq);
            List<Object> facts = FactState.read(state.get("facts"), Fact.class.getClassLoader());
            for (Object f : facts) {
                if (f instanceof io.conclave.model.SpawnSettings) {
                    // read from the spec, as the creation made it: a state written before SpawnSettings said whether
                    // the file has a spawning block restores the same settings as a replay from the creation does
                    f = io.conclave.model.SpawnSettings.of(spec);
                }
                s.session.insert(f);
                if (f instanceof Now n) {
                    s.now = n;
                }
            }
            s.session.insert(new Roster(facts.stream().filter(Agent.class::isInstance).map(Agent.class::cast).toList()));
            s.session.insert(new io.conclave.model.WaitingLine()); // the rules line the waiting tasks up again
            s.fire();
            return s;
        } catch (RuntimeException | java.io.IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Moves the project clock the rules read ({@link Now}, epoch millis) forward to {@code millis} and fires,
     * so deadlines that passed act before the command itself. Never moves it backwards.
     */
    public void setTime(long millis) {
        if (millis <= now.getMillis()) {
            return;
        }
        now.setMillis(millis);
        session.update(session.getFactHandle(now), now);
        fire();
    }

    /** The project clock: the time of the command being applied (epoch millis). */
    public long timeMillis() {
        return now.getMillis();
    }

    /** Rule firings of the current command so far. */
    public long firedThisCommand() {
        return firedThisCommand;
    }

    /** The chapters whose rules fired during the current command. */
    public java.util.Set<String> chaptersThisCommand() {
        return listener.chapters();
    }

    /** True when the current command changed working memory beyond inserting and answering a report. */
    public boolean changedThisCommand() {
        return listener.changedState();
    }

    /** Moves the session's pseudo clock to {@code millis} since the project start (never backwards). */
    public void advanceClockTo(long millis) {
        SessionPseudoClock clock = session.getSessionClock();
        long delta = millis - clock.getCurrentTime();
        if (delta > 0) {
            clock.advanceTime(delta, TimeUnit.MILLISECONDS);
        }
    }

    /** The session's pseudo clock: milliseconds of simulated time since the project started. */
    public long clockMillis() {
        return session.<SessionPseudoClock>getSessionClock().getCurrentTime();
    }

    /** Rule firings one step of a command may cause. */
    public int maxFirings() { return maxFirings; }
    public String projectId() { return projectId; }
    public ProjectSpec spec() { return spec; }
    public Policy policy() { return policy; }
    public List<Decision> ledger() { return ledger; }

    /**
     * The decisions of the latest command, journal entry {@code seq}, in ledger order: they end the ledger, so they
     * are found from its end, whatever its length (a filter of the whole ledger grew with the project's history, and
     * parsed every decision of a ledger restored from a snapshot).
     */
    public List<Decision> latestDecisions(long seq) {
        int from = ledger.size();
        while (from > 0 && ledger.get(from - 1).getCommandSeq() == seq) {
            from--;
        }
        return ledger.subList(from, ledger.size());
    }

    /** Tasks in the order they were defined (unmodifiable). */
    public List<Task> tasks() {
        return index.tasks();
    }

    /** Agents in the order they were defined (unmodifiable). */
    public List<Agent> agents() {
        return index.agents();
    }

    /** The task with this id, or null. */
    public Task task(String taskId) {
        return index.task(taskId);
    }

    /** The tasks whose status is ASSIGNED now, in no particular order. */
    public List<Task> assignedTasks() {
        return index.assigned();
    }

    /** The agent with this id, or null. */
    public Agent agent(String agentId) {
        return index.agent(agentId);
    }

    /** What the policy's query gives for {@code output} (a fact the rules derive: {@link Outputs}). */
    public <T> List<T> outputs(Outputs<T> output) {
        return Outputs.read(session, output);
    }

    /** Every fact of a type the application inserted (what the rules derive is read through {@link #outputs}). */
    public <T> List<T> facts(Class<T> type) {
        Outputs.notAnOutput(type);
        // readers of a project share its read lock, and Drools' object store files a class it is first asked
        // for in a plain map: one reader at a time asks it
        synchronized (session) {
            Collection<?> objects = session.getObjects(new org.kie.api.runtime.ClassObjectFilter(type));
            List<T> out = new ArrayList<>(objects.size());
            objects.forEach(o -> out.add(type.cast(o)));
            return out;
        }
    }

    @Override
    public void close() {
        session.dispose();
    }
}
