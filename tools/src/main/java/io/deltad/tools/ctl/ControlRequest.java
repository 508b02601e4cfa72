package io.deltad.tools.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.config.ConfigException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A {@code deltactl} command that sends one request to the control socket and prints the reply: as a table for
 * people, or the raw JSON line with {@code --json}. Exit 0 when the appliance said ok, 1 when it refused or could
 * not be reached (picocli gives 2 for usage errors).
 */
abstract class ControlRequest implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ControlOptions options;

    @Spec
    CommandSpec spec;

    /** @return the request object, {@code cmd} included. */
    abstract ObjectNode request();

    /** Prints a successful reply for people. */
    abstract void print(JsonNode reply, PrintWriter out);

    static ObjectNode command(final String verb) {
        return JSON.createObjectNode().put("cmd", verb);
    }

    @Override
    public final Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path socket;
        try {
            socket = options.socketPath();
        } catch (final ConfigException ex) {
            err.println("deltactl: " + ex.getMessage());
            err.flush();
            return 1;
        }
        final String line;
        try (ControlClient client = ControlClient.connect(socket)) {
            line = client.exchange(request().toString());
        } catch (final IOException ex) {
            err.println("deltactl: cannot reach the appliance on " + socket + ": " + describe(ex) +
                " (is it running with this config? --socket or --config name another)");
            err.flush();
            return 1;
        }
        final JsonNode reply;
        try {
            reply = JSON.readTree(line);
        } catch (final JsonProcessingException ex) {
            err.println("deltactl: unreadable reply from the appliance: " + line);
            err.flush();
            return 1;
        }
        final boolean ok = reply.path("ok").asBoolean(false);
        if (options.json) {
            out.println(line);
        } else if (ok) {
            print(reply, out);
        }
        if (!ok) {
            err.println("deltactl: the appliance refused: " + reply.path("error").asText("(no reason given)"));
        }
        out.flush();
        err.flush();
        return ok ? 0 : 1;
    }

    private static String describe(final IOException ex) {
        final String message = ex.getMessage();
        return message == null ? ex.getClass().getSimpleName() : message;
    }
}
