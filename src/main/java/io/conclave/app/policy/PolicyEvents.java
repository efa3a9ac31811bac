package io.conclave.app.policy;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.Policy;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.model.policy.PolicyMessage;
import io.conclave.model.Json;
import io.conclave.model.ServiceEvent;

/**
 * The policy's events on the one stream: a policy went live, or an attempt was refused with its errors,
 * so that a watcher (the dashboard's policy page) learns of a refused edit without asking.
 */
public final class PolicyEvents {
    private PolicyEvents() {
    }

    public static ServiceEvent activated(Policy p) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("policy_version", p.version())
                .put("activated_by", p.activatedBy()).put("files", p.files().size())
                .put("chapters", p.chapters().size());
        return ServiceEvent.policy("POLICY_ACTIVATED", p.activatedAt(), data);
    }

    public static ServiceEvent refused(PolicyAttempt a) {
        List<PolicyMessage> errors = a.messages().stream().filter(PolicyMessage::isError).toList();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("policy_version", a.version())
                .put("trigger", a.trigger());
        data.set("errors", Json.MAPPER.valueToTree(errors));
        return ServiceEvent.policy("POLICY_REFUSED", a.at(), data);
    }
}
