package io.conclave.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.conclave.app.Engine;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.Json;
import io.conclave.sim.Simulator;

/**
 * Replays projects as a restart does, beside the running service: their journals and the policy archive are copied to
 * a fresh folder, an engine is built on it as the service builds one (a PolicyHost over the archive, a
 * ProjectRegistry) and every journal is replayed there under the versions it recorded. Each ledger must come back
 * byte for byte as the service holds it, and no journal may change.
 */
final class Replays {
    private Replays() {
    }

    static void assertLedgersReplay(Engine service, Path rules, Path data, List<String> projectIds) throws IOException {
        Path copy = Files.createTempDirectory(Path.of("target"), "replay-");
        copyTree(data.resolve("policies"), copy.resolve("policies"));
        for (String id : projectIds) {
            copyTree(data.resolve("projects").resolve(id), copy.resolve("projects").resolve(id));
        }
        PolicyHost policies = new PolicyHost(rules, new PolicyArchive(copy.resolve("policies")),
                new PolicyCompiler(Replays.class.getClassLoader()));
        ProjectRegistry projects = new ProjectRegistry(copy, new JournaledRuntime.Setting(policies, 100_000,
                Clock.systemUTC(), e -> { }), Simulator.DRIVER);
        try {
            policies.start();
            projects.recoverAll();
            for (String id : projectIds) {
                String live = Json.MAPPER.writeValueAsString(service.projects().get(id).read(s -> List.copyOf(s.ledger())));
                String replayed = Json.MAPPER.writeValueAsString(projects.get(id).read(s -> List.copyOf(s.ledger())));
                assertEquals(live, replayed, "the ledger of " + id + " after a replay");
                Path journal = Path.of("projects", id, "journal.jsonl");
                assertEquals(Files.readString(data.resolve(journal)), Files.readString(copy.resolve(journal)),
                        "the journal of " + id + " after a replay");
            }
        } finally {
            projects.close();
            policies.close();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
