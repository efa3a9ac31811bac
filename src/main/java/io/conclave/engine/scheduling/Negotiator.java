package io.conclave.engine.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.runtime.KieSession;

import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.scheduling.AvailabilityRequest;
import io.conclave.model.scheduling.BookedMeeting;
import io.conclave.model.scheduling.Commitment;
import io.conclave.model.scheduling.Displacement;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.Negotiation;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.NegotiationValidator;
import io.conclave.model.scheduling.ParticipantAgent;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.SlotDecision;
import io.conclave.model.scheduling.SlotOption;
import io.conclave.model.scheduling.TimeRange;
import io.conclave.engine.owner.Firing;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.SessionKind;
import io.conclave.engine.policy.Outputs;

/**
 * Negotiates a meeting time under a policy: one throwaway session per call holds the negotiation,
 * the rules broadcast the candidate slots, the participants ({@link ParticipantAgent}s, the agents'
 * side) answer, the rules choose; then a displaced meeting may be renegotiated in a further round.
 * Java only hosts this exchange and renders the decision. Thread-safe: calls share nothing but the
 * policy's KieBase. Firing is capped like a project command.
 */
public final class Negotiator {
    /**
     * Rounds a policy may ask for in one negotiation before it is cut off: the shipped rules use 1 + displaced meetings
     * when broadcasting, and in the hourly walk one per hour asked (the validator bounds those by its slot limit).
     */
    static final int MAX_ROUNDS = io.conclave.model.scheduling.NegotiationValidator.MAX_CANDIDATES + 1_000;

    private final int maxFirings;

    /** {@code maxFirings}: rule firings one negotiation may cause before it is cut off as a loop. */
    public Negotiator(int maxFirings) {
        this.maxFirings = maxFirings;
    }

    /**
     * Negotiates {@code request} under {@code policy}. Throws {@link CommandException}: INVALID (every
     * problem with its JSON path; checked first), UNAVAILABLE without a policy, POLICY when the rules
     * loop, fail or decide nothing.
     */
    public NegotiationResult negotiate(Policy policy, NegotiationRequest request) {
        List<Problem> problems = NegotiationValidator.validate(request);
        if (!problems.isEmpty()) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_request",
                    problems.size() + " problem(s) in the request", problems);
        }
        if (policy == null) {
            throw new CommandException(CommandException.Kind.UNAVAILABLE, "no_policy",
                    "no valid policy is active: fix the rule files (see GET /api/rules)");
        }
        // within a command (a meeting task's scheduling) that command's budget bounds it; alone, one of its own
        io.conclave.engine.budget.Budget.Scope own = io.conclave.engine.budget.Budget.current() == null
                ? io.conclave.engine.budget.Budget.arm() : null;
        try (Run run = new Run(policy, request, maxFirings)) {
            return run.execute();
        } catch (io.conclave.engine.budget.BudgetExceeded | StackOverflowError | OutOfMemoryError e) {
            throw Firing.failed(e, null);
        } catch (RuntimeException e) {
            throw io.conclave.engine.budget.BudgetExceeded.in(e) != null ? Firing.failed(e, null) : e;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** One negotiation: its session, the participants' calendars, what the rules have decided so far. */
    private static final class Run implements AutoCloseable {
        private final Policy policy;
        private final NegotiationRequest request;
        private final KieSession session;
        private final NegotiationListener listener;
        private final Map<String, ParticipantAgent> agents = new LinkedHashMap<>();
        private final Set<SlotDecision> applied = new HashSet<>();
        private final int maxFirings;
        private int budget;

        Run(Policy policy, NegotiationRequest request, int maxFirings) {
            this.policy = policy;
            this.request = request;
            this.maxFirings = maxFirings;
            this.budget = maxFirings;
            listener = new NegotiationListener(policy.version());
            session = Firing.open(policy, SessionKind.NEGOTIATION, listener);
            int order = 0;
            for (ParticipantSpec p : request.participants()) {
                agents.put(p.name(), new ParticipantAgent(p, order++));
            }
        }

        NegotiationResult execute() {
            Negotiation main = new Negotiation(Negotiation.MAIN, request.meeting(), List.copyOf(agents.keySet()),
                    request.grainMinutes(), true, false, request.mode(), request.comparesDates());
            session.insert(main);
            int order = 0;
            for (MeetingToPlace booked : request.bookedMeetings()) {
                session.insert(new BookedMeeting(booked, holders(booked.name()), request.grainMinutes(), order++));
            }
            fire();
            while (answerOpenRequests()) {
                fire();
            }
            // the participants' calendars as they answered the request, for why the absent could not come
            return NegotiationRendering.render(policy, request, session, listener.firings(), applied.isEmpty() ? agents : null);
        }

        private List<String> holders(String meeting) {
            return request.participants().stream()
                    .filter(p -> p.commitments().stream().anyMatch(c -> c.meeting().equals(meeting)))
                    .map(ParticipantSpec::name).toList();
        }

        /** The participants answer every request not answered yet; false when there was none. */
        private boolean answerOpenRequests() {
            List<AvailabilityRequest> open = new ArrayList<>(Outputs.read(session, Outputs.AVAILABILITY_REQUESTS)
                    .stream().filter(q -> !q.isAnswered()).toList());
            if (open.isEmpty()) {
                return false;
            }
            open.sort(Comparator.comparingInt(AvailabilityRequest::getRound));
            applyDecisions();
            for (AvailabilityRequest q : open) {
                if (q.getRound() > MAX_ROUNDS) {
                    throw new CommandException(CommandException.Kind.POLICY, "rule_loop", "the policy asked for more than "
                            + MAX_ROUNDS + " rounds of availability requests and was cut off; busiest: "
                            + listener.busiestRules(3));
                }
                Negotiation n = NegotiationRendering.negotiation(session, q.getNegotiationId());
                for (String name : q.getParticipants()) {
                    session.insert(agents.get(name).answer(q, n));
                }
                q.setAnswered(true);
                session.update(session.getFactHandle(q), q, "answered");
            }
            return true;
        }

        /** Participants learn what was decided: attendees are booked, displaced commitments are let go. */
        private void applyDecisions() {
            for (SlotDecision d : Outputs.read(session, Outputs.SLOT_DECISIONS)) {
                SlotOption chosen = d.getChosen();
                if (chosen == null || !applied.add(d)) {
                    continue;
                }
                Negotiation n = NegotiationRendering.negotiation(session, d.getNegotiationId());
                for (String attendee : chosen.getAttendees()) {
                    for (int k = 0; k < n.getMeeting().occurrences(); k++) {
                        agents.get(attendee).book(new Commitment(n.getMeeting().name(), new TimeRange(
                                n.occurrenceDate(chosen.getSlot(), k), chosen.getSlot().start(), chosen.getSlot().end()),
                                n.getMeeting().priority()));
                    }
                }
                for (Displacement moved : chosen.getDisplaced()) {
                    agents.get(moved.participant()).release(moved);
                }
            }
        }

        /** Fires until the agenda is empty or the negotiation's firing budget is spent; then it throws. */
        private void fire() {
            int fired = Firing.fire(session, listener, budget);
            if (fired > budget) {
                throw Firing.loop(maxFirings + " rules for one negotiation", listener);
            }
            budget -= fired;
        }

        @Override
        public void close() {
            session.dispose();
        }
    }
}
