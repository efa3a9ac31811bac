package io.conclave.cli;

import java.util.Arrays;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's entry point. {@code java -jar quarkus-run.jar run [options] FILE} runs a project
 * file in the command-line mode ({@link Cli}: no HTTP server, nothing on disk) and exits with its code;
 * anything else starts the service as usual.
 */
@QuarkusMain
public final class ConclaveMain {
    private ConclaveMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && "run".equals(args[0])) {
            int code = new Cli(System.out, System.err, Terminal.system()).run(Arrays.copyOfRange(args, 1, args.length));
            System.exit(code);
        }
        Quarkus.run(args);
    }
}
