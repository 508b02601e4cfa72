package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.io.IoAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code sessions} (every attached session, asked of each IoAgent on its own thread) and {@code kick SESSION}
 * (the owning IoAgent detaches it: its subscriptions end, its transport is closed).
 */
final class SessionCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCommands.class);

    private final ControlContext context;
    private final Executor worker;

    SessionCommands(final ControlContext context, final Executor worker) {
        this.context = context;
        this.worker = worker;
    }

    /** {@code {"cmd":"sessions"}}: per session its id, name, IoAgent, peer, subscription count and last clientSeq. */
    CompletableFuture<ControlReply> sessions(final JsonNode request) {
        return AgentRequests.askAll(context.engine().ioAgents(), IoAgent::execute, IoAgent::sessionInfos,
            IoAgent::roleName, worker, perAgent -> {
                final ObjectNode reply = CommandDispatcher.ok();
                final ArrayNode sessions = reply.putArray("sessions");
                perAgent.stream().flatMap(List::stream)
                    .sorted(java.util.Comparator.comparingInt(IoAgent.SessionInfo::id))
                    .forEach(s -> sessions.addObject()
                        .put("id", s.id())
                        .put("name", s.name())
                        .put("io_agent", "io-" + s.ioAgent())
                        .put("peer", s.peer())
                        .put("subscriptions", s.subscriptions())
                        .put("last_client_seq", s.lastClientSeq()));
                return ControlReply.of(reply.toString());
            });
    }

    /** {@code {"cmd":"kick","session":12}}: closes the session; ok, or "no such session". */
    CompletableFuture<ControlReply> kick(final JsonNode request) {
        final JsonNode session = request.get("session");
        if (session == null || !(session.isTextual() || session.isIntegralNumber() && session.canConvertToInt())) {
            throw new ControlException("missing \"session\": a session id as deltactl sessions lists it");
        }
        final int id;
        try {
            id = session.isTextual() ? Integer.parseInt(session.asText().strip()) : session.asInt();
        } catch (final NumberFormatException ex) {
            throw new ControlException("bad session id \"" + CommandDispatcher.truncate(session.asText()) + '"');
        }
        return AgentRequests.askAll(context.engine().ioAgents(), IoAgent::execute, agent -> agent.kick(id),
            IoAgent::roleName, worker, kicked -> {
                if (!kicked.contains(Boolean.TRUE)) {
                    throw new ControlException("no such session " + id);
                }
                context.engine().forget(id);
                LOG.info("session {} kicked (control socket)", id);
                return ControlReply.of(CommandDispatcher.ok().put("session", id).put("kicked", true).toString());
            });
    }
}
