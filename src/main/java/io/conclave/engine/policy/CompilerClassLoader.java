package io.conclave.engine.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The application's class loader as the rule compiler sees it. Three jobs:
 * <ul>
 * <li><b>Remember.</b> The compiler resolves every name in a constraint or consequence by trying it as a
 * class of each imported package: thousands of lookups that miss for one chapter. Under Quarkus' runner
 * class loader each miss may reopen a jar, which made a chapter compile three times slower in the packaged
 * service. The application's classes do not change while it runs, so hits and misses are remembered.</li>
 * <li><b>Look up on a stack of its own.</b> Lookups the cache cannot answer run on one lookup thread, not
 * on the compiler's. A hostile rule file can drive the compiler deep into recursion; if its stack or
 * heap ran out inside Quarkus' jar-loading code, that code could be left half-done and every later class
 * load would wait for it for ever. Here the compiler's thread runs out of stack in the compiler.</li>
 * <li><b>Cancel.</b> A compile that exceeded its time or memory limit is cancelled: its next lookup (the
 * compiler looks names up all the time) throws {@link Cancelled}, an Error the compiler does not catch
 * as an Exception, so the abandoned compile winds down instead of running on.</li>
 * </ul>
 * Each compile gets its own instance ({@link #forCompile}); instances share the caches.
 */
public final class CompilerClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Thrown into a cancelled compile at its next class or resource lookup. */
    static final class Cancelled extends Error {
        Cancelled(String why) {
            super(why, null, false, false);
        }
    }

    /** The caches and the lookup thread, one set per application class loader. */
    private static final class Shared {
        final ClassLoader application;
        final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
        final Map<String, Boolean> missingClasses = new ConcurrentHashMap<>();
        final Map<String, Optional<URL>> resources = new ConcurrentHashMap<>();
        // Own thread: lookups run on a stack the compiler's recursion cannot exhaust (Look up on a stack...).
        final ExecutorService lookups = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conclave-compiler-lookup");
            t.setDaemon(true);
            return t;
        });

        Shared(ClassLoader application) {
            this.application = application;
        }
    }

    private static final Map<ClassLoader, Shared> SHARED = Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final Shared shared;
    private volatile String cancelled;

    CompilerClassLoader(ClassLoader application) {
        this(SHARED.computeIfAbsent(application, Shared::new));
    }

    private CompilerClassLoader(Shared shared) {
        super(shared.application);
        this.shared = shared;
    }

    /** A loader for one compile: the same caches, its own cancellation. */
    CompilerClassLoader forCompile() {
        return new CompilerClassLoader(shared);
    }

    /** Makes every later lookup of this compile throw {@link Cancelled} with this reason. */
    void cancel(String why) {
        cancelled = why;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        checkCancelled();
        Class<?> found = shared.classes.get(name);
        if (found != null) {
            return found;
        }
        if (shared.missingClasses.containsKey(name)) {
            throw new ClassNotFoundException(name);
        }
        try {
            Class<?> c = lookUp(() -> shared.application.loadClass(name));
            shared.classes.put(name, c);
            return c;
        } catch (ClassNotFoundException e) {
            shared.missingClasses.put(name, Boolean.TRUE);
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        checkCancelled();
        Optional<URL> known = shared.resources.get(name);
        if (known != null) {
            return known.orElse(null);
        }
        try {
            URL url = lookUp(() -> shared.application.getResource(name));
            shared.resources.put(name, Optional.ofNullable(url));
            return url;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        URL url = getResource(name);
        if (url == null) {
            return null;
        }
        try {
            // read on the lookup thread too: opening a jar entry is Quarkus' jar code
            return new ByteArrayInputStream(lookUp(() -> {
                try (InputStream in = url.openStream()) {
                    return in.readAllBytes();
                }
            }));
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        checkCancelled();
        try {
            return Collections.enumeration(lookUp(() -> Collections.list(shared.application.getResources(name))));
        } catch (ClassNotFoundException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void checkCancelled() {
        String why = cancelled;
        if (why != null) {
            throw new Cancelled(why);
        }
    }

    /** Runs one lookup on the lookup thread, waiting for it (and for a cancellation) on this one. */
    private <T> T lookUp(Callable<T> lookup) throws ClassNotFoundException {
        Future<T> f = shared.lookups.submit(lookup);
        while (true) {
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                checkCancelled();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ClassNotFoundException cnf) {
                    throw cnf;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new ClassNotFoundException(cause.getMessage(), cause);
            }
        }
    }
}
