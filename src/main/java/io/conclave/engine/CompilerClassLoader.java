package io.conclave.engine;

import java.net.URL;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's class loader as the DRL compiler sees it, remembering what it did not find. The
 * compiler resolves every name in a constraint or consequence by trying it as a class in each imported
 * package ({@code io.conclave.model.status}, {@code io.conclave.model.run.status}...): thousands of
 * lookups that miss for one chapter. Under Quarkus' runner class loader each miss may reopen a jar, which
 * made a chapter compile three times slower in the packaged service than on a plain class path. The
 * application's classes do not change while it runs, so a miss stays a miss; classes the compiler
 * generates are defined by its own child loaders and never asked for here first.
 */
final class CompilerClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Set<String> missingClasses = ConcurrentHashMap.newKeySet();
    private final Set<String> missingResources = ConcurrentHashMap.newKeySet();

    CompilerClassLoader(ClassLoader application) {
        super(application);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (missingClasses.contains(name)) {
            throw new ClassNotFoundException(name);
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            missingClasses.add(name);
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        if (missingResources.contains(name)) {
            return null;
        }
        URL found = super.getResource(name);
        if (found == null) {
            missingResources.add(name);
        }
        return found;
    }
}
