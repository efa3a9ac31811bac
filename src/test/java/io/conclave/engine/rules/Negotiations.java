package io.conclave.engine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.conclave.engine.scheduling.Negotiator;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.scheduling.MeetingToPlace;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;
import io.conclave.model.scheduling.ParticipantSpec;
import io.conclave.model.scheduling.TimeRange;

/** Tier-1 support for the scheduling rules: the original scheduler's participants, requests, and negotiation under the shipped policy. */
public final class Negotiations {
    /** The original scheduler's date. */
    public static final String SEED_DATE = "2024-07-21";
    public static final LocalDate SEED_DAY = LocalDate.parse(SEED_DATE);

    private Negotiations() {
    }

    /** The original scheduler's Alice: 9-12 and 14-18 on 2024-07-21. */
    public static ParticipantSpec alice() {
        return ParticipantSpec.of("Alice", on(9, 12), on(14, 18));
    }

    /** The original scheduler's Bob: 10-13 and 15-17 on 2024-07-21. */
    public static ParticipantSpec bob() {
        return ParticipantSpec.of("Bob", on(10, 13), on(15, 17));
    }

    /** Hours on the original scheduler's date. */
    public static TimeRange on(double from, double to) {
        return TimeRange.hours(SEED_DATE, from, to);
    }

    /** The original scheduler's "Meeting 1" on 2024-07-21, in the default window 08:00-18:00, without priority. */
    public static MeetingToPlace meeting(int minutes, int minimum) {
        return MeetingToPlace.of("Meeting 1", SEED_DAY, minutes, minimum);
    }

    public static NegotiationResult negotiate(MeetingToPlace meeting, ParticipantSpec... participants) {
        return negotiate(NegotiationRequest.of(meeting, List.of(participants)));
    }

    public static NegotiationResult negotiate(NegotiationRequest request) {
        return new Negotiator(100_000).negotiate(RulesFixture.policy(), request);
    }

    /** The shared binder's checks, with a plain Bean Validation factory (as the service's, without Quarkus). */
    private static final io.conclave.app.Checks CHECKS =
            new io.conclave.app.Checks(jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());

    /** Binds a REST body as the service does; INVALID with every problem of its form. */
    public static NegotiationRequest read(com.fasterxml.jackson.databind.JsonNode body) {
        return io.conclave.app.scheduling.SchedulingService.read(CHECKS, body);
    }

    /** Reads a REST body as the service does; fails the test on a format problem. */
    public static NegotiationRequest fromJson(String json) {
        try {
            return read(Json.MAPPER.readTree(json));
        } catch (io.conclave.model.CommandException e) {
            throw new AssertionError("unexpected problems: " + e.problems());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "2024-07-21 10:00-11:00", or null without a slot. */
    public static String slot(NegotiationResult r) {
        return r.slot() == null ? null : r.slot().date() + " " + r.slot().startTime() + "-" + r.slot().endTime();
    }

    /** The slots of the runners-up, best first. */
    public static List<String> runnersUp(NegotiationResult r) {
        return r.explanation().runnersUp().stream()
                .map(u -> u.slot().date() + " " + u.slot().startTime() + "-" + u.slot().endTime()).toList();
    }

    /** The names of the rules in rules/scheduling*.drl, read from the files. */
    public static List<String> schedulingRuleNames() {
        Pattern rule = Pattern.compile("^rule \"([^\"]+)\"", Pattern.MULTILINE);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("rules", "scheduling"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl")).sorted().toList()) {
                Matcher m = rule.matcher(Files.readString(p));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
