package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/**
 * One verb of the control protocol. Quick verbs answer with an already completed future and run on the control
 * thread; slow ones (a document move waits for its handoff) complete the future later from another thread, and the
 * connection waits for it without holding up other clients.
 */
@FunctionalInterface
interface ControlCommand {
    /**
     * @param request the whole request object, {@code cmd} included.
     * @return the reply; a {@link ControlException} (thrown or completing the future) becomes an error reply.
     */
    CompletableFuture<ControlReply> handle(JsonNode request);
}
