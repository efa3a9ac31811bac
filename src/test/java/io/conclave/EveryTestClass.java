package io.conclave;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Something every test class needs in place before it runs, wherever its class lives: set up before each plain
 * class (a JUnit extension, which JUnit finds by itself: META-INF/services) and before each test of a
 * {@code @QuarkusTest} (a Quarkus callback), whose class lives in Quarkus' class loader with copies of the
 * libraries (REST Assured, Awaitility) of its own. {@link #install} runs often: it sets what it sets again.
 */
public abstract class EveryTestClass implements BeforeAllCallback, QuarkusTestBeforeEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    /** Puts in place, in the caller's copy of the libraries, what every test relies on. */
    protected abstract void install();
}
