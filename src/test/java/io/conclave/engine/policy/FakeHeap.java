package io.conclave.engine.policy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * A heap for {@link CompileGate} that reads what the test says and counts the collections the gate asks for,
 * without collecting anything: a real collection of the test JVM's heap is a full, stop-the-world one.
 */
public final class FakeHeap implements CompileGate.Heap {
    private final DoubleSupplier retained;
    private final Runnable onCollect;
    private final AtomicInteger collections = new AtomicInteger();

    public FakeHeap(DoubleSupplier retained) {
        this(retained, () -> { });
    }

    /** {@code onCollect} runs at each collection asked for (a test's heap may empty then). */
    public FakeHeap(DoubleSupplier retained, Runnable onCollect) {
        this.retained = retained;
        this.onCollect = onCollect;
    }

    @Override
    public double retained() {
        return retained.getAsDouble();
    }

    @Override
    public void collect() {
        collections.incrementAndGet();
        onCollect.run();
    }

    /** How many collections the gate asked for. */
    public int collections() {
        return collections.get();
    }
}
