package io.conclave.engine.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Query;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.QueryResultsRow;

import io.conclave.model.Announcement;
import io.conclave.model.ExecutionWindow;
import io.conclave.model.PlannedStart;
import io.conclave.model.conflict.GoalConflict;
import io.conclave.model.conflict.GoalProposal;
import io.conclave.model.conversation.ContextEntry;
import io.conclave.model.conversation.Contradiction;
import io.conclave.model.conversation.Member;
import io.conclave.model.conversation.Round;
import io.conclave.model.meeting.Ballot;
import io.conclave.model.members.WorkElsewhere;
import io.conclave.model.memory.AgentCheckpoint;
import io.conclave.model.memory.AgentState;
import io.conclave.model.memory.MemoryItem;
import io.conclave.model.memory.Propagation;
import io.conclave.model.memory.Replica;
import io.conclave.model.memory.SharedEntry;
import io.conclave.model.memory.WorkingMemory;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.resource.ResourceRequest;
import io.conclave.model.resource.SharedResource;
import io.conclave.model.rollout.GuardVerdict;
import io.conclave.model.run.KeptCheckpoints;
import io.conclave.model.scheduling.AvailabilityRequest;
import io.conclave.model.scheduling.MeetingTaskWindow;
import io.conclave.model.scheduling.SeedWalk;
import io.conclave.model.scheduling.SlotDecision;
import io.conclave.model.scheduling.SlotOption;
import io.conclave.model.scheduling.UndeclaredAvailability;
import io.conclave.model.sim.AgentIntent;

/**
 * The contract between the policy and the application: every fact the rules derive and the application reads
 * (the REST answers, the dashboard, the inbox, the simulator) is read through a DRL {@code query} of this list,
 * declared in its chapter's {@code outputs.drl}, binding the fact as {@code $fact}; the other facts the application
 * reads are the ones it inserted itself. A policy that declares one of these queries with parameters or another
 * binding is refused ({@link #check}). A policy that does not declare one (an archived version written before the
 * queries, a policy of a few rules) is read as before: every fact of that type in working memory.
 *
 * @param query   the query's name in the DRL
 * @param type    the type of the fact it binds as {@code $fact}
 * @param chapter the chapter whose rules derive the fact, where the shipped policy declares the query
 * @param <T>     the type read
 */
public record Outputs<T>(String query, Class<T> type, String chapter) {
    /** The name every output query binds its fact to. */
    public static final String BINDING = "$fact";

    public static final Outputs<Announcement> ANNOUNCEMENTS = of("announcements", Announcement.class, "assignment");
    public static final Outputs<MeetingTaskWindow> MEETING_TASK_WINDOWS =
            of("meetingTaskWindows", MeetingTaskWindow.class, "assignment");
    public static final Outputs<UndeclaredAvailability> UNDECLARED_AVAILABILITY =
            of("undeclaredAvailability", UndeclaredAvailability.class, "assignment");
    public static final Outputs<WorkElsewhere> WORK_ELSEWHERE = of("workElsewhere", WorkElsewhere.class, "assignment");
    public static final Outputs<GoalConflict> GOAL_CONFLICTS = of("goalConflicts", GoalConflict.class, "coordination");
    public static final Outputs<GoalProposal> GOAL_PROPOSALS = of("goalProposals", GoalProposal.class, "coordination");
    public static final Outputs<SharedResource> SHARED_RESOURCES =
            of("sharedResources", SharedResource.class, "coordination");
    public static final Outputs<ResourceRequest> RESOURCE_REQUESTS =
            of("resourceRequests", ResourceRequest.class, "coordination");
    public static final Outputs<ExecutionWindow> EXECUTION_WINDOWS =
            of("executionWindows", ExecutionWindow.class, "coordination");
    public static final Outputs<KeptCheckpoints> KEPT_CHECKPOINTS = of("keptCheckpoints", KeptCheckpoints.class, "execution");
    public static final Outputs<PlannedStart> PLANNED_STARTS = of("plannedStarts", PlannedStart.class, "workflow");
    public static final Outputs<Propagation> PROPAGATIONS = of("propagations", Propagation.class, "memory");
    public static final Outputs<WorkingMemory> WORKING_MEMORIES = of("workingMemories", WorkingMemory.class, "memory");
    public static final Outputs<MemoryItem> MEMORY_ITEMS = of("memoryItems", MemoryItem.class, "memory");
    public static final Outputs<AgentState> AGENT_STATES = of("agentStates", AgentState.class, "memory");
    public static final Outputs<AgentCheckpoint> AGENT_CHECKPOINTS = of("agentCheckpoints", AgentCheckpoint.class, "memory");
    public static final Outputs<SharedEntry> SHARED_ENTRIES = of("sharedEntries", SharedEntry.class, "memory");
    public static final Outputs<Replica> REPLICAS = of("replicas", Replica.class, "memory");
    public static final Outputs<Member> MEMBERS = of("members", Member.class, "conversations");
    public static final Outputs<ContextEntry> CONTEXT_ENTRIES = of("contextEntries", ContextEntry.class, "conversations");
    public static final Outputs<Round> ROUNDS = of("rounds", Round.class, "conversations");
    public static final Outputs<Contradiction> CONTRADICTIONS = of("contradictions", Contradiction.class, "conversations");
    public static final Outputs<AvailabilityRequest> AVAILABILITY_REQUESTS =
            of("availabilityRequests", AvailabilityRequest.class, "scheduling");
    public static final Outputs<SlotOption> SLOT_OPTIONS = of("slotOptions", SlotOption.class, "scheduling");
    public static final Outputs<SlotDecision> SLOT_DECISIONS = of("slotDecisions", SlotDecision.class, "scheduling");
    public static final Outputs<SeedWalk> SEED_WALKS = of("seedWalks", SeedWalk.class, "scheduling");
    public static final Outputs<Ballot> BALLOTS = of("ballots", Ballot.class, "meetings");
    public static final Outputs<AgentIntent> AGENT_INTENTS = of("agentIntents", AgentIntent.class, "simulation");
    public static final Outputs<GuardVerdict> GUARD_VERDICTS = of("guardVerdicts", GuardVerdict.class, "rollouts");

    /** Every output, in the order of the table in docs/rules.md. */
    public static final List<Outputs<?>> ALL = List.of(ANNOUNCEMENTS, MEETING_TASK_WINDOWS, UNDECLARED_AVAILABILITY,
            WORK_ELSEWHERE, GOAL_CONFLICTS, GOAL_PROPOSALS, SHARED_RESOURCES, RESOURCE_REQUESTS, EXECUTION_WINDOWS,
            KEPT_CHECKPOINTS, PLANNED_STARTS, PROPAGATIONS, WORKING_MEMORIES, MEMORY_ITEMS, AGENT_STATES,
            AGENT_CHECKPOINTS, SHARED_ENTRIES, REPLICAS, MEMBERS, CONTEXT_ENTRIES, ROUNDS, CONTRADICTIONS, AVAILABILITY_REQUESTS,
            SLOT_OPTIONS, SLOT_DECISIONS, SEED_WALKS, BALLOTS, AGENT_INTENTS, GUARD_VERDICTS);

    /** The outputs by the type they read. */
    private static final Map<Class<?>, Outputs<?>> BY_TYPE = ALL.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Outputs::type, o -> o));
    /** The queries each KieBase declares, found once per KieBase. */
    private static final Map<KieBase, java.util.Set<String>> DECLARED = Collections.synchronizedMap(new WeakHashMap<>());

    private static <T> Outputs<T> of(String query, Class<T> type, String chapter) {
        return new Outputs<>(query, type, chapter);
    }

    /** The output that reads facts of {@code type}, or null when the application reads them from working memory. */
    @SuppressWarnings("unchecked")
    public static <T> Outputs<T> forType(Class<T> type) {
        return (Outputs<T>) BY_TYPE.get(type);
    }

    /**
     * Refuses to read an output as a plain fact: what the rules derive is read through its query. Called by the
     * sessions' readers of the facts the application inserted itself.
     */
    public static void notAnOutput(Class<?> type) {
        Outputs<?> o = forType(type);
        if (o != null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is derived by the rules: read it through query "
                    + o.query);
        }
    }

    /**
     * The facts the session's policy gives for {@code output}, in the order its query returns them; every fact of the
     * type in working memory when the policy does not declare the query. The caller holds the owner's lock; this
     * holds the session's monitor, as a query runs part of the network (and Drools' object store files a class it is
     * first asked for in a plain map), so two readers sharing a read lock must not read at once.
     */
    public static <T> List<T> read(KieSession session, Outputs<T> output) {
        java.util.Objects.requireNonNull(output, "not an output of the contract (Outputs.ALL)");
        synchronized (session) {
            List<T> out = new ArrayList<>();
            if (DECLARED.computeIfAbsent(session.getKieBase(), b -> queries(b).keySet()).contains(output.query)) {
                for (QueryResultsRow row : session.getQueryResults(output.query)) {
                    out.add(output.type.cast(row.get(BINDING)));
                }
            } else {
                session.getObjects(new ClassObjectFilter(output.type)).forEach(o -> out.add(output.type.cast(o)));
            }
            return out;
        }
    }

    /** The queries a KieBase declares, by name. */
    private static Map<String, Query> queries(KieBase base) {
        Map<String, Query> queries = new java.util.HashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            p.getQueries().forEach(q -> queries.put(q.getName(), q));
        }
        return queries;
    }

    /**
     * What the policy's KieBase says of the contract: an error for each query of the contract's names that takes
     * parameters or does not bind {@code $fact} to the output's type (the application could not read it).
     */
    public static List<PolicyMessage> check(KieBase base) {
        List<PolicyMessage> out = new ArrayList<>();
        Map<String, Query> declared = queries(base);
        for (Outputs<?> o : ALL) {
            Query q = declared.get(o.query);
            Class<?> bound = q == null ? null : boundType(q);
            if (q != null && (bound == null || !o.type.isAssignableFrom(bound))) {
                out.add(new PolicyMessage("ERROR", q.getPackageName().replace("conclave.", "") + "/", 0, 0, "query "
                        + o.query + " must take no parameters and bind " + BINDING + " : " + o.type.getSimpleName()
                        + ": the application reads it (docs/rules.md#what-the-application-reads)"));
            }
        }
        return out;
    }

    private static Class<?> boundType(Query q) {
        if (!(q instanceof org.drools.base.definitions.rule.impl.QueryImpl impl)
                || (impl.getParameters() != null && impl.getParameters().length > 0)) {
            return null;
        }
        org.drools.base.rule.Declaration d = impl.getDeclaration(BINDING);
        return d == null ? null : d.getDeclarationClass();
    }
}
