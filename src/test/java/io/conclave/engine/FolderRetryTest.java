package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.conclave.journal.PolicyArchive;
import io.conclave.engine.policy.CompileGate;
import io.conclave.engine.policy.FakeHeap;
import io.conclave.model.policy.PolicyAttempt;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;

/**
 * An edit on disk whose compile is abandoned because the machine is busy (here: the heap the gate watches reads
 * above its limit while the compile runs) is shown as pending with the time of its next try, and the watcher
 * activates the unchanged folder once the machine is free, after the back-off; an edit refused for what its file
 * says is shown as refused and not tried again.
 */
public class FolderRetryTest {

    @Test
    void aBusyCompileIsTriedAgainAndAFaultyFileIsNot(@TempDir Path rules, @TempDir Path data) throws Exception {
        PolicyLifecycleTest.copyOfRules(rules);
        AtomicBoolean busy = new AtomicBoolean(false);
        AtomicInteger looks = new AtomicInteger();
        // the first look (before the compile starts) sees a free heap; the looks while it runs see a full one
        CompileGate gate = new CompileGate(new CompileGate.Settings(Duration.ofSeconds(60), 0.5, 2),
                new FakeHeap(() -> busy.get() && looks.incrementAndGet() > 1 ? 0.99 : 0.1));
        try (PolicyHost host = new PolicyHost(rules, new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(FolderRetryTest.class.getClassLoader()), gate)) {
            host.start();
            String shipped = host.active().version();
            assertEquals("active", host.folder().status());

            Path reports = rules.resolve("workflow/reports.drl");
            // inside the file's last rule: a comment after it would change nothing a compile sees, and compile nothing
            String text = Files.readString(reports);
            int end = text.lastIndexOf("\nend");
            Files.writeString(reports, text.substring(0, end) + "\n    // an edit" + text.substring(end));
            busy.set(true);
            PolicyAttempt refused = host.reload("file change", "rules-watcher");
            assertTrue(!refused.activated() && refused.messages().toString().contains("compile-memory-limit"),
                    refused.toString());
            PolicyHost.FolderState pending = host.folder();
            assertEquals("pending", pending.status());
            assertEquals(refused.version(), pending.version());
            assertNotNull(pending.retryAt());
            assertEquals(shipped, host.active().version());

            busy.set(false);
            host.watch(50, 100);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && !"active".equals(host.folder().status())) {
                Thread.sleep(100);
            }
            assertEquals("active", host.folder().status());
            assertEquals(refused.version(), host.active().version());
            assertTrue(!host.active().activatedAt().isBefore(pending.retryAt()), "tried again after the back-off");

            // a file that does not compile: refused for good, not tried again while it stays as it is
            Files.writeString(rules.resolve("workflow/broken.drl"), "package conclave.workflow;\n\nrule \"x\" when then (\n");
            while (System.nanoTime() < deadline && !"refused".equals(host.folder().status())) {
                Thread.sleep(100);
            }
            PolicyHost.FolderState faulty = host.folder();
            assertEquals("refused", faulty.status());
            assertNull(faulty.retryAt());
            assertTrue(faulty.refusal().messages().stream().anyMatch(m -> m.file().equals("workflow/broken.drl")
                    && m.line() > 0), faulty.refusal().messages().toString());
            Instant at = faulty.refusal().at();
            Thread.sleep(1_500);
            assertEquals(at, host.lastRefused().at(), "not compiled again");
        }
    }
}
