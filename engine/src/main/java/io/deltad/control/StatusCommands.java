package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltad.counters.DeltadCounters;
import org.agrona.concurrent.status.CountersReader;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * {@code status} and {@code workers}: read-only views built from the counters (which every agent already
 * publishes with release stores), so answering never asks an agent for anything.
 */
final class StatusCommands {
    private static final String AGENT_WORK_PREFIX = "agent work: ";

    private final ControlContext context;
    private final ControlCounters control;
    private final IntSupplier openConnections;

    StatusCommands(final ControlContext context, final ControlCounters control, final IntSupplier openConnections) {
        this.context = context;
        this.control = control;
        this.openConnections = openConnections;
    }

    /**
     * {@code {"cmd":"status"}}: node, pid, uptime, agents and CPUs, sessions, documents, elastic use, each io agent's
     * packet path (kernel UDP or DPDK, GSO, offload, steering), key counters.
     */
    CompletableFuture<ControlReply> status(final JsonNode request) {
        final DeltadCounters counters = context.engine().counters();
        final ObjectNode reply = CommandDispatcher.ok()
            .put("node", context.nodeName())
            .put("pid", ProcessHandle.current().pid())
            .put("uptime_ms", System.currentTimeMillis() - context.startedMs())
            .put("admitting", context.engine().isAdmitting())
            .put("agents", context.workers().size());
        final ArrayNode cpus = reply.putArray("cpus");
        new TreeSet<>(context.workers().stream().map(ControlContext.Worker::cpu).toList()).forEach(cpus::add);
        reply.put("sessions", counters.sessions().get())
            .put("documents", counters.documents().get())
            .put("subscribers", counters.subscribers().get())
            .put("elastic_in_use", counters.elasticActive().get())
            .put("elastic_max", context.engine().context().elasticDocAgents());
        final ArrayNode paths = reply.putArray("packet_paths");
        context.packetPaths().get().forEach(paths::add);
        final ObjectNode key = reply.putObject("counters");
        key.put("deltas ingested", counters.deltasIngested().get());
        key.put("deltas accepted", counters.deltasAccepted().get());
        key.put("deltas delivered", counters.deltasDelivered().get());
        key.put("promotions", counters.promotions().get());
        key.put("demotions", counters.demotions().get());
        key.put("frames malformed", counters.framesMalformed().get());
        key.put("store full", counters.storeFull().get());
        key.put("chunks free", counters.chunksFree().get());
        key.put("errors", counters.errors().get());
        reply.putObject("control")
            .put("connections", openConnections.getAsInt())
            .put("accepted", control.acceptedCount())
            .put("refused_busy", control.refusedBusyCount())
            .put("refused_uid", control.refusedUidCount())
            .put("bad_requests", control.badRequestCount())
            .put("idle_closed", control.idleClosedCount());
        return CommandDispatcher.reply(reply);
    }

    /** {@code {"cmd":"workers"}}: per agent its role, CPU and work counter. */
    CompletableFuture<ControlReply> workers(final JsonNode request) {
        final Map<String, Long> work = agentWork(context.engine().counters().manager());
        final ObjectNode reply = CommandDispatcher.ok();
        final ArrayNode workers = reply.putArray("workers");
        for (final ControlContext.Worker worker : context.workers()) {
            workers.addObject()
                .put("agent", worker.name())
                .put("role", worker.role())
                .put("cpu", worker.cpu())
                .put("work", work.getOrDefault(worker.name(), 0L))
                .put("queued_bytes", worker.queuedBytes().getAsLong());
        }
        return CommandDispatcher.reply(reply);
    }

    private static Map<String, Long> agentWork(final CountersReader reader) {
        final Map<String, Long> work = new HashMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) -> {
            if (label.startsWith(AGENT_WORK_PREFIX)) {
                work.put(label.substring(AGENT_WORK_PREFIX.length()), reader.getCounterValue(counterId));
            }
        });
        return work;
    }
}
