package io.conclave.engine;

import org.jboss.logmanager.LogContext;

/**
 * Logging as in the service (root INFO, org.drools and org.kie WARN, see application.properties) for
 * code that runs the engine without Quarkus. Otherwise the test classpath's Quarkus log initializer
 * leaves the JBoss log context at level ALL, and Drools formats every TRACE message of the engine,
 * which makes rules look several times slower than they are in the service.
 */
public final class QuietLogging {
    private QuietLogging() {
    }

    public static void likeTheService() {
        LogContext context = LogContext.getLogContext();
        context.getLogger("").setLevel(java.util.logging.Level.INFO);
        context.getLogger("org.drools").setLevel(java.util.logging.Level.WARNING);
        context.getLogger("org.kie").setLevel(java.util.logging.Level.WARNING);
    }
}
