package io.conclave.app.whynot;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.conclave.app.ConclaveConfig;
import io.conclave.app.access.Access;
import io.conclave.app.access.Caller;
import io.conclave.app.project.ProjectService;
import io.conclave.engine.conversation.TurnWhyNot;
import io.conclave.engine.meeting.OutcomeWhyNot;
import io.conclave.engine.project.TaskWhyNot;
import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.whynot.WhyNot;

/**
 * Why a decision did not go another way: a task to another agent, a conversation's turn to another agent, a
 * proposal to the other outcome. Each answer is found by replaying the decision in scratch copies (the owner is
 * untouched, nothing is journaled or published) and is bounded: {@code conclave.why-not-seconds} of wall time and
 * {@code conclave.why-not-replays} replays, every replayed command within the budget of a command. Whoever may read
 * the owner may ask; searches run one at a time on a node (another one meanwhile is answered 429 with Retry-After).
 */
@ApplicationScoped
public class WhyNotService {
    private final Access access;
    private final long limitNanos;
    private final int maxReplays;
    private final Semaphore searches = new Semaphore(1);

    public WhyNotService(Access access, ConclaveConfig config) {
        this.access = access;
        this.limitNanos = TimeUnit.SECONDS.toNanos(config.whyNotSeconds());
        this.maxReplays = config.whyNotReplays();
    }

    /** Why {@code agentId} did not get {@code taskId} of {@code projectId}: the smallest change that would have given it. */
    public WhyNot task(Caller caller, String projectId, String taskId, String agentId) {
        ProjectService.checkId(projectId, "project_id");
        ProjectService.checkId(taskId, "task_id");
        ProjectService.checkId(agentId, "agent_id");
        var project = access.project(caller, projectId);
        return bounded(() -> TaskWhyNot.of(project, taskId, agentId, limitNanos, maxReplays));
    }

    /** Why {@code agentId} did not answer message {@code messageSeq} of a conversation. */
    public WhyNot turn(Caller caller, String conversationId, String messageSeq, String agentId) {
        ProjectService.checkId(conversationId, "conversation_id");
        ProjectService.checkId(agentId, "agent_id");
        long seq = number(messageSeq, "seq");
        var conversation = access.conversation(caller, conversationId, true);
        return bounded(() -> TurnWhyNot.of(conversation, seq, agentId, limitNanos, maxReplays));
    }

    /** What votes would have given proposal {@code proposalId} of a meeting the outcome {@code outcome}. */
    public WhyNot outcome(Caller caller, String meetingId, String proposalId, String outcome) {
        ProjectService.checkId(meetingId, "meeting_id");
        ProjectService.checkId(proposalId, "proposal_id");
        String wanted = outcome == null ? "" : outcome.toLowerCase(Locale.ROOT);
        if (!OutcomeWhyNot.OUTCOMES.contains(wanted)) {
            throw invalid("outcome", "must be one of " + OutcomeWhyNot.OUTCOMES + ", was '" + outcome + "'");
        }
        var meeting = access.meeting(caller, meetingId, true);
        return bounded(() -> OutcomeWhyNot.of(meeting, proposalId, wanted, limitNanos, maxReplays));
    }

    private WhyNot bounded(Supplier<WhyNot> search) {
        if (!searches.tryAcquire()) {
            throw new CommandException(CommandException.Kind.BUSY, "why_not_busy",
                    "another why-not search is replaying decisions: try again shortly").retryAfter(2);
        }
        try {
            return search.get();
        } finally {
            searches.release();
        }
    }

    private static long number(String text, String what) {
        try {
            long n = Long.parseLong(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(what, "must be a message number (1, 2, ...), was '" + text + "'");
    }

    private static CommandException invalid(String what, String problem) {
        return new CommandException(CommandException.Kind.INVALID, "invalid_request", "1 problem(s) in the request",
                List.of(new Problem(what, problem)));
    }
}
