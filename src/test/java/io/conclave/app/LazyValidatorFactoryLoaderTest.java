package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Instance;

import org.hibernate.validator.HibernateValidatorFactory;
import org.junit.jupiter.api.Test;

/**
 * The extension's factory is built with the application's class loader as the thread's context loader, whatever
 * loader the building thread held: the factory's generated bean loads the types it injects through it, and a
 * background task's thread may hold another application's (the test suite runs several in one JVM).
 */
class LazyValidatorFactoryLoaderTest {
    @Test
    void buildsWithTheApplicationsLoaderAndPutsTheThreadsOwnBack() throws Exception {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        Instance<HibernateValidatorFactory> extensions = (Instance<HibernateValidatorFactory>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Instance.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        // what the generated bean reads to load its injection points' types
                        seen.set(Thread.currentThread().getContextClassLoader());
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        LazyValidatorFactory factory = new LazyValidatorFactory(extensions);
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], null)) { // another application's, say
            AtomicReference<ClassLoader> after = new AtomicReference<>();
            Thread t = new Thread(() -> {
                factory.build();
                after.set(Thread.currentThread().getContextClassLoader());
            });
            t.setContextClassLoader(foreign);
            t.start();
            t.join();
            assertSame(LazyValidatorFactory.class.getClassLoader(), seen.get(), "built with the application's loader");
            assertSame(foreign, after.get(), "the thread's own loader put back");
        }
    }
}
