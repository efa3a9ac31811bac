package io.conclave.engine.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.runtime.KieSession;

import io.conclave.model.CommandException;
import io.conclave.model.scheduling.AvailabilityRequest;
import io.conclave.model.scheduling.Negotiation;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.NegotiationResult.Absence;
import io.conclave.model.scheduling.NegotiationResult.DisplacedView;
import io.conclave.model.scheduling.NegotiationResult.Explanation;
import io.conclave.model.scheduling.NegotiationResult.Rebooking;
import io.conclave.model.scheduling.NegotiationResult.RunnerUp;
import io.conclave.model.scheduling.NegotiationResult.SlotView;
import io.conclave.model.scheduling.ParticipantAgent;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.SeedWalk;
import io.conclave.model.scheduling.SlotDecision;
import io.conclave.model.scheduling.SlotOption;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.Outputs;

/** Reads a finished negotiation session back into a {@link NegotiationResult}. */
public final class NegotiationRendering {
    private NegotiationRendering() {
    }

    /** {@code calendars}: the participants as they were asked, or null to build them again from the request. */
    static NegotiationResult render(Policy policy, NegotiationRequest request, KieSession session,
                                    Map<String, Integer> firings, Map<String, ParticipantAgent> calendars) {
        Negotiation main = negotiation(session, Negotiation.MAIN);
        SlotDecision d = decision(session, Negotiation.MAIN);
        if (d == null) {
            throw new CommandException(CommandException.Kind.POLICY, "not_decided", "no rule of policy "
                    + policy.version() + " decided the negotiation of '" + request.meeting().name() + "'; rules fired: "
                    + firings);
        }
        SlotOption chosen = d.getChosen();
        // Without a chosen slot, who is missing from the one that came closest (named in the reason).
        SlotOption shown = chosen != null ? chosen : d.getClosest();
        List<String> unavailable = missing(main, shown);
        Set<String> absent = new HashSet<>(unavailable);
        List<Absence> absences = new ArrayList<>();
        if (shown != null) {
            for (int i = 0; i < request.participants().size(); i++) {
                ParticipantSpec p = request.participants().get(i);
                if (absent.contains(p.name())) {
                    ParticipantAgent asked = calendars != null ? calendars.get(p.name()) : new ParticipantAgent(p, i);
                    absences.add(new Absence(p.name(), asked.whyNot(main, shown.getSlot())));
                }
            }
        }
        Integer seedWalk = Outputs.read(session, Outputs.SEED_WALKS).stream()
                .filter(w -> w.getNegotiationId().equals(Negotiation.MAIN))
                .findFirst().map(SeedWalk::getRounds).orElse(null);
        Explanation why = new Explanation(d.getRule(), d.getPolicyVersion(), d.getOrder(), d.getCandidates(),
                d.getFeasible(), chosen == null ? null : chosen.getScore(),
                d.getRunnersUp().stream().map(RunnerUp::of).toList(), absences, d.getMatchedFacts(), firings);
        return new NegotiationResult(request.meeting().name(), main.getMode().word(), main.isCompareDates(),
                chosen == null ? null : SlotView.of(chosen.getSlot()),
                chosen == null ? List.of() : chosen.getAttendees(), unavailable,
                Outputs.read(session, Outputs.AVAILABILITY_REQUESTS).size(), occurrences(main, chosen),
                chosen == null ? List.of() : chosen.getDisplaced().stream().map(DisplacedView::of).toList(),
                rebooked(session), d.getReason(), seedWalk, agreedSlots(session), why);
    }

    /**
     * The meeting scheduler's {@code agreed_slots}: every slot the main negotiation asked about that someone accepted
     * (free for the whole of it, without displacing anyone), earliest first, with who accepted, in request order.
     */
    private static Map<String, List<String>> agreedSlots(KieSession session) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        Outputs.read(session, Outputs.SLOT_OPTIONS).stream()
                .filter(o -> o.getNegotiationId().equals(Negotiation.MAIN) && !o.isDisplacing() && o.getAttendeeCount() > 0)
                .sorted(Comparator.comparing(SlotOption::getSlot))
                .forEach(o -> out.put(NegotiationResult.timeSlotKey(o.getSlot()), o.getAttendees()));
        return out;
    }

    private static List<Rebooking> rebooked(KieSession session) {
        List<AvailabilityRequest> requests = new ArrayList<>(Outputs.read(session, Outputs.AVAILABILITY_REQUESTS));
        requests.sort(Comparator.comparingInt(AvailabilityRequest::getRound));
        List<Rebooking> out = new ArrayList<>();
        for (AvailabilityRequest q : requests) {
            Negotiation n = negotiation(session, q.getNegotiationId());
            SlotDecision d = decision(session, q.getNegotiationId());
            if (!n.isRenegotiation() || d == null) {
                continue;
            }
            SlotOption c = d.getChosen();
            out.add(new Rebooking(n.getMeeting().name(), c == null ? null : SlotView.of(c.getSlot()),
                    c == null ? List.of() : c.getAttendees(), missing(n, c), occurrences(n, c), q.getRound(),
                    d.getReason(), d.getRule()));
        }
        return out;
    }

    private static List<String> missing(Negotiation n, SlotOption o) {
        Set<String> present = o == null ? Set.of() : new HashSet<>(o.getAttendees());
        return n.getParticipants().stream().filter(p -> !present.contains(p)).toList();
    }

    private static List<SlotView> occurrences(Negotiation n, SlotOption chosen) {
        List<SlotView> out = new ArrayList<>();
        for (int k = 0; chosen != null && k < n.getMeeting().occurrences(); k++) {
            out.add(SlotView.of(n.occurrenceDate(chosen.getSlot(), k), chosen.getSlot().start(), chosen.getSlot().end()));
        }
        return out;
    }

    static Negotiation negotiation(KieSession session, String id) {
        return facts(session, Negotiation.class).stream().filter(n -> n.getId().equals(id)).findFirst()
                .orElseThrow(() -> new CommandException(CommandException.Kind.POLICY, "not_decided",
                        "the policy removed negotiation " + id + " from the session"));
    }

    private static SlotDecision decision(KieSession session, String id) {
        return Outputs.read(session, Outputs.SLOT_DECISIONS).stream().filter(d -> d.getNegotiationId().equals(id)).findFirst()
                .orElse(null);
    }

    /** The facts of a type the application inserted (what the rules derive is read through {@link Outputs}). */
    static <T> List<T> facts(KieSession session, Class<T> type) {
        Outputs.notAnOutput(type);
        List<T> out = new ArrayList<>();
        session.getObjects(type::isInstance).forEach(o -> out.add(type.cast(o)));
        return out;
    }
}
