package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code deltactl docs top [--limit N]}: the hottest documents, by rate. */
@Command(name = "docs", mixinStandardHelpOptions = true, description = "Documents.",
    subcommands = {DocsCommand.Top.class})
final class DocsCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: top");
    }

    /** {@code docs top}. */
    @Command(name = "top", mixinStandardHelpOptions = true,
        description = "Hottest documents: rate (deltas/s), subscribers, owning agent, elastic or not.")
    static final class Top extends ControlRequest {
        @Option(names = "--limit", defaultValue = "10", description = "How many documents (1..1000, default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        ObjectNode request() {
            return command("docs top").put("limit", limit);
        }

        @Override
        void print(final JsonNode reply, final PrintWriter out) {
            printTable(reply.path("docs"), out);
        }
    }

    static void printTable(final JsonNode docs, final PrintWriter out) {
        out.printf("%-24s %12s %11s  %-12s %s%n", "doc", "deltas/s", "subscribers", "agent", "elastic");
        for (final JsonNode d : docs) {
            out.printf("%-24s %,12d %,11d  %-12s %s%n", d.path("doc").asText(), d.path("rate").asLong(),
                d.path("subscribers").asInt(), d.path("agent").asText(), d.path("elastic").asBoolean() ? "yes" : "");
        }
    }
}
