package io.deltad.tools.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator CLI: {@code stat} reads the counters file; the other commands talk to the control socket.
 * Exit codes: 0 success, 1 the appliance refused or could not be reached (or its files read), 2 usage error.
 */
@Command(
    name = "deltactl",
    mixinStandardHelpOptions = true,
    description = "Operate a deltad appliance.",
    subcommands = {StatCommand.class, TokenCommand.class, StatusCommand.class, WorkersCommand.class, MoveCommand.Promote.class,
        MoveCommand.Demote.class, ConfigCommand.class, SessionsCommand.class, SessionsCommand.Kick.class,
        SchemasCommand.class, DocsCommand.class, TopCommand.class, DrainCommand.class, ShutdownCommand.class})
public final class DeltaCtl implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(final String... args) {
        return new CommandLine(new DeltaCtl()).execute(args);
    }

    /** Runs the CLI with its output captured (tests). */
    public static int run(final java.io.PrintWriter out, final java.io.PrintWriter err, final String... args) {
        return new CommandLine(new DeltaCtl()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
