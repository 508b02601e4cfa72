package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.doc.DocAgent;
import io.deltad.schema.DocType;
import io.deltad.schema.SchemaRegistry;
import io.deltad.wire.DocIds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code docs top [limit]}: the hottest documents. Every DocAgent, on its own thread, ranks the documents it owns
 * by rate and returns its top {@code limit} ({@link DocAgent#topDocuments}); they are merged here.
 */
final class DocumentsTop {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private final ControlContext context;
    private final Executor worker;

    DocumentsTop(final ControlContext context, final Executor worker) {
        this.context = context;
        this.worker = worker;
    }

    private record Row(DocAgent agent, DocAgent.DocumentLoad load) {
    }

    /** {@code {"cmd":"docs top","limit":10}}: docId, rate, subscribers, owner agent, elastic; hottest first. */
    CompletableFuture<ControlReply> top(final JsonNode request) {
        final int limit = limit(request);
        final DocAgent[] agents = context.engine().docAgents();
        return AgentRequests.askAll(agents, DocAgent::execute, agent -> agent.topDocuments(limit),
            DocAgent::roleName, worker, perAgent -> {
                final List<Row> rows = new ArrayList<>();
                for (int a = 0; a < agents.length; a++) {
                    for (final DocAgent.DocumentLoad load : perAgent.get(a)) {
                        rows.add(new Row(agents[a], load));
                    }
                }
                rows.sort(Comparator.comparingLong((Row r) -> r.load().ratePerSec())
                    .thenComparingInt(r -> r.load().subscribers()).reversed()
                    .thenComparingLong(r -> r.load().docId()));
                final SchemaRegistry schemas = context.engine().schemas();
                final ObjectNode reply = CommandDispatcher.ok().put("limit", limit);
                final ArrayNode docs = reply.putArray("docs");
                for (final Row row : rows.subList(0, Math.min(limit, rows.size()))) {
                    final long docId = row.load().docId();
                    final DocType type = schemas.byTypeId(DocIds.typeId(docId));
                    final ObjectNode doc = docs.addObject()
                        .put("doc", (type != null ? type.name() : Integer.toString(DocIds.typeId(docId))) + "/" +
                            DocIds.number(docId))
                        .put("doc_id", docId)
                        .put("type_id", DocIds.typeId(docId));
                    if (type != null) {
                        doc.put("type", type.name());
                    }
                    doc.put("rate", row.load().ratePerSec())
                        .put("subscribers", row.load().subscribers())
                        .put("agent", row.agent().roleName())
                        .put("elastic", row.agent().isElastic());
                }
                return ControlReply.of(reply.toString());
            });
    }

    private static int limit(final JsonNode request) {
        final JsonNode limit = request.get("limit");
        if (limit == null || limit.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1 || limit.asInt() > MAX_LIMIT) {
            throw new ControlException("limit must be an integer between 1 and " + MAX_LIMIT + ", got " +
                CommandDispatcher.truncate(limit.toString()));
        }
        return limit.asInt();
    }
}
