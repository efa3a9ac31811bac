package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.conclave.model.CommandException;

/**
 * The lane agents' commands run on: one owner's commands one at a time in the order they came, different owners'
 * side by side, and a slow owner holding up only itself, never the pool's threads.
 */
class CommandLaneTest {
    private final CommandLane lane = new CommandLane(2);

    @AfterEach
    void stop() {
        lane.stop();
    }

    @Test
    void oneOwnersCommandsRunOneAtATimeInTheOrderTheyCame() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            answers.add(lane.run("conversation:c1", () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                if (n == 0) {
                    await(release); // the first holds the owner: the nineteen others queue behind it
                }
                order.add(n);
                running.decrementAndGet();
                return n * 10;
            }).toCompletableFuture());
        }
        Thread.sleep(100);
        assertEquals(List.of(), order, "nothing after the first ran while it held the owner");
        release.countDown();
        for (int i = 0; i < 20; i++) {
            assertEquals(i * 10, answers.get(i).get(5, TimeUnit.SECONDS), "each command gets its own answer");
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, order, "in the order they were handed in");
        assertEquals(1, mostAtOnce.get(), "never two of one owner at once, though the lane has two threads");
    }

    @Test
    void aSlowOwnerHoldsUpItselfNotTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletionStage<String> slow = lane.run("project:p1", () -> {
            started.countDown();
            await(release);
            return "slow";
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        // five more of the slow owner wait for it without taking the lane's second thread: with them queued on
        // threads, the other owners' commands below would find no thread free
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(lane.run("project:p1", () -> "queued").toCompletableFuture());
        }
        for (int i = 0; i < 10; i++) {
            String owner = "conversation:c" + i;
            assertEquals(owner, lane.run(owner, () -> owner).toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        assertFalse(slow.toCompletableFuture().isDone());
        queued.forEach(q -> assertFalse(q.isDone(), "still behind the slow command"));
        assertEquals(5, lane.waiting(), "the five behind the slow one wait; the slow one runs");
        release.countDown();
        assertEquals("slow", slow.toCompletableFuture().get(5, TimeUnit.SECONDS));
        for (CompletableFuture<String> q : queued) {
            assertEquals("queued", q.get(5, TimeUnit.SECONDS));
        }
        assertEquals(0, lane.ownersQueued(), "an owner with nothing queued is forgotten");
        assertEquals(0, lane.waiting());
    }

    @Test
    void aRefusalComesBackAsItWasThrownAndTheOwnerGoesOn() throws Exception {
        CommandException refused = new CommandException(CommandException.Kind.CONFLICT, "conversation_ended", "ended");
        CompletableFuture<Object> first = lane.run("conversation:c1", () -> {
            throw refused;
        }).toCompletableFuture();
        CompletableFuture<String> next = lane.run("conversation:c1", () -> "next").toCompletableFuture();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> first.get(5, TimeUnit.SECONDS));
        // the door maps the exception itself (its kind gives the status): not wrapped in a CompletionException
        assertSame(refused, e.getCause());
        first.handle((v, t) -> {
            assertSame(refused, t, "a dependent stage sees the refusal itself too");
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertEquals("next", next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aStoppedLaneAnswersUnavailableAndRunsNothing() throws Exception {
        lane.stop();
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Integer> answer = lane.run("conversation:c1", ran::incrementAndGet).toCompletableFuture();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> answer.get(5, TimeUnit.SECONDS));
        CommandException refusal = (CommandException) e.getCause();
        assertEquals(CommandException.Kind.UNAVAILABLE, refusal.kind());
        assertEquals(1, refusal.retryAfterSeconds());
        assertEquals(0, ran.get());
        assertEquals(0, lane.waiting(), "a refused command does not count as waiting");
    }

    @Test
    void asManyThreadsAsCoresUnlessSaid() {
        CommandLane byCores = new CommandLane(0);
        try {
            assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors()), byCores.size());
        } finally {
            byCores.stop();
        }
        assertEquals(2, lane.size());
    }

    @Test
    void aCommandWaitingForTheDiskLetsAnotherOwnersCommandRun() throws Exception {
        CommandLane one = new CommandLane(1);
        try {
            // owner a's command takes the lane's only thread and waits for "the disk", which answers only once owner
            // b's command has run: b needs a thread while a's waits, which the lane starts because the wait is a
            // managed one (a plain wait would hold the thread: b would run after a's 3 s, a having given up)
            CountDownLatch disk = new CountDownLatch(1);
            CompletableFuture<Boolean> a = one.run("conversation:a", () -> {
                try {
                    io.conclave.journal.DiskForces.managed(() -> {
                        try {
                            if (!disk.await(3, TimeUnit.SECONDS)) {
                                throw new java.io.IOException("the disk never answered");
                            }
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                    });
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            }).toCompletableFuture();
            CompletableFuture<String> b = one.run("conversation:b", () -> {
                disk.countDown();
                return "b ran";
            }).toCompletableFuture();
            assertEquals("b ran", b.get(2, TimeUnit.SECONDS), "b ran while a waited");
            assertTrue(a.get(5, TimeUnit.SECONDS), "a's wait ended when b had run");
            assertEquals(1, one.size(), "the lane's size is what computes at once");
            assertTrue(one.threads() >= 2, "a second thread was started while the first waited: " + one.threads());
        } finally {
            one.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
