package io.conclave.app.scheduling;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.ConclaveConfig;
import io.conclave.app.Engine;
import io.conclave.engine.scheduling.Negotiator;
import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.scheduling.NegotiationJson;
import io.conclave.model.scheduling.NegotiationRequest;
import io.conclave.model.scheduling.NegotiationResult;

/**
 * Meeting times negotiated on request, under the active policy (rules/scheduling/): the request checked (every
 * problem with its JSON path) before a throwaway session holds the negotiation; nothing is kept.
 */
@ApplicationScoped
public class SchedulingService {
    private final Engine engine;
    private final Negotiator negotiator;

    public SchedulingService(Engine engine, ConclaveConfig config) {
        this.engine = engine;
        this.negotiator = new Negotiator(config.maxFiringsPerCommand());
    }

    /** Negotiates the time {@code body} asks for among its attendees. */
    public NegotiationResult negotiate(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        NegotiationRequest request = NegotiationJson.read(body, problems);
        if (!problems.isEmpty()) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_request",
                    problems.size() + " problem(s) in the request", problems);
        }
        return negotiator.negotiate(engine.policies().active(), request);
    }
}
