package io.deltad.tools.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code deltactl top}: a live view, refreshed every interval until Ctrl-C (or {@code --iterations}): per agent its
 * work rate (the change of its work counter per second, from {@code workers}), deltas ingested, accepted and
 * delivered per second (from {@code status}), and the hottest documents ({@code docs top}). The first view comes
 * one interval after the start: a rate needs two samples. {@code --json} prints one JSON object per refresh.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = "Live view: agent work rates, deltas/s, hottest documents; until Ctrl-C.")
final class TopCommand implements Callable<Integer> {
    private static final String CLEAR = "\033[H\033[2J";

    @Mixin
    ControlOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval-ms", defaultValue = "1000", description = "Refresh interval (default ${DEFAULT-VALUE} ms).")
    long intervalMs;

    @Option(names = "--iterations", defaultValue = "0", description = "Stop after N refreshes (default: until Ctrl-C).")
    int iterations;

    @Option(names = "--limit", defaultValue = "10", description = "Documents shown (default ${DEFAULT-VALUE}).")
    int limit;

    /** One reading of the appliance. */
    private record Sample(long nanos, JsonNode status, JsonNode workers, JsonNode docs) {
    }

    /** The appliance refused a request: its reason. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(final String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (intervalMs < 10 || iterations < 0 || limit < 1) {
            err.println("deltactl: --interval-ms must be at least 10, --iterations at least 0, --limit at least 1");
            err.flush();
            return 2;
        }
        final Path socket;
        try {
            socket = options.socketPath();
        } catch (final ConfigException ex) {
            err.println("deltactl: " + ex.getMessage());
            err.flush();
            return 1;
        }
        try {
            Sample previous = sample(socket);
            for (int i = 1; iterations == 0 || i <= iterations; i++) {
                Thread.sleep(intervalMs);
                final Sample current = sample(socket);
                final ObjectNode view = view(i, previous, current);
                if (options.json) {
                    out.println(view.toString());
                } else {
                    print(view, out);
                }
                out.flush();
                previous = current;
            }
            return 0;
        } catch (final IOException ex) {
            err.println("deltactl: cannot reach the appliance on " + socket + ": " + ex.getMessage());
            err.flush();
            return 1;
        } catch (final Refused ex) {
            err.println("deltactl: the appliance refused: " + ex.getMessage());
            err.flush();
            return 1;
        }
    }

    private Sample sample(final Path socket) throws IOException, Refused {
        try (ControlClient client = ControlClient.connect(socket)) {
            final JsonNode status = exchange(client, ControlRequest.command("status"));
            final JsonNode workers = exchange(client, ControlRequest.command("workers"));
            final JsonNode docs = exchange(client, ControlRequest.command("docs top").put("limit", limit));
            return new Sample(System.nanoTime(), status, workers, docs);
        }
    }

    private static JsonNode exchange(final ControlClient client, final ObjectNode request) throws IOException, Refused {
        final String line = client.exchange(request.toString());
        final JsonNode reply;
        try {
            reply = ControlRequest.JSON.readTree(line);
        } catch (final JsonProcessingException ex) {
            throw new IOException("unreadable reply: " + line);
        }
        if (!reply.path("ok").asBoolean(false)) {
            throw new Refused(reply.path("error").asText("(no reason given)"));
        }
        return reply;
    }

    private static ObjectNode view(final int iteration, final Sample before, final Sample now) {
        final double seconds = Math.max(1, now.nanos() - before.nanos()) / 1e9;
        final ObjectNode view = ControlRequest.JSON.createObjectNode()
            .put("iteration", iteration)
            .put("node", now.status().path("node").asText())
            .put("interval_ms", Math.round(seconds * 1000));
        final Map<String, Long> workBefore = new HashMap<>();
        before.workers().path("workers").forEach(w -> workBefore.put(w.path("agent").asText(), w.path("work").asLong()));
        final ArrayNode agents = view.putArray("agents");
        for (final JsonNode w : now.workers().path("workers")) {
            final String name = w.path("agent").asText();
            final long delta = w.path("work").asLong() - workBefore.getOrDefault(name, w.path("work").asLong());
            agents.addObject()
                .put("agent", name)
                .put("role", w.path("role").asText())
                .put("cpu", w.path("cpu").asInt())
                .put("work_per_sec", Math.round(delta / seconds));
        }
        final ObjectNode rates = view.putObject("deltas_per_sec");
        for (final String counter : new String[] {"deltas ingested", "deltas accepted", "deltas delivered"}) {
            final long delta = now.status().path("counters").path(counter).asLong() -
                before.status().path("counters").path(counter).asLong();
            rates.put(counter.substring("deltas ".length()), Math.round(delta / seconds));
        }
        view.put("sessions", now.status().path("sessions").asLong())
            .put("documents", now.status().path("documents").asLong())
            .put("elastic_in_use", now.status().path("elastic_in_use").asLong())
            .put("elastic_max", now.status().path("elastic_max").asLong());
        view.set("docs", now.docs().path("docs"));
        return view;
    }

    private static void print(final ObjectNode view, final PrintWriter out) {
        // Clear the screen on a terminal only: piped into a file, a pager or the journal, the views follow each other.
        final java.io.Console console = System.console();
        if (console != null && console.isTerminal()) {
            out.print(CLEAR);
        }
        final JsonNode rates = view.path("deltas_per_sec");
        out.printf("deltad %s  sessions %d  documents %d  elastic %d/%d  (every %d ms, Ctrl-C to stop)%n",
            view.path("node").asText(), view.path("sessions").asLong(), view.path("documents").asLong(),
            view.path("elastic_in_use").asLong(), view.path("elastic_max").asLong(), view.path("interval_ms").asLong());
        out.printf("deltas/s  ingested %,d  accepted %,d  delivered %,d%n%n", rates.path("ingested").asLong(),
            rates.path("accepted").asLong(), rates.path("delivered").asLong());
        out.printf("%-12s %-10s %4s %15s%n", "agent", "role", "cpu", "work/s");
        for (final JsonNode a : view.path("agents")) {
            out.printf("%-12s %-10s %4d %,15d%n", a.path("agent").asText(), a.path("role").asText(),
                a.path("cpu").asInt(), a.path("work_per_sec").asLong());
        }
        out.println();
        DocsCommand.printTable(view.path("docs"), out);
    }
}
