package io.conclave.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's entry point. Without arguments it starts the service, as Quarkus applications do
 * (containers, {@code quarkus:dev}, the integration tests); with arguments it is the command line
 * ({@link Cli}: {@code run}, {@code validate} without booting the service, {@code serve} to start it)
 * and exits with the command's code.
 */
@QuarkusMain
public final class ConclaveMain {
    private ConclaveMain() {
    }

    public static void main(String... args) {
        if (args.length == 0) {
            Quarkus.run(args);
            return;
        }
        if (args.length == 1 && "serve".equals(args[0])) {
            // the launcher's start: `serve` without options needs no command line (picocli's model of every
            // command took 40-50 ms of a start that is ready in about 1.4 s)
            System.exit(new ServeCommand().call());
        }
        System.exit(Cli.execute(System.out, System.err, Terminal.system(), args));
    }
}
