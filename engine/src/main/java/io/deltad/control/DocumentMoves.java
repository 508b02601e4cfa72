package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltad.conductor.Conductor;
import io.deltad.schema.DocNames;
import io.deltad.schema.SchemaRegistry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code promote DOC} and {@code demote DOC}: an operator moves a document by hand. The move itself is the
 * Conductor's (through {@link Conductor#execute}, so its single-threaded state stays single-threaded); this waits
 * for the handoff to finish, up to {@link #MOVE_WAIT_NS}, and answers with the agent that owns the document then.
 *
 * <p>A document is named {@code type/number}, with the type as its schema name or numeric id
 * ({@code board/12}, {@code 3/12}), or by its numeric docId.
 */
final class DocumentMoves {
    static final long MOVE_WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long POLL_MS = 5;

    private final ControlContext context;
    private final Executor slow;

    DocumentMoves(final ControlContext context, final Executor slow) {
        this.context = context;
        this.slow = slow;
    }

    /** Where a document is, as the Conductor sees it at one instant. */
    private record Placement(boolean moving, boolean elastic, int owner) {
    }

    CompletableFuture<ControlReply> promote(final JsonNode request) {
        final long docId = parseDoc(request, context.engine().schemas());
        return CompletableFuture.supplyAsync(() -> {
            final int target = onConductor(c -> c.promote(docId));
            if (target < 0) {
                throw new ControlException("cannot promote " + name(docId) +
                    ": it is elastic already, moving, or no elastic agent is free (elastic.max_elastic = " +
                    context.engine().context().elasticDocAgents() + ')');
            }
            return answer(docId, waitForHandoff(docId), true);
        }, slow);
    }

    CompletableFuture<ControlReply> demote(final JsonNode request) {
        final long docId = parseDoc(request, context.engine().schemas());
        return CompletableFuture.supplyAsync(() -> {
            if (!onConductor(c -> c.demote(docId))) {
                throw new ControlException("cannot demote " + name(docId) + ": it is not on an elastic agent, or moving");
            }
            return answer(docId, waitForHandoff(docId), false);
        }, slow);
    }

    private ControlReply answer(final long docId, final Placement placement, final boolean promoting) {
        if (placement.moving()) {
            throw new ControlException("handoff of " + name(docId) + " still in progress after " +
                TimeUnit.NANOSECONDS.toSeconds(MOVE_WAIT_NS) + " s; see the log");
        }
        if (placement.elastic() != promoting) {
            throw new ControlException("handoff of " + name(docId) + " refused by agent " +
                agentName(placement.owner()) + " (unknown type, or a previous handoff still settling); see the log");
        }
        return ControlReply.of(CommandDispatcher.ok()
            .put("doc", name(docId))
            .put("doc_id", docId)
            .put("agent", agentName(placement.owner()))
            .put("agent_index", placement.owner())
            .put("elastic", placement.elastic())
            .toString());
    }

    private Placement waitForHandoff(final long docId) {
        final long deadlineNs = System.nanoTime() + MOVE_WAIT_NS;
        Placement placement;
        do {
            placement = onConductor(c -> new Placement(c.isMoving(docId), c.isElastic(docId), c.ownerOf(docId)));
            if (!placement.moving()) {
                return placement;
            }
            sleepMs(POLL_MS);
        } while (System.nanoTime() < deadlineNs);
        return placement;
    }

    /** Runs {@code query} on the Conductor's thread and waits for its answer. */
    private <T> T onConductor(final Function<Conductor, T> query) {
        final CompletableFuture<T> answer = new CompletableFuture<>();
        if (!context.engine().conductor().execute(c -> answer.complete(query.apply(c)))) {
            throw new ControlException("conductor busy (its request queue is full); try again");
        }
        try {
            return answer.get(MOVE_WAIT_NS, TimeUnit.NANOSECONDS);
        } catch (final TimeoutException ex) {
            throw new ControlException("conductor did not answer within " +
                TimeUnit.NANOSECONDS.toSeconds(MOVE_WAIT_NS) + " s (is the appliance wedged? see deltactl stat)");
        } catch (final ExecutionException ex) {
            throw new IllegalStateException(ex.getCause());
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted: the appliance is stopping");
        }
    }

    private String agentName(final int index) {
        return context.engine().docAgents()[index].roleName();
    }

    private static void sleepMs(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted: the appliance is stopping");
        }
    }

    /** @return {@code type/number} with the type's schema name, as the operator would type it. */
    private String name(final long docId) {
        return DocNames.name(docId, context.engine().schemas());
    }

    /**
     * @return the docId named by the request's {@code doc}: {@code type/number} (type by name or id) or a docId.
     * @throws ControlException when it is missing, malformed or names no known type.
     */
    static long parseDoc(final JsonNode request, final SchemaRegistry schemas) {
        final JsonNode doc = request.get("doc");
        if (doc == null || !(doc.isTextual() || doc.isIntegralNumber())) {
            throw new ControlException("missing \"doc\": a document as type/number (e.g. board/12) or a docId");
        }
        try {
            return DocNames.parse(doc.asText().strip(), schemas);
        } catch (final IllegalArgumentException ex) {
            throw new ControlException(ex.getMessage());
        }
    }
}
