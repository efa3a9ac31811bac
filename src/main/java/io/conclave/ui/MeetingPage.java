package io.conclave.ui;

import io.conclave.api.security.CurrentCaller;
import io.conclave.app.meeting.MeetingService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.conclave.api.ApiException;
import io.conclave.model.CommandException;
import io.conclave.model.meeting.MeetingDecision;
import io.conclave.model.meeting.MeetingMessage;
import io.conclave.model.meeting.MeetingSnapshot;
import io.conclave.model.meeting.ParticipantStatus;
import io.conclave.model.meeting.Threshold;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A meeting's page at {@code /meetings/{id}}: its state and protocol, the participants, the agenda and the
 * proposals with their votes so far, the messages, the minutes and the meeting's ledger.
 */
@Path("/meetings/{meetingId}")
@Produces(MediaType.TEXT_HTML)
public class MeetingPage {
    /** The newest messages shown; the REST API has them all. */
    static final int MESSAGES = 200;

    private final MeetingService meetings;
    private final CurrentCaller caller;

    public MeetingPage(MeetingService meetings, CurrentCaller caller) {
        this.meetings = meetings;
        this.caller = caller;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance meeting(Meeting m);
    }

    /**
     * A proposal with its votes so far as percentages of the active participants, for the bar. The yes votes
     * the threshold requires are the policy's to count ({@code rules/meetings}) and shown once it counted them
     * (the tally); while the vote is open the page names the threshold and the number of active participants.
     */
    public record ProposalRow(MeetingSnapshot.ProposalEntry proposal, int active, double yes, double no,
                              double abstain, Double required) {
        /** Where the abstentions start on the bar: after the yes and the no votes. */
        public double abstainLeft() {
            return yes + no;
        }

        static ProposalRow of(MeetingSnapshot.ProposalEntry p, int active) {
            double base = Math.max(1, active);
            var v = p.votes();
            Double required = p.tally() == null ? null : p.tally().required() * 100.0 / Math.max(1, p.tally().active());
            return new ProposalRow(p, active, v.yes() * 100.0 / base, v.no() * 100.0 / base,
                    v.abstain() * 100.0 / base, required);
        }
    }

    /** What the meeting page shows. */
    public final class Meeting {
        private final MeetingSnapshot snapshot;

        Meeting(MeetingSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        public MeetingSnapshot snapshot() {
            return snapshot;
        }

        public String id() {
            return snapshot.manifest().meetingId();
        }

        public String threshold() {
            Threshold t = snapshot.manifest().protocol().threshold();
            return t == null ? Threshold.MAJORITY.json() : t.json();
        }

        /** Joined and not left: the participants whose votes count. */
        public int active() {
            return (int) snapshot.participants().stream().filter(p -> p.status() == ParticipantStatus.JOINED).count();
        }

        public List<ProposalRow> proposals() {
            int active = active();
            return snapshot.agenda().proposals().stream().map(p -> ProposalRow.of(p, active)).toList();
        }

        /** The newest messages first. */
        public List<MeetingMessage> messages() {
            List<MeetingMessage> all = meetings.messages(caller.get(), id(), null, null, null);
            List<MeetingMessage> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - MESSAGES), all.size()));
            Collections.reverse(newest);
            return newest;
        }

        public int messageCount() {
            return snapshot.manifest().messageCount();
        }

        /** The minutes the rules wrote when the meeting closed (summary messages), oldest first. */
        public List<MeetingMessage> minutes() {
            return meetings.messages(caller.get(), id(), "summary", null, null);
        }

        public List<MeetingDecision> decisions() {
            return meetings.decisions(caller.get(), id());
        }
    }

    @GET
    @Operation(hidden = true)
    public String get(@PathParam("meetingId") String meetingId, @QueryParam("fragment") String fragment) {
        Meeting m = new Meeting(meetings.get(caller.get(), meetingId));
        return Pages.render(Templates.meeting(m), fragment, "m", m);
    }

    @ServerExceptionMapper
    public Response refused(CommandException e) {
        return Pages.error(e);
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Pages.error(e);
    }
}
