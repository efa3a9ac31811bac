package io.conclave.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conclave serve}: starts the service, as the application does when started without a command.
 * The options are shortcuts for settings of application.properties (any other goes as {@code -D} to
 * the JVM or as an environment variable, the Quarkus way).
 */
@Command(name = "serve", versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 100,
        description = {"Starts the service: the REST API, the event stream and the rule watcher (Ctrl+C stops it). "
                + "Every setting of application.properties can also be given as -Dname=value to the JVM or as an "
                + "environment variable (CONCLAVE_DATA_DIR=...), see docs/operations.md.", ""})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "HTTP port (quarkus.http.port, default 8080).")
    Integer port;

    @Option(names = "--rules", paramLabel = "DIR", description = "The policy folder (conclave.rules-dir, default rules).")
    Path rules;

    @Option(names = "--data", paramLabel = "DIR", description = "Journals and archived policies (conclave.data-dir, "
            + "default data).")
    Path data;

    @Option(names = "--projects", paramLabel = "DIR", description = "Example projects loaded at start "
            + "(conclave.projects-dir, default projects).")
    Path projects;

    @picocli.CommandLine.Mixin
    Cli.HelpOptions help;

    @Override
    public Integer call() {
        set("quarkus.http.port", port);
        set("conclave.rules-dir", rules);
        set("conclave.data-dir", data);
        set("conclave.projects-dir", projects);
        Quarkus.run(); // returns (or exits the JVM) when the service stops
        return Cli.COMPLETED;
    }

    private static void set(String property, Object value) {
        if (value != null) {
            System.setProperty(property, value.toString());
        }
    }
}
