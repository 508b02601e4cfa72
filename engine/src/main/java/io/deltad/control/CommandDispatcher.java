package io.deltad.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * Turns one request line into one reply line. A request is a JSON object with a {@code cmd} (the verb) and the
 * verb's arguments, e.g. {@code {"cmd":"promote","doc":"board/12"}}; the reply is {@code {"ok":true,...}} or
 * {@code {"ok":false,"error":"..."}}. Nothing a client sends can make the dispatcher throw: malformed input is
 * answered, unexpected failures are logged and answered as internal errors.
 */
public final class CommandDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ControlCommand> verbs = new LinkedHashMap<>();
    /** Runs the verbs that wait (document moves, schema reload, combining agents' answers), so the control thread keeps serving meanwhile. */
    private final ExecutorService slow = Executors.newSingleThreadExecutor(
        r -> Thread.ofPlatform().name("deltad-control-worker").daemon(true).unstarted(r));

    CommandDispatcher(final ControlContext context, final ControlCounters counters, final IntSupplier openConnections) {
        final StatusCommands status = new StatusCommands(context, counters, openConnections);
        verbs.put("status", status::status);
        verbs.put("workers", status::workers);
        final DocumentMoves moves = new DocumentMoves(context, slow);
        verbs.put("promote", moves::promote);
        verbs.put("demote", moves::demote);
        final RuntimeConfig config = new RuntimeConfig(context);
        verbs.put("config get", config::get);
        verbs.put("config set", config::set);
        final SessionCommands sessions = new SessionCommands(context, slow);
        verbs.put("sessions", sessions::sessions);
        verbs.put("kick", sessions::kick);
        final SchemaCommands schemas = new SchemaCommands(context, slow);
        verbs.put("schemas list", schemas::list);
        verbs.put("schemas reload", schemas::reload);
        verbs.put("docs top", new DocumentsTop(context, slow)::top);
        final LifecycleCommands lifecycle = new LifecycleCommands(context);
        verbs.put("drain", lifecycle::drain);
        verbs.put("shutdown", lifecycle::shutdown);
    }

    /** @return a reply object with {@code "ok":true}, for the verbs to add to. */
    static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    /** @return an already completed reply. */
    static CompletableFuture<ControlReply> reply(final ObjectNode body) {
        return CompletableFuture.completedFuture(ControlReply.of(body.toString()));
    }

    /** @return the error reply line for {@code message}. */
    static String error(final String message) {
        return JSON.createObjectNode().put("ok", false).put("error", message).toString();
    }

    /** @return the verbs this dispatcher answers, in protocol order. */
    public Iterable<String> verbs() {
        return verbs.keySet();
    }

    /**
     * @param line one request, without its newline; already checked for length and NUL bytes.
     * @return the reply, never completed exceptionally.
     */
    public CompletableFuture<ControlReply> dispatch(final String line) {
        CompletableFuture<ControlReply> result;
        try {
            result = route(line);
        } catch (final RuntimeException ex) {
            result = CompletableFuture.failedFuture(ex);
        }
        return result.exceptionally(CommandDispatcher::toErrorReply);
    }

    private CompletableFuture<ControlReply> route(final String line) {
        final JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (final JsonProcessingException ex) {
            throw new ControlException("not a JSON object: " + ex.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new ControlException("request must be a JSON object like {\"cmd\":\"status\"}");
        }
        final JsonNode cmd = request.get("cmd");
        if (cmd == null || !cmd.isTextual()) {
            throw new ControlException("missing \"cmd\" (one of: " + String.join(", ", verbs.keySet()) + ')');
        }
        final ControlCommand command = verbs.get(cmd.asText());
        if (command == null) {
            throw new ControlException("unknown command \"" + truncate(cmd.asText()) + "\" (one of: " +
                String.join(", ", verbs.keySet()) + ')');
        }
        return command.handle(request);
    }

    private static ControlReply toErrorReply(final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (cause instanceof ControlException refused) {
            return ControlReply.of(error(refused.getMessage()));
        }
        LOG.warn("control request failed", cause);
        return ControlReply.of(error("internal error: " + cause));
    }

    // Echoing a client's 4 KiB verb back in full helps nobody reading the error.
    static String truncate(final String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    @Override
    public void close() {
        slow.shutdownNow();
    }
}
