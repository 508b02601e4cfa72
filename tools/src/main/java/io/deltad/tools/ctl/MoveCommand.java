package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code deltactl promote DOC} and {@code deltactl demote DOC}: move a document to an elastic agent or back, by
 * hand. The appliance answers once the handoff is done (at most 2 s), naming the agent that owns the document.
 */
abstract class MoveCommand extends ControlRequest {
    @Parameters(index = "0", paramLabel = "DOC", description = "type/number (board/12 or 3/12) or a numeric docId.")
    String doc;

    abstract String verb();

    @Override
    final ObjectNode request() {
        return command(verb()).put("doc", doc);
    }

    @Override
    final void print(final JsonNode reply, final PrintWriter out) {
        out.printf("document %s now on %s (agent %d%s)%n", reply.path("doc").asText(), reply.path("agent").asText(),
            reply.path("agent_index").asInt(), reply.path("elastic").asBoolean() ? ", elastic" : "");
    }

    /** {@code promote DOC}. */
    @Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Move a document to a free elastic agent now, whatever its rate.")
    static final class Promote extends MoveCommand {
        @Override
        String verb() {
            return "promote";
        }
    }

    /** {@code demote DOC}. */
    @Command(name = "demote", mixinStandardHelpOptions = true,
        description = "Move an elastic document back to its core agent now.")
    static final class Demote extends MoveCommand {
        @Override
        String verb() {
            return "demote";
        }
    }
}
