package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code deltactl workers}: one line per agent with its role, CPU and work counter (its rate is its load). */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "List the agents: role, CPU, work done.")
final class WorkersCommand extends ControlRequest {
    @Override
    ObjectNode request() {
        return command("workers");
    }

    @Override
    void print(final JsonNode reply, final PrintWriter out) {
        out.printf("%-12s %-10s %4s %15s %13s%n", "agent", "role", "cpu", "work", "queued bytes");
        for (final JsonNode worker : reply.path("workers")) {
            out.printf("%-12s %-10s %4d %,15d %,13d%n", worker.path("agent").asText(), worker.path("role").asText(),
                worker.path("cpu").asInt(), worker.path("work").asLong(), worker.path("queued_bytes").asLong());
        }
    }
}
