package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code deltactl sessions}: one line per open session; {@code deltactl kick SESSION} closes one. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "List open sessions: id, name, io agent, peer (local or webrtc address), subscriptions, last clientSeq.")
final class SessionsCommand extends ControlRequest {
    @Override
    ObjectNode request() {
        return command("sessions");
    }

    @Override
    void print(final JsonNode reply, final PrintWriter out) {
        out.printf("%8s  %-20s %-8s %-28s %13s %15s%n", "id", "name", "io", "peer", "subscriptions", "last clientSeq");
        for (final JsonNode s : reply.path("sessions")) {
            out.printf("%8d  %-20s %-8s %-28s %,13d %,15d%n", s.path("id").asInt(), s.path("name").asText(),
                s.path("io_agent").asText(), s.path("peer").asText(), s.path("subscriptions").asInt(),
                s.path("last_client_seq").asLong());
        }
        out.printf("%d session(s)%n", reply.path("sessions").size());
    }

    /** {@code kick SESSION}. */
    @Command(name = "kick", mixinStandardHelpOptions = true,
        description = "Close one session (its subscriptions end; the client may reconnect).")
    static final class Kick extends ControlRequest {
        @Parameters(index = "0", paramLabel = "SESSION", description = "session id, as deltactl sessions lists it")
        int session;

        @Override
        ObjectNode request() {
            return command("kick").put("session", session);
        }

        @Override
        void print(final JsonNode reply, final PrintWriter out) {
            out.printf("session %d closed%n", reply.path("session").asInt());
        }
    }
}
