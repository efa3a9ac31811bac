package io.conclave.model.whynot;

import java.util.List;

/**
 * What a replay with a change made of the decision: whether it went the way asked about ({@code given}), and the
 * decision that was made then: its rule, outcome (a decision kind, a status), the agents it names and its reason
 * (null fields when no rule decided it in that replay; {@code note} then says what happened instead).
 */
public record Trial(boolean given, String rule, String outcome, List<String> agents, String reason, String note) {
    public Trial {
        agents = agents == null ? List.of() : List.copyOf(agents);
    }
}
