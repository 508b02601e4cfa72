package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code deltactl shutdown}: the same clean stop as SIGTERM; returns once the appliance has accepted it. */
@Command(name = "shutdown", mixinStandardHelpOptions = true, description = "Stop the appliance cleanly (like SIGTERM).")
final class ShutdownCommand extends ControlRequest {
    @Override
    ObjectNode request() {
        return command("shutdown");
    }

    @Override
    void print(final JsonNode reply, final PrintWriter out) {
        out.println("stopping");
    }
}
