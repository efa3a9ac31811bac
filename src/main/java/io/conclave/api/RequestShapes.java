package io.conclave.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.conversation.Stance;

/**
 * The documented shapes of request bodies whose bound records do not describe themselves to the OpenAPI document (a
 * conversation message; a negotiation request, bound as {@link io.conclave.model.scheduling.NegotiationBody}, whose
 * times, lengths and recurrence read from more than one JSON form), for the document and the clients generated from
 * it: the resources take these bodies as JSON and bind them, not as these records. OpenApiTest holds their fields
 * to the fields the binder knows (an unknown field is refused with the list of the known ones).
 */
public final class RequestShapes {
    private RequestShapes() {
    }

    /** A conversation message as an agent sends it. */
    @Schema(name = "NewMessage")
    public record NewMessage(@Schema(required = true, description = "The sending agent (a member)") String sender,
                      @Schema(description = "What it says") String content,
                      @Schema(description = "What it is about (dynamic turns match them against capabilities)") List<String> topics,
                      @Schema(description = "Who it suggests answers next") String suggestedNext,
                      @Schema(description = "Whom it hands the conversation to (the same as suggested_next when both are given)")
                      String handoffTo,
                      @Schema(description = "Its stance on a claim, for consensus") Stance stance,
                      @JsonProperty("final") @Schema(description = "Its last word") Boolean isFinal) {
    }

    /** A request to negotiate one meeting's time among participants (nothing is stored). */
    @Schema(name = "NegotiationRequest")
    public record Negotiation(@Schema(required = true) MeetingToPlace meeting,
                       @Schema(required = true) List<Participant> participants,
                       @Schema(description = "The step of candidate start times in minutes (default 15)") Integer grainMinutes,
                       @Schema(description = "Meetings already booked, which a more urgent one may displace")
                       List<MeetingToPlace> bookedMeetings,
                       @Schema(description = "How the participants are asked: \"broadcast\" (default: every candidate slot "
                               + "at once, on the grain) or \"hourly_walk\" (the meeting scheduler's coordinator: one slot an "
                               + "hour from the window start until enough accept one)") String mode,
                       @Schema(description = "Whether availability counts only on its own date (default: true when "
                               + "broadcasting, false in the hourly walk, whose overlap test compares hours only)")
                       Boolean compareDates) {
    }

    /** The meeting to place. */
    @Schema(name = "MeetingToPlace")
    record MeetingToPlace(@Schema(required = true) String name,
                          @Schema(required = true, description = "The first day (2024-07-21)") String date,
                          @Schema(description = "The last day it may move to") String latestDate,
                          @Schema(required = true, description = "Its length: hours (1.5) or \"HH:MM\"")
                          JsonNode duration,
                          @Schema(required = true) Integer minimumParticipants,
                          @Schema(description = "1-5; a more urgent meeting may displace a booked one") Integer priority,
                          @Schema(description = "The hours of the day it may take") Window window,
                          @Schema(description = "\"daily\", \"weekdays\", \"weekly\", \"biweekly\", \"monthly\", "
                                  + "\"quarterly\" or \"yearly\" (the policy decides how many times), or { every: day | "
                                  + "weekday | week | month | year, interval?, count }") JsonNode recurrence) {
    }

    /** The hours of the day a meeting may take. */
    @Schema(name = "MeetingWindow")
    record Window(@Schema(description = "From: hours (9.5) or \"HH:MM\"") JsonNode startTime,
                  @Schema(description = "Until: hours (17) or \"HH:MM\"") JsonNode endTime) {
    }

    /** A participant: when it is free, what it prefers, what it has booked. */
    @Schema(name = "NegotiationParticipant")
    record Participant(@Schema(required = true) String name, List<TimeRange> availableTimes,
                       List<PreferredTime> preferences, List<Commitment> commitments) {
    }

    /** A date and a time of day from and until: hours (9.5) or "HH:MM". */
    @Schema(name = "TimeRange")
    record TimeRange(@Schema(required = true) String date, @Schema(required = true) JsonNode startTime,
                     @Schema(required = true) JsonNode endTime) {
    }

    /** A time the participant prefers, with a score. */
    @Schema(name = "PreferredTime")
    record PreferredTime(@Schema(required = true) String date, @Schema(required = true) JsonNode startTime,
                         @Schema(required = true) JsonNode endTime, Double score) {
    }

    /** A meeting the participant has booked at a time. */
    @Schema(name = "Commitment")
    record Commitment(@Schema(required = true) String meeting, @Schema(required = true) String date,
                      @Schema(required = true) JsonNode startTime,
                      @Schema(required = true) JsonNode endTime, Integer priority) {
    }
}
