package io.conclave.app.scheduling;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.Checks;
import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.engine.scheduling.Negotiator;
import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.scheduling.NegotiationBody;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;

/**
 * Meeting times negotiated on request, under the active policy (rules/scheduling/): the body bound to its typed
 * records by the shared binder ({@link Checks}: unknown fields, wrong types and missing fields, every problem with its
 * JSON path), then its values checked by {@link io.conclave.model.scheduling.NegotiationValidator}, before a
 * throwaway session holds the negotiation; nothing is kept.
 */
@ApplicationScoped
public class SchedulingService {
    private final Engine engine;
    private final Negotiator negotiator;
    private final Checks checks;

    public SchedulingService(Engine engine, ConclaveConfig config, Checks checks) {
        this.engine = engine;
        this.checks = checks;
        this.negotiator = new Negotiator(config.maxFiringsPerCommand());
    }

    /** Negotiates the time {@code body} asks for among its attendees. */
    public NegotiationResult negotiate(JsonNode body) {
        return negotiator.negotiate(engine.policies().active(), read(checks, body));
    }

    /**
     * The request {@code body} asks for, bound through {@code checks}; INVALID with every problem of its form (in the
     * order of the request's fields) when it does not bind. Its values are the negotiator's to check.
     */
    public static NegotiationRequest read(Checks checks, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new Problem("$", "a negotiation request must be a JSON object")));
        }
        try {
            return checks.bindInFieldOrder(body, NegotiationBody.class, "a negotiation request").toRequest();
        } catch (CommandException e) {
            throw e.kind() == CommandException.Kind.INVALID ? invalid(e.problems()) : e;
        }
    }

    /** Refused as a negotiation has always been: "n problem(s) in the request", each problem in the details. */
    private static CommandException invalid(List<Problem> problems) {
        return new CommandException(CommandException.Kind.INVALID, "invalid_request",
                problems.size() + " problem(s) in the request", problems);
    }
}
