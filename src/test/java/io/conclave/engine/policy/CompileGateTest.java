package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import io.conclave.model.CommandException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import io.conclave.model.policy.PolicyMessage;

/**
 * The compile gate with stand-in compiles (latches instead of the rule compiler) and a heap gauge the
 * test sets: one compile at a time, the same version coalesced, a busy answer with Retry-After, the
 * time and memory limits, abandoned compiles, and a compiler that throws.
 */
public class CompileGateTest {
    private static final List<RuleFile> FILES = List.of(new RuleFile("workflow/x.drl", "package conclave.workflow;"));
    private static final CompileResult OK = new CompileResult("v1", FILES, List.of(), null);

    private static CompileGate gate(Duration timeout, double memoryLimit, AtomicReference<Double> heap) {
        return gate(timeout, memoryLimit, new FakeHeap(heap::get));
    }

    private static CompileGate gate(Duration timeout, double memoryLimit, FakeHeap heap) {
        return new CompileGate(new CompileGate.Settings(timeout, memoryLimit, 2), heap);
    }

    @Test
    void anotherVersionWhileOneCompilesIsBusyAndTheSameVersionJoinsIt() throws Exception {
        CompileGate gate = gate(Duration.ofSeconds(30), 0.9, new AtomicReference<>(0.1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompileGate.Work slow = ticket -> {
            runs.incrementAndGet();
            started.countDown();
            await(release);
            return OK;
        };
        CompletableFuture<CompileResult> first = CompletableFuture.supplyAsync(() -> gate.compile("v1", FILES, "", slow));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        CompletableFuture<CompileResult> joined = new CompletableFuture<>();
        Thread joiner = new Thread(() -> joined.complete(gate.compile("v1", FILES, "", slow)));
        joiner.start();
        // the joiner is inside the gate once it waits (in slices) for the compile it joined
        for (int i = 0; i < 500 && joiner.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.TIMED_WAITING, joiner.getState());

        CommandException busy = assertThrows(CommandException.class, () -> gate.compile("v2", FILES, "", t -> OK));
        assertEquals(CommandException.Kind.BUSY, busy.kind());
        assertEquals("compiler_busy", busy.code());
        assertTrue(busy.getMessage().contains("v1"), busy.getMessage());
        assertTrue(busy.retryAfterSeconds() >= 1);

        release.countDown();
        assertSame(OK, first.get(10, TimeUnit.SECONDS));
        assertSame(OK, joined.get(10, TimeUnit.SECONDS));
        assertEquals(1, runs.get(), "the second request for v1 joined the first compile");
        // once it ended, another version compiles
        assertSame(OK, gate.compile("v2", FILES, "", t -> OK));
    }

    @Test
    void aWarmUpGivesWayToTheFirstRealCompileAndNeverStartsBesideOne() throws Exception {
        CompileGate gate = gate(Duration.ofSeconds(30), 0.9, new AtomicReference<>(0.1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<PolicyCompiler.Ticket> warming = new AtomicReference<>();
        assertTrue(gate.warmUp(ticket -> {
            warming.set(ticket);
            started.countDown();
            await(release); // a warm-up that has not reached its next class lookup yet
            return OK;
        }));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(gate.warmUp(t -> OK), "one warm-up at a time");

        // a real compile is not refused as busy: it cancels the warm-up and runs at once, beside the winding-down one
        CompileResult v2 = new CompileResult("v2", FILES, List.of(), null);
        assertSame(v2, gate.compile("v2", FILES, "", t -> v2));
        assertTrue(warming.get().cancelled(), "the warm-up was told to stop");
        assertEquals(0, gate.abandonedAlive(), "a cancelled warm-up is not an abandoned compile");
        release.countDown();

        // while a real compile runs, no warm-up starts
        CountDownLatch compiling = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<CompileResult> real = CompletableFuture.supplyAsync(() -> gate.compile("v3", FILES, "", t -> {
            compiling.countDown();
            await(done);
            return OK;
        }));
        assertTrue(compiling.await(10, TimeUnit.SECONDS));
        assertFalse(gate.warmUp(t -> OK));
        done.countDown();
        assertSame(OK, real.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCompileAheadIsJoinedByItsVersionAndGivesWayToAnother() throws Exception {
        CompileGate gate = gate(Duration.ofSeconds(30), 0.9, new AtomicReference<>(0.1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        assertTrue(gate.ahead("v1", FILES, ticket -> {
            runs.incrementAndGet();
            started.countDown();
            await(release);
            return OK;
        }));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(gate.ahead("v1", FILES, t -> OK), "v1 compiles ahead already");
        assertFalse(gate.warmUp(t -> OK), "no warm-up beside it");

        // the request for v1 joins the compile ahead, which from then on is one asked for
        CompletableFuture<CompileResult> asked = new CompletableFuture<>();
        Thread joiner = new Thread(() -> asked.complete(gate.compile("v1", FILES, "", t -> {
            runs.incrementAndGet();
            return null;
        })));
        joiner.start();
        for (int i = 0; i < 500 && joiner.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.TIMED_WAITING, joiner.getState());
        assertEquals(CommandException.Kind.BUSY, assertThrows(CommandException.class,
                () -> gate.compile("v2", FILES, "", t -> OK)).kind());
        assertFalse(gate.ahead("v2", FILES, t -> OK), "a compile asked for does not give way to one ahead");
        release.countDown();
        assertSame(OK, asked.get(10, TimeUnit.SECONDS));
        assertEquals(1, runs.get(), "v1 compiled once");

        // a compile ahead gives way to the next one ahead and to a request for another version, neither busy
        CountDownLatch hold = new CountDownLatch(1);
        AtomicReference<PolicyCompiler.Ticket> v3 = new AtomicReference<>();
        AtomicReference<PolicyCompiler.Ticket> v4 = new AtomicReference<>();
        CountDownLatch both = new CountDownLatch(2);
        assertTrue(gate.ahead("v3", FILES, ticket -> {
            v3.set(ticket);
            both.countDown();
            await(hold);
            return OK;
        }));
        for (int i = 0; i < 500 && v3.get() == null; i++) {
            Thread.sleep(10);
        }
        assertTrue(gate.ahead("v4", FILES, ticket -> {
            v4.set(ticket);
            both.countDown();
            await(hold);
            return OK;
        }));
        assertTrue(both.await(10, TimeUnit.SECONDS));
        assertTrue(v3.get().cancelled(), "the folder changed again: v3 is told to stop");
        CompileResult v5 = new CompileResult("v5", FILES, List.of(), null);
        assertSame(v5, gate.compile("v5", FILES, "", t -> v5));
        assertTrue(v4.get().cancelled(), "a request for v5: v4 is told to stop");
        hold.countDown();
        for (int i = 0; i < 500 && !gate.idle(); i++) {
            Thread.sleep(10);
        }
        assertEquals(0, gate.abandonedAlive(), "a compile ahead that gave way is not an abandoned one");
        // what a compile that gave way returned when it wound down is no result: v4 is compiled anew
        CompileResult v4again = new CompileResult("v4", FILES, List.of(), null);
        assertSame(v4again, gate.compile("v4", FILES, "", t -> v4again));
    }

    @Test
    void aCompileAheadThatEndedIsTakenOnceByTheFirstRequestForItsVersion() throws Exception {
        CompileGate gate = gate(Duration.ofSeconds(30), 0.9, new AtomicReference<>(0.1));
        CompileResult refused = new CompileResult("v1", FILES, List.of(new PolicyMessage("ERROR", "workflow/x.drl", 3, 9,
                "mismatched input")), null);
        AtomicInteger runs = new AtomicInteger();
        assertTrue(gate.ahead("v1", FILES, t -> {
            runs.incrementAndGet();
            return refused;
        }));
        for (int i = 0; i < 500 && !gate.idle(); i++) {
            Thread.sleep(10);
        }
        assertTrue(gate.idle());
        assertFalse(gate.ahead("v1", FILES, t -> OK), "compiled ahead already");
        // the refusal too: the look after the quiet time reports it, without compiling the same files again
        assertSame(refused, gate.compile("v1", FILES, "", t -> {
            runs.incrementAndGet();
            return OK;
        }));
        assertEquals(1, runs.get());
        // taken: the next request compiles (the policy compiler's cache holds what compiled)
        assertSame(OK, gate.compile("v1", FILES, "", t -> {
            runs.incrementAndGet();
            return OK;
        }));
        assertEquals(2, runs.get());
        // a request for another version drops it
        assertTrue(gate.ahead("v2", FILES, t -> OK));
        for (int i = 0; i < 500 && !gate.idle(); i++) {
            Thread.sleep(10);
        }
        CompileResult v3 = new CompileResult("v3", FILES, List.of(), null);
        assertSame(v3, gate.compile("v3", FILES, "", t -> v3));
        CompileResult v2 = new CompileResult("v2", FILES, List.of(), null);
        assertSame(v2, gate.compile("v2", FILES, "", t -> v2));
    }

    @Test
    void aCompileAheadIsBoundedWithNobodyWaitingForIt() throws Exception {
        CompileGate gate = gate(Duration.ofMillis(300), 0.9, new AtomicReference<>(0.1));
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<PolicyCompiler.Ticket> seen = heldAhead(gate, "v1", release); // runs on past its time
        // abandoned (counted, then told to stop) past its time although no request waited for it
        for (int i = 0; i < 500 && (seen.get() == null || !seen.get().cancelled()); i++) {
            Thread.sleep(10);
        }
        assertTrue(seen.get().cancelled());
        assertEquals(1, gate.abandonedAlive());
        CompileResult r = gate.compile("v1", FILES, "", t -> OK);
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).message().contains("conclave.rules.compile-timeout"), r.errors().toString());
        release.countDown();
    }

    @Test
    void aCompileAheadThatGaveWayAndRanPastItsTimeIsNoResultForItsVersion() throws Exception {
        CompileGate gate = gate(Duration.ofMillis(300), 0.9, new AtomicReference<>(0.1));
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<PolicyCompiler.Ticket> v1 = heldAhead(gate, "v1", release);
        for (int i = 0; i < 500 && v1.get() == null; i++) {
            Thread.sleep(10);
        }
        assertTrue(gate.ahead("v2", FILES, t -> OK), "the folder changed again: v1 gives way");
        // v1 still runs past its time: abandoned and counted, but a refusal nobody will ask for
        for (int i = 0; i < 500 && gate.abandonedAlive() == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, gate.abandonedAlive());
        CompileResult again = new CompileResult("v1", FILES, List.of(), null);
        assertSame(again, gate.compile("v1", FILES, "", t -> again), "the folder is back to v1: compiled anew");
        release.countDown();
    }

    @Test
    void aCompileOverItsTimeIsRefusedNamingTheLimitCancelledAndNoLongerBlocksTheNext() throws Exception {
        CompileGate gate = gate(Duration.ofMillis(300), 0.9, new AtomicReference<>(0.1));
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<PolicyCompiler.Ticket> seen = new AtomicReference<>();
        CompileResult r = gate.compile("v1", FILES, "workflow/x.drl", ticket -> {
            seen.set(ticket);
            await(release); // a compile that does not notice it was cancelled
            return OK;
        });
        assertFalse(r.ok());
        PolicyMessage m = r.errors().get(0);
        assertEquals("workflow/x.drl", m.file());
        assertTrue(m.message().contains("conclave.rules.compile-timeout"), m.message());
        assertTrue(seen.get().cancelled(), "the abandoned compile was told to stop");
        assertEquals(1, gate.abandonedAlive());
        // the next compile starts although the abandoned one is still running
        assertSame(OK, gate.compile("v2", FILES, "", t -> OK));
        release.countDown();
        for (int i = 0; i < 100 && gate.abandonedAlive() > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, gate.abandonedAlive());
    }

    @Test
    void tooManyAbandonedCompilesStillRunningRefuseNewOnes() {
        CompileGate gate = gate(Duration.ofMillis(100), 0.9, new AtomicReference<>(0.1));
        CountDownLatch never = new CountDownLatch(1);
        try {
            assertFalse(gate.compile("v1", FILES, "", t -> { await(never); return OK; }).ok());
            assertFalse(gate.compile("v2", FILES, "", t -> { await(never); return OK; }).ok());
            CommandException e = assertThrows(CommandException.class, () -> gate.compile("v3", FILES, "", t -> OK));
            assertEquals(CommandException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("conclave.rules.compile-max-abandoned"), e.getMessage());
        } finally {
            never.countDown();
        }
    }

    @Test
    void theHeapAboveTheLimitStopsACompileAndKeepsOneFromStarting() {
        AtomicReference<Double> heap = new AtomicReference<>(0.5);
        FakeHeap watched = new FakeHeap(heap::get);
        CompileGate gate = gate(Duration.ofSeconds(30), 0.8, watched);
        CountDownLatch release = new CountDownLatch(1);
        CompileResult r = gate.compile("v1", FILES, "workflow/x.drl", ticket -> {
            heap.set(0.95); // the compile fills the heap
            await(release);
            return OK;
        });
        release.countDown();
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).message().contains("conclave.rules.compile-memory-limit"), r.errors().toString());
        // the compile was stopped only after a collection did not bring the heap under the limit
        assertEquals(1, watched.collections());
        // still above: no compile starts, again after a collection
        CommandException e = assertThrows(CommandException.class, () -> gate.compile("v2", FILES, "", t -> OK));
        assertEquals("compiler_low_memory", e.code());
        assertTrue(e.retryAfterSeconds() > 0);
        assertEquals(2, watched.collections());
        heap.set(0.3);
        assertSame(OK, gate.compile("v2", FILES, "", t -> OK));
        assertEquals(2, watched.collections()); // under the limit: nothing to collect
    }

    @Test
    void aHeapFullOfGarbageIsCollectedNotRefused() {
        // above the limit until a collection, which frees what the heap held
        AtomicReference<Double> heap = new AtomicReference<>(0.95);
        FakeHeap watched = new FakeHeap(heap::get, () -> heap.set(0.3));
        CompileGate gate = gate(Duration.ofSeconds(30), 0.8, watched);
        assertSame(OK, gate.compile("v1", FILES, "", t -> OK));
        assertEquals(1, watched.collections());
    }

    @Test
    void whateverTheCompilerThrowsIsARefusal() {
        CompileGate gate = gate(Duration.ofSeconds(30), 0.9, new AtomicReference<>(0.1));
        CompileResult overflow = gate.compile("v1", FILES, "", t -> { throw new StackOverflowError(); });
        assertFalse(overflow.ok());
        assertTrue(overflow.errors().get(0).message().contains("StackOverflowError"), overflow.errors().toString());
        CompileResult utf = gate.compile("v2", FILES, "", t -> { throw new IllegalArgumentException("UTF8 string too large"); });
        assertTrue(utf.errors().get(0).message().contains("UTF8 string too large"));
        CompileResult oom = gate.compile("v3", FILES, "", t -> { throw new OutOfMemoryError("Java heap space"); });
        assertTrue(oom.errors().get(0).message().contains("OutOfMemoryError"));
    }

    /**
     * A compile ahead of {@code version} that runs until {@code release}, never noticing it is told to stop; holds its
     * ticket once it runs.
     */
    private static AtomicReference<PolicyCompiler.Ticket> heldAhead(CompileGate gate, String version,
                                                                    CountDownLatch release) {
        AtomicReference<PolicyCompiler.Ticket> seen = new AtomicReference<>();
        assertTrue(gate.ahead(version, FILES, ticket -> {
            seen.set(ticket);
            await(release);
            return OK;
        }));
        return seen;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // interrupted by the gate: a real compiler may not notice either; keep going as it would
            Thread.interrupted();
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
