package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code deltactl config get [KEY]} / {@code deltactl config set KEY VALUE}: the settings that change while the
 * appliance runs (elastic thresholds and idle timeout, session rate limits). Values are checked as in the config
 * file; a change lasts until restart (edit the file to keep it).
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Read or change runtime settings (elastic.*, limits.session_*, limits.on_rate_limit).",
    subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class})
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: get or set");
    }

    /** {@code config get [KEY]}: one key, or all runtime keys. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a runtime setting (all without KEY).")
    static final class Get extends ControlRequest {
        @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "e.g. elastic.promotion_threshold")
        String key;

        @Override
        ObjectNode request() {
            final ObjectNode request = command("config get");
            return key == null ? request : request.put("key", key);
        }

        @Override
        void print(final JsonNode reply, final PrintWriter out) {
            if (reply.has("values")) {
                reply.path("values").properties().forEach(e -> out.printf("%s = %s%n", e.getKey(), e.getValue().asText()));
            } else {
                out.printf("%s = %s%n", reply.path("key").asText(), reply.path("value").asText());
            }
        }
    }

    /** {@code config set KEY VALUE}. */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a runtime setting until restart.")
    static final class Set extends ControlRequest {
        @Parameters(index = "0", paramLabel = "KEY", description = "e.g. elastic.promotion_threshold")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "as in the config file: 5000, \"10s\", nack")
        String value;

        @Override
        ObjectNode request() {
            return command("config set").put("key", key).put("value", value);
        }

        @Override
        void print(final JsonNode reply, final PrintWriter out) {
            out.printf("%s = %s (was %s)%n", reply.path("key").asText(), reply.path("value").asText(),
                reply.path("previous").asText());
        }
    }
}
