package io.conclave.app.policy;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.conclave.engine.policy.Policy;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.app.Engine;

/**
 * Ready when a policy is active, so a load balancer keeps traffic away from an instance that could
 * only answer 503. A rejected edit does not make it unready (the previous policy keeps deciding),
 * but the check reports it.
 */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {
    private final Engine engine;

    public PolicyReadiness(Engine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        Policy active = engine.policies().active();
        PolicyAttempt last = engine.policies().lastAttempt();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("policy").status(active != null);
        if (active != null) {
            r.withData("active_version", active.version()).withData("projects", engine.projects().all().size());
        }
        if (last != null && !last.activated()) {
            r.withData("last_attempt", "version " + last.version() + " rejected (" + last.trigger() + "), see GET /api/rules");
        }
        PolicyHost.FolderState folder = engine.policies().folder();
        r.withData("rules_folder", folder.status() + " (version " + folder.version() + ")");
        if (folder.refusal() != null) {
            folder.refusal().messages().stream().filter(m -> m.isError()).findFirst().ifPresent(m ->
                    r.withData("rules_folder_refusal", (m.file().isEmpty() ? "" : m.file() + ":" + m.line() + ": ")
                            + m.message()));
        }
        return r.build();
    }
}
