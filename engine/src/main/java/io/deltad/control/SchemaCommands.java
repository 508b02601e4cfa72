package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.schema.DocType;
import io.deltad.schema.SchemaException;
import io.deltad.schema.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code schemas list} (the document types in use) and {@code schemas reload} (reads {@code schemas.dir} again).
 * A reload swaps the registry the engine reads when it creates a document or opens a session; documents that exist
 * keep the type they were created with, and sessions keep the read/write patterns resolved when they opened.
 */
final class SchemaCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaCommands.class);
    static final String KEEP_NOTE =
        "documents already created keep their type until restart; sessions keep the patterns they opened with";

    private final ControlContext context;
    private final Executor worker;

    SchemaCommands(final ControlContext context, final Executor worker) {
        this.context = context;
        this.worker = worker;
    }

    /** {@code {"cmd":"schemas list"}}: per type its id, name, opaque, field count, max delta bytes, source file. */
    CompletableFuture<ControlReply> list(final JsonNode request) {
        final ObjectNode reply = CommandDispatcher.ok();
        final ArrayNode types = reply.putArray("types");
        for (final DocType type : context.engine().schemas().types()) {
            types.addObject()
                .put("id", type.id())
                .put("name", type.name())
                .put("opaque", type.opaque())
                .put("fields", type.fieldCount())
                .put("max_delta_bytes", type.maxDeltaBytes())
                .put("source", String.valueOf(type.source()));
        }
        return CommandDispatcher.reply(reply);
    }

    /**
     * {@code {"cmd":"schemas reload"}}: loads every file of {@code schemas.dir}; on any error the reply names file,
     * line and key and the old schemas stay. Reads files, so it runs on the control worker.
     */
    CompletableFuture<ControlReply> reload(final JsonNode request) {
        if (context.schemasDir() == null) {
            throw new ControlException("schemas reload: this appliance was started without a schemas.dir");
        }
        return CompletableFuture.supplyAsync(() -> {
            final SchemaRegistry old = context.engine().schemas();
            final SchemaRegistry loaded;
            try {
                loaded = SchemaRegistry.load(context.schemasDir());
            } catch (final SchemaException ex) {
                LOG.warn("schemas reload refused, the old schemas stay: {}", ex.getMessage());
                throw new ControlException("schemas not reloaded, the old ones stay: " + ex.getMessage());
            }
            context.engine().schemas(loaded);
            final ObjectNode reply = CommandDispatcher.ok()
                .put("dir", context.schemasDir().toString())
                .put("types", loaded.types().size());
            final ArrayNode added = reply.putArray("added");
            final ArrayNode changed = reply.putArray("changed");
            final ArrayNode removed = reply.putArray("removed");
            for (final DocType type : loaded.types()) {
                final DocType before = old.byTypeId(type.id());
                if (before == null) {
                    added.add(type.name());
                } else if (!sameShape(before, type)) {
                    changed.add(type.name());
                }
            }
            for (final DocType type : old.types()) {
                if (loaded.byTypeId(type.id()) == null) {
                    removed.add(type.name());
                }
            }
            reply.put("note", KEEP_NOTE);
            LOG.info("schemas reloaded from {}: {} type(s), added {}, changed {}, removed {}", context.schemasDir(),
                loaded.types().size(), added, changed, removed);
            return ControlReply.of(reply.toString());
        }, worker);
    }

    private static boolean sameShape(final DocType a, final DocType b) {
        return a.name().equals(b.name()) && a.opaque() == b.opaque() && a.maxDeltaBytes() == b.maxDeltaBytes() &&
            Objects.equals(a.fields(), b.fields());
    }
}
