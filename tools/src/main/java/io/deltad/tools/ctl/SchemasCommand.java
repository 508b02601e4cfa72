package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deltactl schemas list} / {@code deltactl schemas reload}: the document types in use, and reading
 * {@code schemas.dir} again. A bad file is refused with its file, line and key, and the old schemas stay; documents
 * already created keep their type.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
    description = "List the document types or reload them from schemas.dir.",
    subcommands = {SchemasCommand.ListTypes.class, SchemasCommand.Reload.class})
final class SchemasCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: list or reload");
    }

    /** {@code schemas list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "Document types: id, name, opaque, fields, max delta bytes, source file.")
    static final class ListTypes extends ControlRequest {
        @Override
        ObjectNode request() {
            return command("schemas list");
        }

        @Override
        void print(final JsonNode reply, final PrintWriter out) {
            out.printf("%5s  %-16s %-6s %6s %15s  %s%n", "id", "name", "opaque", "fields", "max_delta_bytes", "source");
            for (final JsonNode t : reply.path("types")) {
                out.printf("%5d  %-16s %-6s %6d %15d  %s%n", t.path("id").asInt(), t.path("name").asText(),
                    t.path("opaque").asBoolean() ? "yes" : "no", t.path("fields").asInt(),
                    t.path("max_delta_bytes").asInt(), t.path("source").asText());
            }
        }
    }

    /** {@code schemas reload}. */
    @Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Read schemas.dir again; on any error the old schemas stay.")
    static final class Reload extends ControlRequest {
        @Override
        ObjectNode request() {
            return command("schemas reload");
        }

        @Override
        void print(final JsonNode reply, final PrintWriter out) {
            out.printf("reloaded %d type(s) from %s: added %s, changed %s, removed %s%n", reply.path("types").asInt(),
                reply.path("dir").asText(), names(reply.path("added")), names(reply.path("changed")),
                names(reply.path("removed")));
            out.println("note: " + reply.path("note").asText());
        }

        private static String names(final JsonNode array) {
            final List<String> names = new ArrayList<>();
            array.forEach(n -> names.add(n.asText()));
            return names.isEmpty() ? "none" : String.join(", ", names);
        }
    }
}
