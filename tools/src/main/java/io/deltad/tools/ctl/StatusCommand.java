package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code deltactl status}: node, uptime, agents, sessions, documents, elastic use, key counters. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show what the appliance is doing.")
final class StatusCommand extends ControlRequest {
    @Override
    ObjectNode request() {
        return command("status");
    }

    @Override
    void print(final JsonNode reply, final PrintWriter out) {
        final List<String> cpus = new ArrayList<>();
        reply.path("cpus").forEach(cpu -> cpus.add(cpu.asText()));
        out.printf("node %s  pid %d  up %s  %s%n", reply.path("node").asText(), reply.path("pid").asLong(),
            uptime(reply.path("uptime_ms").asLong()), reply.path("admitting").asBoolean() ? "admitting" : "draining");
        out.printf("agents %d on CPU %s  sessions %d  documents %d  subscribers %d  elastic %d/%d%n",
            reply.path("agents").asInt(), String.join(",", cpus), reply.path("sessions").asLong(),
            reply.path("documents").asLong(), reply.path("subscribers").asLong(),
            reply.path("elastic_in_use").asLong(), reply.path("elastic_max").asLong());
        final JsonNode paths = reply.path("packet_paths");
        for (int i = 0; i < paths.size(); i++) {
            out.printf("io-%d packets: %s%n", i, paths.get(i).asText());
        }
        final JsonNode counters = reply.path("counters");
        int width = 0;
        for (final var names = counters.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, names.next().length());
        }
        final String format = "  %-" + Math.max(width, 1) + "s  %,d%n";
        counters.properties().forEach(e -> out.printf(format, e.getKey(), e.getValue().asLong()));
        final JsonNode control = reply.path("control");
        out.printf("control socket: %d open, %d accepted, refused %d busy / %d other user, %d bad requests, %d idle closed%n",
            control.path("connections").asLong(), control.path("accepted").asLong(),
            control.path("refused_busy").asLong(), control.path("refused_uid").asLong(),
            control.path("bad_requests").asLong(), control.path("idle_closed").asLong());
    }

    private static String uptime(final long ms) {
        final long s = ms / 1000;
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
            : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%.1fs", ms / 1000.0);
    }
}
