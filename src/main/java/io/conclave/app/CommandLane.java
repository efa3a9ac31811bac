package io.conclave.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.conclave.engine.budget.MeteredThread;
import io.conclave.model.CommandException;

/**
 * The threads agents' commands run on: a few of the service's own, as many as the machine has cores unless
 * {@code conclave.command-threads} says otherwise, instead of Quarkus's request workers. The conversations' doors
 * use it: their endpoints are asynchronous, so the token, the role and the owner's scope are checked on the event
 * loop the request came in on (none of those checks waits for an owner's lock), the body is read there too, and the
 * command (its input bound and checked, then its runtime) runs here; the answer is written when it is over. The
 * agents' other commands on an owner come the same way: in meetings (join, leave, post, vote, the state) and on a
 * project (a task's report, a bid, a delegation, a proposed assignee, a conflict's proposal or resolution).
 *
 * <p>Why not the request workers: Quarkus's pool grows to as many threads as there are requests in flight (32
 * agents posting at once gave 32 threads on two cores), so each command wakes a parked thread, may wait on its
 * owner's lock behind another agent of the same conversation, and runs on a thread whose caches hold another
 * conversation. On two cores that made a command cost about twice its in-process CPU; on this lane a decision
 * takes about a third less of the server's CPU (docs/benchmarks.md, "the ninth session: the command lane").
 *
 * <p>One owner's commands run one at a time, in the order they came: the next waits for the one before to be
 * over, not on a thread of the lane, so a slow command (a rule running to its time bound, a force on a slow disk)
 * holds up its own owner only, and no thread of the lane is ever parked on an owner's lock another holds.
 *
 * <p>The lane's size is how many commands compute at once. A command waiting for the disk (its journal line's force,
 * when forces on this machine are slow and other commands wait for a thread: {@link io.conclave.journal.DiskForces})
 * or for Kafka (a cluster's journal) does not count: the lane is a fork-join pool and the wait a managed block, so
 * the pool starts another thread for the other owners' commands meanwhile, up to {@value #WAITING_PER_THREAD}
 * waiting threads for each computing one. On a disk whose forces take a millisecond, a lane of two threads no longer
 * answers at most about two thousand commands a second whatever the cores could do.
 */
@ApplicationScoped
public class CommandLane {
    /** Threads that may wait for the disk at once, for each thread of the lane's size. */
    static final int WAITING_PER_THREAD = 8;
    private final ForkJoinPool threads;
    private final int size;
    /** For each owner with a command queued or running, the end of its latest one: the next starts after it. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** Commands handed over and not started yet (waiting for a thread, or for their owner's command before them). */
    private final AtomicInteger waiting = new AtomicInteger();

    @Inject
    public CommandLane(ConclaveConfig config, CpuAffinity affinity) {
        this(config.commandThreads(), affinity);
    }

    CommandLane(int configured) {
        this(configured, new CpuAffinity("off"));
    }

    CommandLane(int configured, CpuAffinity affinity) {
        this.size = configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory named = pool -> {
            // its rules' hooks read their meter off the thread; kept on the lane's CPUs if so configured
            ForkJoinWorkerThread t = new MeteredThread(pool) {
                @Override
                protected void onStart() {
                    super.onStart();
                    affinity.pinLaneThread();
                }
            };
            t.setName("conclave-command-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(CommandLane.class.getClassLoader()); // not whichever thread happened to start it
            return t;
        };
        // first in, first out (no task is ever joined); the size's threads kept, more started only while some wait
        // for the disk (and let go after a minute idle); at the most, a command waits for a thread rather than failing
        this.threads = new ForkJoinPool(size, named, null, true, size, size * (1 + WAITING_PER_THREAD), 1,
                pool -> true, 60, TimeUnit.SECONDS);
    }

    /** How many commands compute at once. */
    public int size() {
        return size;
    }

    /** The lane's threads now: its size, and those started while others wait for the disk. */
    public int threads() {
        return threads.getPoolSize();
    }

    /** Commands handed over and not started yet: waiting for a thread, or for their owner's command before them. */
    public int waiting() {
        return waiting.get();
    }

    /**
     * Runs {@code command} as the next of {@code owner}'s (a kind and an id: {@code "conversation:c1"}) once the one
     * before it is over; the stage completes with what it returned or with what it threw, as it threw it.
     */
    public <T> CompletionStage<T> run(String owner, Supplier<T> command) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletableFuture<Void> over = new CompletableFuture<>();
        waiting.incrementAndGet();
        CompletableFuture<Void> before = tails.put(owner, over);
        Runnable step = () -> {
            waiting.decrementAndGet();
            T result = null;
            Throwable failure = null;
            try {
                result = command.get();
            } catch (Throwable e) {
                failure = e;
            } finally {
                tails.remove(owner, over); // unless a later command queued behind this one meanwhile
                over.complete(null);
            }
            // answered once the owner is free: writing the answer does not hold up the owner's next command
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(result);
            }
        };
        if (before == null) {
            start(step, answer, over);
        } else {
            before.whenComplete((v, e) -> start(step, answer, over));
        }
        return answer;
    }

    private void start(Runnable step, CompletableFuture<?> answer, CompletableFuture<Void> over) {
        try {
            threads.execute(step);
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            over.complete(null);
            answer.completeExceptionally(new CommandException(CommandException.Kind.UNAVAILABLE, "shutting_down",
                    "the service is stopping: the command was not run").retryAfter(1));
        }
    }

    /** As {@link #run(String, Supplier)}, for the owner of kind {@code kind} ({@code "meeting"}) and id {@code id}. */
    public <T> CompletionStage<T> run(String kind, String id, Supplier<T> command) {
        return run(kind + ":" + id, command);
    }

    /** Owners with a command queued or running (for tests). */
    int ownersQueued() {
        return tails.size();
    }

    @PreDestroy
    void stop() {
        threads.shutdown();
    }
}
