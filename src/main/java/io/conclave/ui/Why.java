package io.conclave.ui;

import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectQueries;
import java.util.Arrays;
import java.util.List;

import io.conclave.app.project.ProjectViews;
import io.conclave.model.CommandException;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;

/**
 * What the Why page shows: the project's decision ledger filtered by task, agent and kind (a page of
 * {@value #PAGE} decisions after {@code after}), and the explanation of one task (what it waits for, the
 * decision that placed it, its history) or of one decision (with the history of its task).
 */
public final class Why {
    static final int PAGE = 500;

    private final ProjectViews.ProjectView project;
    private final ProjectQueries queries;
    private final Caller caller;
    private final String taskId;
    private final String agentId;
    private final String kind;
    private final Long decisionSeq;
    private final long after;
    private final ProjectViews.Explanation explanation;
    private final Decision decision;
    private List<Decision> page;

    Why(ProjectViews.ProjectView project, ProjectQueries queries, Caller caller, String taskId, String agentId,
        String kind, Long decisionSeq, long after) {
        this.project = project;
        this.queries = queries;
        this.caller = caller;
        this.taskId = taskId;
        this.agentId = agentId;
        this.kind = kind;
        this.decisionSeq = decisionSeq;
        this.after = after;
        // read here, not while the template renders, so an unknown task or decision is a 404 page
        this.decision = decisionSeq == null ? null : find(decisionSeq);
        this.explanation = taskId == null || decisionSeq != null ? null : queries.explain(caller, project.projectId(), taskId);
    }

    public ProjectViews.ProjectView project() { return project; }
    public String taskId() { return taskId; }
    public String agentId() { return agentId; }
    public String kind() { return kind; }
    public Long decisionSeq() { return decisionSeq; }
    public long after() { return after; }

    public List<String> kinds() {
        return Arrays.stream(DecisionKind.values()).map(Enum::name).toList();
    }

    /** The ledger page, as {@code GET /api/projects/{id}/decisions} answers it with the same filters. */
    public List<Decision> ledger() {
        if (page == null) {
            page = ledger(taskId, agentId, kind, after, PAGE);
        }
        return page;
    }

    /** Where the next page starts, or null when this page is the last. */
    public Long next() {
        return ledger().size() < PAGE ? null : ledger().get(ledger().size() - 1).getSeq();
    }

    /** The chosen task's explanation, unless a decision was chosen. */
    public ProjectViews.Explanation explanation() {
        return explanation;
    }

    /** The chosen decision, or null. */
    public Decision decision() {
        return decision;
    }

    private Decision find(long seq) {
        List<Decision> one = ledger(null, null, null, Math.max(0, seq - 1), 1);
        if (one.isEmpty() || one.get(0).getSeq() != seq) {
            throw new CommandException(CommandException.Kind.NOT_FOUND, "decision_not_found",
                    "project " + project.projectId() + " has no decision " + seq);
        }
        return one.get(0);
    }

    /** Every decision about the chosen decision's task, in order (empty without one, or for a decision about no task). */
    public List<Decision> history() {
        return decision == null || decision.getTaskId() == null ? List.of()
                : ledger(decision.getTaskId(), null, null, 0, 10_000);
    }

    private List<Decision> ledger(String task, String agent, String kindName, long afterSeq, long limit) {
        return queries.ledger(caller, project.projectId(), new ProjectQueries.LedgerFilter(afterSeq, task, agent,
                kindName, limit));
    }
}
