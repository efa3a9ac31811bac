package io.conclave.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.conclave.app.access.Caller;
import io.conclave.app.access.TokenStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code conclave token issue}: issues a token straight into a data folder's token store, for the first
 * admin or when every admin token is lost. Run it while the service is stopped (the service keeps the store
 * in memory and rewrites it); with the service running, an admin issues tokens over {@code POST /api/tokens}.
 */
@Command(name = "token", versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 100,
        description = {"Issues a token into the data folder's token store (run it while the service is stopped; "
                + "with the service running, use POST /api/tokens). Prints the token: it is shown this once.", ""},
        subcommands = TokenCommand.Issue.class)
final class TokenCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @picocli.CommandLine.Mixin
    Cli.HelpOptions help;

    @Override
    public void run() {
        cli.err.println("conclave token issue --role admin|operator|agent [--name NAME] [--agent ID] [--data DIR]");
    }

    /** {@code conclave token issue}. */
    @Command(name = "issue", versionProvider = Cli.Version.class, sortOptions = false, usageHelpWidth = 100,
            description = {"Issues one token and prints it.", ""})
    static final class Issue implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin (everything, the policy and tokens too), operator (projects, runs, meetings, "
                        + "conversations) or agent (acts as one agent).")
        String role;

        @Option(names = "--name", paramLabel = "NAME", description = "Who the token stands for (journals name it as "
                + "the actor); an agent token's name is its agent id.")
        String name;

        @Option(names = "--agent", paramLabel = "ID", description = "The agent an agent token acts as.")
        String agent;

        @Option(names = "--data", paramLabel = "DIR", description = "The data folder (conclave.data-dir, default data).")
        Path data = Path.of("data");

        @picocli.CommandLine.Mixin
        Cli.HelpOptions help;

        @Override
        public Integer call() throws IOException {
            Cli cli = parent.cli;
            if (!TokenStore.ROLES.contains(role)) {
                cli.err.println("--role must be one of " + TokenStore.ROLES);
                return Cli.BAD_INPUT;
            }
            boolean isAgent = Caller.AGENT.equals(role);
            if (isAgent != (agent != null)) {
                cli.err.println(isAgent ? "an agent token needs --agent ID" : "only an agent token takes --agent");
                return Cli.BAD_INPUT;
            }
            String who = isAgent ? agent : name != null ? name : role;
            TokenStore store = new TokenStore(data, java.time.Clock.systemUTC());
            TokenStore.Issued issued = store.issue(who, role, isAgent ? agent : null, List.of(), "conclave token issue");
            cli.out.println(issued.token());
            cli.err.println("issued " + role + " token " + issued.record().tokenId() + " for '" + who + "' into "
                    + data.resolve("tokens.json"));
            return Cli.COMPLETED;
        }
    }
}
