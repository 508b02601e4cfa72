package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code deltactl drain}: refuse new sessions from now on; open ones carry on (before a restart or upgrade). */
@Command(name = "drain", mixinStandardHelpOptions = true,
    description = "Stop admitting new sessions; open sessions carry on.")
final class DrainCommand extends ControlRequest {
    @Override
    ObjectNode request() {
        return command("drain");
    }

    @Override
    void print(final JsonNode reply, final PrintWriter out) {
        out.printf("draining: new sessions are refused; %d session(s) still open%n", reply.path("sessions").asLong());
    }
}
