package io.conclave.engine.project;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.whynot.ChangeSearch;
import io.conclave.journal.JournalEntry;
import io.conclave.model.Agent;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.command.CreateProject;
import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.RegisterAgent;
import io.conclave.model.command.TakeSnapshot;
import io.conclave.model.command.UpdateAgent;
import io.conclave.model.whynot.Edit;
import io.conclave.model.whynot.Lever;
import io.conclave.model.whynot.Trial;
import io.conclave.model.whynot.WhyNot;

/**
 * Why a task did not go to an agent, answered by replaying the decision that placed it: the journal up to the entry
 * that placed it is replayed once into a scratch copy (as it ran, each entry under its recorded version), the
 * candidate change is applied there as the operator would apply it (the agent's definition replaced just before that
 * entry, or, for the task's dependencies, the project defined without them), the entry is replayed again, and the
 * change counts when the task is then the agent's. The project itself is untouched; nothing is journaled or
 * published. The search ({@link ChangeSearch}) tries the agent's levers: its preference for the task's type, its
 * capacity, a required capability, each required skill; and, apart, the task's dependencies.
 */
public final class TaskWhyNot {
    /** The decisions that place a task: the one the question is about is the task's latest of these. */
    public static final List<DecisionKind> PLACEMENTS = List.of(DecisionKind.ASSIGNED, DecisionKind.MEETING_CONVENED,
            DecisionKind.WAITING, DecisionKind.UNASSIGNABLE, DecisionKind.DELEGATED);
    static final int PREFERENCE = 1;
    static final int CAPACITY = 2;
    static final int CAPABILITY = 3;
    static final int SKILL = 4;
    static final int DEPENDENCY = 5;
    /** Who the scratch copy's edits are journaled as (never in a real journal). */
    static final String ACTOR = "why-not";

    private final ProjectRuntime project;
    private final String taskId;
    private final String agentId;
    private final List<JournalEntry<ProjectCommand>> entries;
    private final int deciding;
    private final String startState;
    private final JournaledRuntime.Setting setting;
    private long deadline;
    /** The state right before the deciding entry as a snapshot's text (null: each trial replays the prefix). */
    private String before;
    private String beforeVersion;
    private Agent agentBefore;
    private ProjectSpec.AgentSpec definitionBefore;

    private TaskWhyNot(ProjectRuntime project, String taskId, String agentId, JournalCopy snapshot,
                       int deciding) {
        this.project = project;
        this.taskId = taskId;
        this.agentId = agentId;
        this.entries = snapshot.entries();
        this.deciding = deciding;
        this.startState = snapshot.startState();
        this.setting = new JournaledRuntime.Setting(project.setting.policies(), project.setting.maxFirings(),
                project.setting.wallClock(), e -> { });
    }

    /**
     * Answers "why did {@code agentId} not get {@code taskId}?" within {@code limitNanos} of wall time and {@code
     * maxTrials} replays. 404 for a task or agent the project does not have; 409 when the agent got the task, or when
     * no rule placed the task yet, or when the decision cannot be replayed (its entry is before the journal's kept
     * history; the agent was not a member then).
     */
    public static WhyNot of(ProjectRuntime project, String taskId, String agentId, long limitNanos, int maxTrials) {
        long deadline = System.nanoTime() + limitNanos;
        Decision placed = project.read(s -> placement(s, taskId, agentId));
        JournalCopy snapshot = project.snapshot();
        int at = -1;
        for (int i = 0; i < snapshot.entries().size(); i++) {
            if (snapshot.entries().get(i).seq() == placed.getCommandSeq()) {
                at = i;
            }
        }
        if (at < 0 || (at == 0 && !(snapshot.entries().get(0).command() instanceof CreateProject))) {
            throw new CommandException(CommandException.Kind.CONFLICT, "decision_not_replayable", "task " + taskId
                    + " was placed by journal entry " + placed.getCommandSeq() + ", which the project's journal no"
                    + " longer holds from its beginning: the decision cannot be replayed");
        }
        TaskWhyNot w = new TaskWhyNot(project, taskId, agentId, snapshot, at);
        w.deadline = deadline;
        return w.answer(placed, maxTrials);
    }

    /** The task's latest placing decision, after checking the question makes sense. */
    private static Decision placement(ProjectSession s, String taskId, String agentId) {
        Task t = s.task(taskId);
        if (t == null) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "task_not_found",
                    "project " + s.projectId() + " has no task '" + taskId + "'");
        }
        boolean known = s.agent(agentId) != null
                || s.spec().agentsOrEmpty().stream().anyMatch(a -> a.agentId().equals(agentId));
        if (!known) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "agent_not_found",
                    "project " + s.projectId() + " has no agent '" + agentId + "'");
        }
        Decision placed = null;
        for (Decision d : s.ledger()) {
            if (taskId.equals(d.getTaskId()) && PLACEMENTS.contains(d.getKind())) {
                placed = d;
            }
        }
        if (placed == null) {
            throw new CommandException(CommandException.Kind.CONFLICT, "task_not_placed", "task " + taskId + " is "
                    + t.getStatus() + ": no rule has placed it yet, so there is no decision to replay (see its"
                    + " explanation for what it waits for)");
        }
        boolean holds = agentId.equals(t.getAssignee()) || (placed.getKind() == DecisionKind.MEETING_CONVENED
                && placed.getAgentIds().contains(agentId));
        if (holds || (placed.getKind() == DecisionKind.ASSIGNED && placed.getAgentIds().contains(agentId))) {
            throw new CommandException(CommandException.Kind.CONFLICT, "agent_got_task", agentId + " got task "
                    + taskId + " (" + placed.getKind() + " by rule '" + placed.getRule() + "'): ask about an agent"
                    + " that did not");
        }
        return placed;
    }

    private WhyNot answer(Decision placed, int maxTrials) {
        prepare();
        List<Lever> levers = new ArrayList<>(agentLevers());
        levers.addAll(dependencyLevers());
        JournalEntry<ProjectCommand> entry = entries.get(deciding);
        WhyNot.Decided decided = new WhyNot.Decided(placed.getSeq(), entry.seq(), entry.type(), entry.actor(),
                placed.getRule(), placed.getPolicyVersion(), placed.getKind().name(), placed.getAgentIds(),
                placed.getReason());
        long started = System.nanoTime();
        ChangeSearch.Result r = ChangeSearch.run(levers, this::trial, deadline, maxTrials);
        return WhyNot.of("task", project.projectId(), taskId, agentId, "why did " + agentId + " not get task " + taskId
                + "?", decided, levers, r.change(), r.then(), r.smallest(),
                r.excluded() == null ? null : r.excluded().trial(), applying(r.change()), r.tried(), maxTrials,
                System.nanoTime() - started, r.stopped());
    }

    // ------------------------------------------------------------------ the state before the decision

    /** Replays the journal up to the deciding entry once: the agent as it was then, and that state as text. */
    private void prepare() {
        if (deciding == 0) {
            ProjectSpec spec = ((CreateProject) entries.get(0).command()).spec();
            definitionBefore = spec.agentsOrEmpty().stream().filter(a -> a.agentId().equals(agentId)).findFirst()
                    .orElseThrow(() -> notMember());
            agentBefore = io.conclave.model.ProjectFacts.agentOf(definitionBefore, 0);
            return;
        }
        ProjectRuntime scratch = scratch(startState);
        try {
            for (int i = 0; i < deciding; i++) {
                scratch.replayOne(entries.get(i));
            }
            agentBefore = scratch.read(s -> s.agent(agentId));
            if (agentBefore == null) {
                throw notMember();
            }
            definitionBefore = definition();
            before = scratch.snapshotState();
            beforeVersion = scratch.read(s -> s.policy().version());
        } finally {
            close(scratch);
        }
    }

    private CommandException notMember() {
        JournalEntry<ProjectCommand> e = entries.get(deciding);
        return new CommandException(CommandException.Kind.CONFLICT, "agent_not_member_then", agentId
                + " was not a member of project " + project.projectId() + " when journal entry " + e.seq() + " ("
                + e.type() + ") placed task " + taskId + ": no change of its facts could have given it the task then");
    }

    /** The agent's latest definition before the deciding entry: the project file's, or the last registration or update. */
    private ProjectSpec.AgentSpec definition() {
        ProjectSpec.AgentSpec def = null;
        for (int i = 0; i < deciding; i++) {
            ProjectCommand c = entries.get(i).command();
            if (c instanceof CreateProject create) {
                def = create.spec().agentsOrEmpty().stream().filter(a -> a.agentId().equals(agentId)).findFirst()
                        .orElse(def);
            } else if (c instanceof RegisterAgent r && r.definition().agentId().equals(agentId)) {
                def = r.definition();
            } else if (c instanceof UpdateAgent u && u.agentId().equals(agentId)) {
                def = u.definition();
            }
        }
        if (def == null) { // the journal starts at a snapshot: the agent as the session holds it
            def = new ProjectSpec.AgentSpec(agentId, agentBefore.getName(), agentBefore.getOccupation(),
                    agentBefore.getSkillLevels(), agentBefore.getPreferences(), agentBefore.getMaxOpenTasks(), null,
                    agentBefore.getManager(), agentBefore.getCapabilities(), agentBefore.getPriority());
        }
        return def;
    }

    // ------------------------------------------------------------------ levers

    private List<Lever> agentLevers() {
        Task t = taskBefore();
        List<Lever> out = new ArrayList<>();
        if (t.getTaskType() != null) {
            double from = agentBefore.preference(t.getTaskType());
            if (from < 10) {
                out.add(new Lever("preference:" + t.getTaskType(), "preference", PREFERENCE, "agent", null, agentId,
                        t.getTaskType(), from, upTo(from, 10)));
            }
        }
        int max = agentBefore.getMaxOpenTasks();
        int most = Math.max(max, agentBefore.getOpenTasks()) + Math.min(entriesTasks(), 50);
        List<Lever.Step> capacity = new ArrayList<>();
        for (int c = max + 1; c <= most; c++) {
            capacity.add(new Lever.Step(c, c - max));
        }
        if (!capacity.isEmpty()) {
            out.add(new Lever("capacity", "capacity", CAPACITY, "agent", null, agentId, "max_open_tasks", max,
                    capacity));
        }
        String cap = t.getRequiredCapability();
        if (cap != null && !agentBefore.canDo(cap)) {
            out.add(new Lever("capability:" + cap, "capability", CAPABILITY, "agent", null, agentId, cap, false,
                    List.of(new Lever.Step(true, 1))));
        }
        for (Map.Entry<String, Double> req : t.getRequiredSkills().entrySet()) {
            double from = agentBefore.skill(req.getKey());
            if (from < 10) {
                out.add(new Lever("skill:" + req.getKey(), "skill", SKILL, "agent", null, agentId, req.getKey(),
                        from == 0 ? null : from, upTo(from, 10)));
            }
        }
        return out;
    }

    private List<Lever> dependencyLevers() {
        if (!(entries.get(0).command() instanceof CreateProject create)) {
            return List.of();
        }
        List<Lever> out = new ArrayList<>();
        for (ProjectSpec.TaskSpec ts : create.spec().tasksOrEmpty()) {
            if (ts.taskId().equals(taskId) && ts.dependencies() != null) {
                for (String d : ts.dependencies()) {
                    out.add(new Lever("dependency:" + d, "dependency", DEPENDENCY, "dependency", null, taskId, d,
                            true, List.of(new Lever.Step(false, 1))));
                }
            }
        }
        return out;
    }

    /** The steps from {@code from} up to {@code top}: the next whole numbers, the last one {@code top}. */
    static List<Lever.Step> upTo(double from, double top) {
        List<Lever.Step> out = new ArrayList<>();
        for (double v = Math.floor(from) + 1; v <= top; v++) {
            out.add(new Lever.Step(whole(v), Math.round((v - from) * 1e6) / 1e6));
        }
        return out;
    }

    private static Object whole(double v) {
        return v == Math.rint(v) ? (Object) (int) v : (Object) v;
    }

    // ------------------------------------------------------------------ one trial

    private Trial trial(List<Edit> edits) {
        boolean dependency = edits.stream().anyMatch(e -> e.kind().equals("dependency"));
        ProjectRuntime scratch = null;
        try {
            int mark;
            if (dependency) {
                scratch = scratch(null);
                scratch.replayOne(withCommand(entries.get(0), CreateProject.of(withoutDependencies(edits))));
                mark = 0;
                for (int i = 1; i <= deciding; i++) {
                    try {
                        scratch.replayOne(entries.get(i));
                    } catch (CommandException e) {
                        if ("replay_failed".equals(e.code())) {
                            return new Trial(false, null, null, null, null, "the replay stopped at entry "
                                    + entries.get(i).seq() + ": " + e.getMessage());
                        }
                    }
                }
            } else if (deciding == 0) {
                scratch = scratch(null);
                mark = 0;
                scratch.replayOne(withCommand(entries.get(0), CreateProject.of(withAgent(changed(edits)))));
            } else {
                scratch = before();
                mark = scratch.read(s -> s.ledger().size());
                JournalEntry<ProjectCommand> prev = entries.get(deciding - 1);
                JournalEntry<ProjectCommand> next = entries.get(deciding);
                try {
                    scratch.replayOne(new JournalEntry<>(next.seq(), ACTOR, next.policyVersion(), prev.recordedAt(),
                            new UpdateAgent(agentId, changed(edits))));
                } catch (CommandException e) {
                    return new Trial(false, null, null, null, null, "the change was refused: " + e.getMessage());
                }
                try {
                    scratch.replayOne(next);
                } catch (CommandException e) {
                    return new Trial(false, null, null, null, null, "with the change, entry " + next.seq() + " ("
                            + next.type() + ") was refused: " + e.getMessage());
                }
            }
            int from = mark;
            return scratch.read(s -> outcome(s, from));
        } catch (CommandException e) {
            return new Trial(false, null, null, null, null, "the replay failed: " + e.getMessage());
        } finally {
            close(scratch);
        }
    }

    /** What the replay made of the task: its holder, and the latest placing decision since {@code mark}. */
    private Trial outcome(ProjectSession s, int mark) {
        Task t = s.task(taskId);
        Decision last = null;
        List<Decision> ledger = s.ledger();
        for (int i = mark; i < ledger.size(); i++) {
            Decision d = ledger.get(i);
            if (taskId.equals(d.getTaskId()) && PLACEMENTS.contains(d.getKind())) {
                last = d;
            }
        }
        boolean given = t != null && agentId.equals(t.getAssignee());
        if (last == null) {
            return new Trial(given, null, t == null ? null : t.getStatus().name(), t == null || t.getAssignee() == null
                    ? List.of() : List.of(t.getAssignee()), null, "no rule placed the task in this replay");
        }
        return new Trial(given, last.getRule(), last.getKind().name(), last.getAgentIds(), last.getReason(),
                rejectedWords(last));
    }

    private String rejectedWords(Decision d) {
        return d.getRejected().stream().filter(r -> r.agentId().equals(agentId)).map(r -> agentId + ": " + r.reason())
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ the change, as definitions

    /** The agent's definition with the edits: its current skills, preferences and capacity, the edited ones moved. */
    private ProjectSpec.AgentSpec changed(List<Edit> edits) {
        Map<String, Double> skills = new TreeMap<>(agentBefore.getSkillLevels());
        Map<String, Double> preferences = new TreeMap<>(agentBefore.getPreferences());
        int max = agentBefore.getMaxOpenTasks();
        List<String> capabilities = new ArrayList<>(agentBefore.getCapabilities());
        for (Edit e : edits) {
            switch (e.kind()) {
                case "skill" -> skills.put(e.fact(), ((Number) e.to()).doubleValue());
                case "preference" -> preferences.put(e.fact(), ((Number) e.to()).doubleValue());
                case "capacity" -> max = ((Number) e.to()).intValue();
                case "capability" -> capabilities.add(e.fact());
                default -> throw new IllegalArgumentException("not an agent's lever: " + e.kind());
            }
        }
        ProjectSpec.AgentSpec d = definitionBefore;
        return new ProjectSpec.AgentSpec(agentId, d.name(), d.occupation(), skills, preferences, max, d.availability(),
                d.manager(), capabilities.isEmpty() && d.capabilities() == null ? null : capabilities.stream()
                .sorted().distinct().toList(), d.priority());
    }

    private ProjectSpec withAgent(ProjectSpec.AgentSpec changed) {
        ProjectSpec s = ((CreateProject) entries.get(0).command()).spec();
        List<ProjectSpec.AgentSpec> agents = s.agentsOrEmpty().stream()
                .map(a -> a.agentId().equals(agentId) ? changed : a).toList();
        return new ProjectSpec(s.projectId(), s.title(), s.description(), s.executionMode(), s.scheduling(), agents,
                s.tasks(), s.ceoOversight(), s.coordination(), s.contractNet(), s.timeSliceHours(),
                s.skillDevelopmentRate(), s.spawning());
    }

    private ProjectSpec withoutDependencies(List<Edit> edits) {
        ProjectSpec s = ((CreateProject) entries.get(0).command()).spec();
        List<String> dropped = edits.stream().map(Edit::fact).toList();
        List<ProjectSpec.TaskSpec> tasks = s.tasksOrEmpty().stream().map(t -> !t.taskId().equals(taskId) ? t
                : new ProjectSpec.TaskSpec(t.taskId(), t.description(), t.scheduledDate(), t.estimatedHours(),
                t.priority(), t.meetingRequired(), t.attendees(), t.requiredSkills(),
                t.dependencies().stream().filter(d -> !dropped.contains(d)).toList(), t.followUpTasks(), t.taskType(),
                t.coordination(), t.requiredCapability(), t.complexity(), t.resources(), t.subtasks(),
                t.onSubtaskFailure(), t.retries(), t.manager())).toList();
        return new ProjectSpec(s.projectId(), s.title(), s.description(), s.executionMode(), s.scheduling(),
                s.agents(), tasks, s.ceoOversight(), s.coordination(), s.contractNet(), s.timeSliceHours(),
                s.skillDevelopmentRate(), s.spawning());
    }

    /** How to make the change for real: the call, and before which command of the journal. */
    private WhyNot.Apply applying(List<Edit> change) {
        if (change == null) {
            return null;
        }
        JournalEntry<ProjectCommand> e = entries.get(deciding);
        if (change.get(0).kind().equals("dependency")) {
            return new WhyNot.Apply("the project defined with task " + taskId + " not depending on "
                    + change.stream().map(Edit::fact).toList() + " (a new project: a task's definition does not"
                    + " change once loaded)", List.of());
        }
        if (deciding == 0) {
            return new WhyNot.Apply("the project created with agent " + agentId + " defined as the body says (the"
                    + " task was placed when the project was created)", List.of(new WhyNot.Call("POST",
                    "/api/projects", withAgent(changed(change)))));
        }
        return new WhyNot.Apply("agent " + agentId + " redefined before journal entry " + e.seq() + " (" + e.type()
                + " by " + e.actor() + "), the command that placed the task", List.of(new WhyNot.Call("PUT",
                "/api/projects/" + project.projectId() + "/agents/" + agentId, changed(change))));
    }

    // ------------------------------------------------------------------ scratch copies

    private ProjectRuntime scratch(String state) {
        ProjectRuntime rt = ProjectRuntime.scratch(project.projectId(), setting, project.drivers(), state);
        rt.replayDeadline(deadline);
        return rt;
    }

    /** A scratch copy in the state right before the deciding entry. */
    private ProjectRuntime before() {
        JournalEntry<ProjectCommand> prev = entries.get(deciding - 1);
        if (before != null) {
            ProjectRuntime rt = scratch(before);
            rt.replayOne(new JournalEntry<>(prev.seq(), ACTOR, beforeVersion, prev.recordedAt(), new TakeSnapshot(null)));
            return rt;
        }
        ProjectRuntime rt = scratch(startState);
        for (int i = 0; i < deciding; i++) {
            rt.replayOne(entries.get(i));
        }
        return rt;
    }

    /** The task as the project holds it: what the levers read of it (its requirements) never changes. */
    private Task taskBefore() {
        return project.read(s -> s.task(taskId));
    }

    private int entriesTasks() {
        return project.read(s -> s.tasks().size());
    }

    private static JournalEntry<ProjectCommand> withCommand(JournalEntry<ProjectCommand> e, ProjectCommand c) {
        return new JournalEntry<>(e.seq(), e.actor(), e.policyVersion(), e.recordedAt(), c, e.key());
    }

    private static void close(ProjectRuntime rt) {
        if (rt == null) {
            return;
        }
        try {
            rt.close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // a scratch copy holds nothing on disk
        }
    }
}
