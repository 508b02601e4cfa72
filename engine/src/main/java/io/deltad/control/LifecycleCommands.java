package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/** {@code drain} (stop admitting sessions) and {@code shutdown} (the same clean stop as SIGTERM). */
final class LifecycleCommands {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleCommands.class);

    private final ControlContext context;

    LifecycleCommands(final ControlContext context) {
        this.context = context;
    }

    /** {@code {"cmd":"drain"}}: new sessions are refused from now on; open ones carry on. */
    CompletableFuture<ControlReply> drain(final JsonNode request) {
        final boolean wasAdmitting = context.engine().isAdmitting();
        context.engine().drain();
        if (wasAdmitting) {
            LOG.info("draining: new sessions are refused from now on (control socket)");
        }
        return CommandDispatcher.reply(CommandDispatcher.ok()
            .put("admitting", false)
            .put("sessions", context.engine().counters().sessions().get()));
    }

    /**
     * {@code {"cmd":"shutdown"}}: replies first, then stops on a thread of its own. Not on the control thread:
     * stopping the appliance stops (and waits for) the control thread.
     */
    CompletableFuture<ControlReply> shutdown(final JsonNode request) {
        final String line = CommandDispatcher.ok().put("stopping", true).toString();
        return CompletableFuture.completedFuture(new ControlReply(line, () -> {
            LOG.info("shutdown requested on the control socket");
            Thread.ofPlatform().name("deltad-control-shutdown").start(context.shutdown());
        }));
    }
}
