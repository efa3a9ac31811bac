package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.util.List;
import io.conclave.model.policy.PolicyMessage;

/** The result of compiling a candidate set of rule files: a policy, or the errors that stop it. */
public record CompileResult(String version, List<RuleFile> files, List<PolicyMessage> messages, Policy policy) {
    public boolean ok() {
        return policy != null;
    }

    public List<PolicyMessage> errors() {
        return messages.stream().filter(PolicyMessage::isError).toList();
    }

    public List<PolicyMessage> warnings() {
        return messages.stream().filter(m -> !m.isError()).toList();
    }
}
