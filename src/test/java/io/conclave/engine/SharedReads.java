package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The checks the owners' reader tests share: readers of one owner read together, and a command waits for them; what
 * the door reads of an owner does not wait for either.
 */
final class SharedReads {
    private SharedReads() {
    }

    /**
     * While a first reader holds the owner (its look blocks), a second reader gets in and its {@code look} sees
     * {@code expected}; {@code command} waits until the first reader is done (it has not finished 300 ms later), then
     * runs. Returns the command's result.
     *
     * @param read the owner's read (its {@code read(Function<view, T>)}), which holds the owner's lock meanwhile
     */
    static <V, T, R> R readersShareAndACommandWaits(Function<Function<V, T>, T> read, Function<V, T> look, T expected,
                                                    Callable<R> command) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch release = new CountDownLatch(1);
            Future<T> first = holding(pool, read, look, release);
            // a second reader gets in while the first still reads
            assertEquals(expected, pool.submit(() -> read.apply(look)).get(10, TimeUnit.SECONDS));
            // a command does not
            Future<R> waiting = pool.submit(command);
            assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
            release.countDown();
            assertEquals(expected, first.get(10, TimeUnit.SECONDS));
            return waiting.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * While a reader holds the owner and {@code command} waits for it (a read of the owner's lock now waits too, behind
     * the command), {@code door} answers within two seconds; returns its answer. The command runs once the reader is
     * done.
     *
     * @param read the owner's read, which holds the owner's lock meanwhile
     */
    static <V, T> T doorDoesNotWait(Function<Function<V, Object>, Object> read, Callable<?> command, Callable<T> door)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch release = new CountDownLatch(1);
            Future<Object> reader = holding(pool, read, view -> null, release);
            Future<?> waiting = pool.submit(command);
            assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
            T answer = pool.submit(door).get(2, TimeUnit.SECONDS);
            release.countDown();
            reader.get(10, TimeUnit.SECONDS);
            waiting.get(10, TimeUnit.SECONDS);
            return answer;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A reader of the owner on {@code pool} that holds it until {@code release}, then looks; returned once it holds. */
    private static <V, T> Future<T> holding(ExecutorService pool, Function<Function<V, T>, T> read, Function<V, T> look,
                                            CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<T> reader = pool.submit(() -> read.apply(view -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return look.apply(view);
        }));
        holding.await();
        return reader;
    }
}
