package io.deltad.doc;

import io.deltad.conductor.Tunables;
import io.deltad.counters.CodeTally;
import io.deltad.ring.Messages;
import io.deltad.ring.Ring;
import io.deltad.ring.RingSender;
import io.deltad.schema.DeltaValidator;
import io.deltad.schema.DocState;
import io.deltad.schema.DocType;
import io.deltad.schema.SchemaRegistry;
import io.deltad.store.ChunkReleaser;
import io.deltad.store.ChunkStore;
import io.deltad.store.ChunkWriter;
import io.deltad.store.RecordLayout;
import io.deltad.stream.DeltaStream;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Owns documents: validates their deltas against the schema, gives each the next seq, appends it to the
 * document's {@link DeltaStream}, updates the materialised state, and tells the IoAgents that have subscribers.
 * A core DocAgent owns the documents whose docId hashes to it; an elastic one owns a single hot document.
 *
 * <p>Single thread: everything here is touched only by the agent's thread. Inputs: one SPSC ring per IoAgent,
 * one MPSC command ring (Conductor, other DocAgents). Outputs: one SPSC ring per IoAgent, other agents' command
 * rings, the Conductor's ring.
 *
 * <p>Handoff (promotion/demotion) keeps per-document total order and per-client FIFO: the old owner sends ADOPT to
 * the new owner, then ROUTE to every IoAgent; each IoAgent switches its route and puts a MARKER into its ring to the
 * old owner, which forwards everything it still receives for the document, MARKERs included, to the new owner in
 * order. The new owner parks what an IoAgent sends it directly until that IoAgent's MARKER has come through.
 */
public final class DocAgent implements Agent {
    /** Messages per ring per cycle; a message may be a batch of up to 64 deltas. */
    private static final int IO_BATCH_LIMIT = 16;
    private static final int COMMAND_LIMIT = 64;
    private static final int SWEEP_DOCS_PER_CYCLE = 16;
    /** Requests from other threads (control socket) run per duty cycle: few, they may walk every owned document. */
    private static final int REQUEST_LIMIT = 2;
    private static final int REQUEST_QUEUE_CAPACITY = 64;

    private final String roleName;
    private final int index;
    private final boolean elastic;
    private final ChunkStore store;
    private final MemorySegment memory;
    private final DocumentDirectory directory;
    private final Supplier<SchemaRegistry> schemas;
    private final Tunables tunables;
    private final NanoClock clock;
    private final long retentionNs;
    private final long rateWindowNs;
    private final DocAgentCounters counters;

    private final Ring[] fromIo;
    private final RingSender[] toIo;
    private final Ring commands;
    private final RingSender[] toAgents;
    private final RingSender toConductor;
    private final long allIoMask;

    private final DeltaValidator validator = new DeltaValidator();
    private final FrameHeader header = new FrameHeader();
    private final CodeTally rejected;
    private final ChunkWriter writer;
    private final ChunkReleaser releaser;
    private final Long2ObjectHashMap<Document> docs = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Forwarding> forwarding = new Long2ObjectHashMap<>();
    private final ArrayList<Document> owned = new ArrayList<>();
    private final ArrayList<Document> toNotify = new ArrayList<>();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    /** One delta of a batch, presented as a DELTA message so parking and forwarding see single deltas. */
    private final UnsafeBuffer single = new UnsafeBuffer(new byte[Long.BYTES]);
    private final ExpandableArrayBuffer forwardBuffer = new ExpandableArrayBuffer(256);
    private final MessageHandler ioHandler = this::onIoMessage;
    private final MessageHandler commandHandler = this::onCommand;
    private final ManyToOneConcurrentArrayQueue<Consumer<DocAgent>> requests =
        new ManyToOneConcurrentArrayQueue<>(REQUEST_QUEUE_CAPACITY);
    private final Consumer<Consumer<DocAgent>> requestRunner = this::runRequest;

    private int currentIo;
    private boolean readingCommands;
    private long nowNs;
    private long windowStartNs;
    /** Id of the current rate window; counts are per (document, window), so a window ends in O(1). */
    private long window;
    /** Deltas in one window at which a core agent reports a document as hot. */
    private long hotCountPerWindow = Long.MAX_VALUE;
    private int sweepCursor;
    private long acceptedInCycle;

    /**
     * @param roleName  "doc-N" or "elastic-N", for counters and logs
     * @param index     this agent's index among all DocAgents (core first, then elastic)
     * @param fromIo    ring from each IoAgent to this agent
     * @param toIo      sender to each IoAgent
     * @param commands  this agent's command ring (it is the consumer)
     * @param toAgents  sender to every DocAgent's command ring (indexed by agent index; own entry unused)
     */
    public DocAgent(
        final String roleName,
        final int index,
        final boolean elastic,
        final ChunkStore store,
        final DocumentDirectory directory,
        final Supplier<SchemaRegistry> schemas,
        final Tunables tunables,
        final NanoClock clock,
        final long retentionNs,
        final long rateWindowNs,
        final DocAgentCounters counters,
        final Ring[] fromIo,
        final RingSender[] toIo,
        final Ring commands,
        final RingSender[] toAgents,
        final RingSender toConductor) {
        if (fromIo.length > 64) {
            throw new IllegalArgumentException("at most 64 IoAgents");
        }
        this.roleName = roleName;
        this.index = index;
        this.elastic = elastic;
        this.store = store;
        this.memory = store.segment();
        this.directory = directory;
        this.schemas = schemas;
        this.tunables = tunables;
        this.clock = clock;
        this.retentionNs = retentionNs;
        this.rateWindowNs = rateWindowNs;
        this.counters = counters;
        this.rejected = new CodeTally(counters.rejectedByCode());
        this.fromIo = fromIo;
        this.toIo = toIo;
        this.commands = commands;
        this.toAgents = toAgents;
        this.toConductor = toConductor;
        this.allIoMask = fromIo.length == 64 ? -1L : (1L << fromIo.length) - 1;
        this.writer = new ChunkWriter(store);
        this.releaser = new ChunkReleaser(store);
    }

    @Override
    public String roleName() {
        return roleName;
    }

    public int index() {
        return index;
    }

    public boolean isElastic() {
        return elastic;
    }

    /** Bytes waiting in this agent's input rings (from IoAgents, commands); any thread (for tools). */
    public long queuedBytes() {
        long bytes = commands.size();
        for (final Ring ring : fromIo) {
            bytes += ring.size();
        }
        return bytes;
    }

    /** Documents this agent owns now. For tests and tools on the agent's own thread. */
    public int ownedCount() {
        return owned.size();
    }

    /**
     * Runs {@code request} on this agent's thread at its next duty cycle (a few per cycle); false if the queue is
     * full. For the control plane: reads of the agent's state, which only its thread may touch.
     */
    public boolean execute(final Consumer<DocAgent> request) {
        return requests.offer(request);
    }

    private void runRequest(final Consumer<DocAgent> request) {
        request.accept(this);
    }

    /**
     * One owned document's load, as {@code deltactl docs top} shows it.
     *
     * @param docId       the document.
     * @param ratePerSec  deltas/s: the count of the owner's last full rate window when the document's count is
     *                    from that window, else the count of the current, partial window scaled to a second (at
     *                    least 1 ms elapsed), 0 when it had no delta in either.
     * @param subscribers subscriptions across all IoAgents.
     */
    public record DocumentLoad(long docId, long ratePerSec, int subscribers) {
    }

    /**
     * The {@code limit} owned documents with the highest rate, highest first. Call on this agent's thread (through
     * {@link #execute}); allocates (control plane).
     */
    public List<DocumentLoad> topDocuments(final int limit) {
        final long now = clock.nanoTime();
        final long partialNs = Math.max(now - windowStartNs, 1_000_000L);
        final List<DocumentLoad> loads = new ArrayList<>(owned.size());
        for (int i = 0, n = owned.size(); i < n; i++) {
            final Document doc = owned.get(i);
            final long rate;
            if (doc.countWindow == window - 1) {
                rate = doc.windowCount * 1_000_000_000L / rateWindowNs;
            } else if (doc.countWindow == window) {
                rate = doc.windowCount * 1_000_000_000L / partialNs;
            } else {
                rate = 0;
            }
            loads.add(new DocumentLoad(doc.docId(), rate, doc.subscribers));
        }
        loads.sort(Comparator.comparingLong(DocumentLoad::ratePerSec)
            .thenComparingInt(DocumentLoad::subscribers)
            .thenComparingLong(DocumentLoad::docId).reversed());
        return loads.size() > limit ? List.copyOf(loads.subList(0, limit)) : loads;
    }

    @Override
    public void onStart() {
        windowStartNs = clock.nanoTime();
        hotCountPerWindow = hotCountPerWindow();
    }

    @Override
    public int doWork() {
        nowNs = clock.nanoTime();
        int work = flushSenders();
        work += readCommands(COMMAND_LIMIT);
        if (!requests.isEmpty()) {
            work += requests.drain(requestRunner, REQUEST_LIMIT);
        }
        for (int q = 0; q < fromIo.length; q++) {
            currentIo = q;
            work += fromIo[q].buffer().read(ioHandler, IO_BATCH_LIMIT);
        }
        work += publishNotifications();
        work += rollRateWindow();
        work += sweepRetention();
        releaser.flush();
        publishCycleCounters(work);
        return work;
    }

    @Override
    public void onClose() {
        releaser.flush();
        writer.sealCurrent();
    }

    private int flushSenders() {
        int moved = toConductor.flush();
        for (final RingSender sender : toIo) {
            moved += sender.flush();
        }
        for (final RingSender sender : toAgents) {
            if (sender != null) {
                moved += sender.flush();
            }
        }
        return moved;
    }

    private int readCommands(final int limit) {
        if (readingCommands) {
            return 0;
        }
        readingCommands = true;
        try {
            return commands.buffer().read(commandHandler, limit);
        } finally {
            readingCommands = false;
        }
    }

    private void publishCycleCounters(final int work) {
        if (work == 0) {
            return;
        }
        counters.work().getAndAddRelease(work);
        if (acceptedInCycle != 0) {
            counters.accepted().getAndAdd(acceptedInCycle);
            acceptedInCycle = 0;
        }
        rejected.flush();
    }

    // ---------------------------------------------------------------- messages from IoAgents

    private void onIoMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length) {
        if (type == Messages.DELTA_BATCH) {
            final int count = buffer.getInt(offset + Messages.DELTA_BATCH_COUNT);
            for (int i = 0; i < count; i++) {
                single.putLong(0, buffer.getLong(offset + Messages.DELTA_BATCH_FIRST + i * Long.BYTES));
                onIoMessage(Messages.DELTA, single, 0, Long.BYTES);
            }
            return;
        }
        final long docId = type == Messages.DELTA
            ? memory.get(FrameHeader.U64, RecordLayout.frameAddress(buffer.getLong(offset)) + FrameHeader.DOC_ID_OFFSET)
            : buffer.getLong(offset);
        Document doc = docs.get(docId);
        if (doc == null) {
            final Forwarding fwd = forwarding.get(docId);
            if (fwd != null) {
                forward(fwd, docId, currentIo, type, buffer, offset, length);
                return;
            }
            // An ADOPT for this document may sit in our command ring, written before the IoAgent was told to route
            // here; take it before deciding the document is new.
            readCommands(Integer.MAX_VALUE);
            doc = docs.get(docId);
        }
        if (doc != null && (doc.parkedIoMask & (1L << currentIo)) != 0) {
            park(doc, currentIo, type, buffer, offset, length);
            return;
        }
        dispatch(doc, docId, currentIo, type, buffer, offset);
    }

    private void dispatch(
        final Document known, final long docId, final int io, final int type, final DirectBuffer buffer, final int offset) {
        switch (type) {
            case Messages.DELTA -> onDelta(known, docId, buffer.getLong(offset));
            case Messages.SUBSCRIBE -> onSubscribe(known, docId, io, buffer, offset);
            case Messages.UNSUBSCRIBE -> onUnsubscribe(known, io, buffer.getInt(offset + 8));
            case Messages.MARKER -> { } // a MARKER for a document we own and never handed over: stale, ignore
            default -> throw new IllegalStateException(roleName + ": unknown io message type " + type);
        }
    }

    private Document getOrCreate(final Document known, final long docId) {
        if (known != null) {
            return known;
        }
        final DocType type = schemas.get().byTypeId(DocIds.typeId(docId));
        if (type == null) {
            return null;
        }
        final Document doc = directory.create(docId, type);
        if (doc != null) {
            docs.put(docId, doc);
            owned.add(doc);
            counters.documents().getAndAdd(1);
        }
        return doc;
    }

    private void onDelta(final Document known, final long docId, final long address) {
        final Document doc = getOrCreate(known, docId);
        if (doc == null) {
            reject(address, schemas.get().byTypeId(DocIds.typeId(docId)) == null ? NackCode.UNKNOWN_DOC_TYPE : NackCode.BUSY, -1);
            return;
        }
        header.wrap(memory, RecordLayout.frameAddress(address));
        final long payloadOffset = header.payloadOffset();
        final int payloadLength = (int) header.payloadLength();
        final DocState state = doc.state();
        final int code = validator.validate(
            doc.type(), state, memory, payloadOffset, payloadLength, RecordLayout.writerRoles(memory, address));
        if (code != NackCode.NONE) {
            reject(address, code, validator.lastFieldIndex());
            return;
        }
        final DeltaStream stream = doc.stream();
        if (stream.isFull()) {
            trimOldest(stream);
        }
        header.seq(stream.nextSeq());
        if (state != null) {
            state.apply(memory, payloadOffset, payloadLength);
        }
        stream.append(address);
        RecordLayout.statusRelease(memory, address, RecordLayout.STATUS_ACCEPTED);
        acceptedInCycle++;
        countForRate(doc);
        if (doc.ioSubscriberMask != 0 && !doc.notifyPending) {
            doc.notifyPending = true;
            toNotify.add(doc);
        }
    }

    private void reject(final long address, final int code, final int field) {
        RecordLayout.statusRelease(memory, address, RecordLayout.rejected(code, field));
        releaser.release(address);
        rejected.add(code, 1);
    }

    private void trimOldest(final DeltaStream stream) {
        releaser.release(stream.oldestAddress());
        stream.trimOldest();
    }

    private void onSubscribe(
        final Document known, final long docId, final int io, final DirectBuffer buffer, final int offset) {
        final long fromSeq = buffer.getLong(offset + Messages.SUBSCRIBE_FROM_SEQ);
        final int sessionId = buffer.getInt(offset + Messages.SUBSCRIBE_SESSION_ID);
        final int flags = buffer.getInt(offset + Messages.SUBSCRIBE_FLAGS);
        final Document doc = getOrCreate(known, docId);
        if (doc == null) {
            refuse(io, docId, sessionId, fromSeq,
                schemas.get().byTypeId(DocIds.typeId(docId)) == null ? NackCode.UNKNOWN_DOC_TYPE : NackCode.BUSY);
            return;
        }
        final DeltaStream stream = doc.stream();
        final long lastSeq = stream.lastSeq();
        final long firstSeq = stream.firstSeq();
        final boolean snapshotRequested = (flags & FrameType.FLAG_SNAPSHOT) != 0;
        if (!snapshotRequested && fromSeq > lastSeq + 1) {
            refuse(io, docId, sessionId, fromSeq, NackCode.OUT_OF_BOUNDS); // a seq the document has not reached
            return;
        }
        final boolean tooOld = !snapshotRequested && fromSeq < firstSeq;
        long snapshotAddress = -1;
        long startSeq;
        int outFlags = tooOld ? FrameType.FLAG_GAP : 0;
        if ((snapshotRequested || tooOld) && doc.state() != null) {
            snapshotAddress = writeSnapshot(doc, sessionId, lastSeq);
            if (snapshotAddress < 0) {
                refuse(io, docId, sessionId, fromSeq, NackCode.BUSY);
                return;
            }
            startSeq = lastSeq + 1;
            outFlags |= FrameType.FLAG_WITH_SNAPSHOT;
        } else if (snapshotRequested || tooOld) {
            startSeq = firstSeq; // opaque: replay what is retained
        } else {
            startSeq = Math.max(fromSeq, 1);
        }
        if ((flags & Messages.SUBSCRIBE_FLAG_RESUBSCRIBE) == 0) {
            doc.subscribers++;
            counters.subscribers().getAndAdd(1);
        }
        doc.ioSubscriberMask |= 1L << io;
        out.putLong(Messages.SUBSCRIBED_SNAPSHOT_ADDRESS, snapshotAddress);
        out.putLong(Messages.SUBSCRIBED_START_SEQ, startSeq);
        out.putLong(Messages.SUBSCRIBED_DOC_ID, docId);
        out.putInt(Messages.SUBSCRIBED_SESSION_ID, sessionId);
        out.putInt(Messages.SUBSCRIBED_SLOT, doc.slot());
        out.putInt(Messages.SUBSCRIBED_FLAGS, outFlags | (flags & Messages.SUBSCRIBE_FLAG_RESUBSCRIBE));
        toIo[io].send(Messages.SUBSCRIBED, out, 0, Messages.SUBSCRIBED_LENGTH);
    }

    private long writeSnapshot(final Document doc, final int sessionId, final long atSeq) {
        final DocState state = doc.state();
        final int payloadLength = state.snapshotLength();
        final int frameLength = FrameHeader.LENGTH + payloadLength;
        final long address = writer.allocate(RecordLayout.HEADER_LENGTH + frameLength, 1);
        if (address < 0) {
            counters.storeFull().getAndAdd(1);
            return -1;
        }
        RecordLayout.writeHeader(memory, address, frameLength, RecordLayout.STATUS_SERVER, sessionId, 0, 0, nowNs);
        final long frameAddress = RecordLayout.frameAddress(address);
        header.wrap(memory, frameAddress).write(FrameType.SNAPSHOT, 0, doc.docId(), atSeq, payloadLength);
        state.writeSnapshot(memory, frameAddress + FrameHeader.LENGTH);
        return address;
    }

    private void refuse(final int io, final long docId, final int sessionId, final long clientSeq, final int code) {
        out.putLong(Messages.REFUSED_DOC_ID, docId);
        out.putLong(Messages.REFUSED_CLIENT_SEQ, clientSeq);
        out.putInt(Messages.REFUSED_SESSION_ID, sessionId);
        out.putInt(Messages.REFUSED_CODE, code);
        toIo[io].send(Messages.REFUSED, out, 0, Messages.REFUSED_LENGTH);
    }

    private void onUnsubscribe(final Document doc, final int io, final int lastOnIo) {
        if (doc == null) {
            return;
        }
        doc.subscribers--;
        counters.subscribers().getAndAdd(-1);
        if (lastOnIo != 0) {
            doc.ioSubscriberMask &= ~(1L << io);
        }
    }

    private int publishNotifications() {
        final int count = toNotify.size();
        for (int i = 0; i < count; i++) {
            final Document doc = toNotify.get(i);
            doc.notifyPending = false;
            long mask = doc.ioSubscriberMask;
            out.putInt(0, doc.slot());
            while (mask != 0) {
                final int q = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                toIo[q].send(Messages.NOTIFY, out, 0, Integer.BYTES);
            }
        }
        toNotify.clear();
        return count;
    }

    // ---------------------------------------------------------------- rates and retention

    /**
     * Counts a delta towards its document's rate in the current window; a core agent reports the document to the
     * Conductor the moment its count reaches the promotion rate, once per window. O(1), no list of touched documents
     * to walk when the window ends (a walk over thousands of documents stalled the agent for a millisecond).
     */
    private void countForRate(final Document doc) {
        if (doc.countWindow != window) {
            doc.countWindow = window;
            doc.windowCount = 0;
            doc.reportedHot = false;
        }
        if (++doc.windowCount >= hotCountPerWindow && !elastic && !doc.reportedHot) {
            doc.reportedHot = true;
            doc.lastRatePerSec = doc.windowCount * 1_000_000_000L / rateWindowNs;
            reportRate(doc);
        }
    }

    private long hotCountPerWindow() {
        return Math.max(1, tunables.promotionThresholdPerSec() * rateWindowNs / 1_000_000_000L);
    }

    private int rollRateWindow() {
        final long elapsedNs = nowNs - windowStartNs;
        if (elapsedNs < rateWindowNs) {
            return 0;
        }
        windowStartNs = nowNs;
        int reported = 0;
        if (elastic) {
            // The Conductor decides demotion from these reports, so an idle elastic document still reports 0.
            for (int i = 0, n = owned.size(); i < n; i++) {
                final Document doc = owned.get(i);
                doc.lastRatePerSec = doc.countWindow == window ? doc.windowCount * 1_000_000_000L / elapsedNs : 0;
                reportRate(doc);
                reported++;
            }
        }
        window++;
        hotCountPerWindow = hotCountPerWindow(); // the threshold may have been changed at run time
        return reported;
    }

    private void reportRate(final Document doc) {
        out.putLong(Messages.RATE_DOC_ID, doc.docId());
        out.putLong(Messages.RATE_PER_SEC, doc.lastRatePerSec);
        out.putInt(Messages.RATE_AGENT, index);
        out.putInt(Messages.RATE_SUBSCRIBERS, doc.subscribers);
        toConductor.tryWrite(Messages.RATE, out, 0, Messages.RATE_LENGTH);
    }

    private int sweepRetention() {
        final int n = owned.size();
        if (n == 0) {
            return 0;
        }
        final long cutoffNs = nowNs - retentionNs;
        int trimmed = 0;
        for (int i = 0; i < Math.min(SWEEP_DOCS_PER_CYCLE, n); i++) {
            if (sweepCursor >= n) {
                sweepCursor = 0;
            }
            final DeltaStream stream = owned.get(sweepCursor++).stream();
            while (stream.size() > 0 && RecordLayout.ingestNanos(memory, stream.oldestAddress()) < cutoffNs) {
                trimOldest(stream);
                trimmed++;
            }
        }
        return trimmed;
    }

    // ---------------------------------------------------------------- commands and handoff

    private void onCommand(final int type, final MutableDirectBuffer buffer, final int offset, final int length) {
        switch (type) {
            case Messages.MOVE -> onMove(buffer.getLong(offset + Messages.MOVE_DOC_ID), buffer.getInt(offset + Messages.MOVE_TARGET));
            case Messages.ADOPT -> onAdopt(buffer.getInt(offset + Messages.ADOPT_SLOT), buffer.getInt(offset + Messages.ADOPT_FROM));
            case Messages.FORWARD -> onForward(buffer, offset, length);
            default -> throw new IllegalStateException(roleName + ": unknown command type " + type);
        }
    }

    private void onMove(final long docId, final int target) {
        final Document doc = getOrCreate(docs.get(docId), docId);
        if (doc == null || doc.parkedIoMask != 0 || target == index || toAgents[target] == null) {
            reportHandedOver(docId, index, -1); // refused: unknown type, or still settling a previous handoff
            return;
        }
        publishNotifications(); // subscribers hear of everything accepted here before the new owner takes over
        docs.remove(docId);
        owned.remove(doc);
        doc.parkedIoMask = allIoMask;
        doc.previousOwner = index;
        forwarding.put(docId, new Forwarding(target, allIoMask));
        out.putInt(Messages.ADOPT_SLOT, doc.slot());
        out.putInt(Messages.ADOPT_FROM, index);
        toAgents[target].send(Messages.ADOPT, out, 0, Messages.ADOPT_LENGTH);
        out.putLong(Messages.ROUTE_DOC_ID, docId);
        out.putInt(Messages.ROUTE_AGENT, target);
        for (final RingSender io : toIo) {
            io.send(Messages.ROUTE, out, 0, Messages.ROUTE_LENGTH);
        }
    }

    private void onAdopt(final int slot, final int from) {
        final Document doc = directory.get(slot);
        docs.put(doc.docId(), doc);
        owned.add(doc);
        doc.countWindow = -1; // counts of the previous owner's windows mean nothing here
        doc.windowCount = 0;
        if (doc.parkedIoMask == 0) {
            reportHandedOver(doc.docId(), from, index);
        }
    }

    private void forward(
        final Forwarding fwd, final long docId, final int io, final int type,
        final DirectBuffer buffer, final int offset, final int length) {
        forwardBuffer.putInt(Messages.FORWARD_IO, io);
        forwardBuffer.putInt(Messages.FORWARD_TYPE, type);
        forwardBuffer.putBytes(Messages.FORWARD_BODY, buffer, offset, length);
        toAgents[fwd.target].send(Messages.FORWARD, forwardBuffer, 0, Messages.FORWARD_BODY + length);
        if (type == Messages.MARKER) {
            fwd.pendingIoMask &= ~(1L << io);
            if (fwd.pendingIoMask == 0) {
                forwarding.remove(docId);
            }
        }
    }

    private void onForward(final DirectBuffer buffer, final int offset, final int length) {
        final int io = buffer.getInt(offset + Messages.FORWARD_IO);
        final int type = buffer.getInt(offset + Messages.FORWARD_TYPE);
        final int body = offset + Messages.FORWARD_BODY;
        final long docId = type == Messages.DELTA
            ? memory.get(FrameHeader.U64, RecordLayout.frameAddress(buffer.getLong(body)) + FrameHeader.DOC_ID_OFFSET)
            : buffer.getLong(body);
        final Document doc = docs.get(docId);
        if (doc == null) {
            // Moved on again before this arrived (only possible once the handoff settled): pass it along.
            final Forwarding fwd = forwarding.get(docId);
            if (fwd != null) {
                forward(fwd, docId, io, type, buffer, body, length - Messages.FORWARD_BODY);
            }
            return;
        }
        if (type == Messages.MARKER) {
            doc.parkedIoMask &= ~(1L << io);
            replayParked(doc, io);
            if (doc.parkedIoMask == 0) {
                doc.parked = null;
                doc.parkedLength = 0;
                reportHandedOver(docId, doc.previousOwner, index);
            }
            return;
        }
        dispatch(doc, docId, io, type, buffer, body);
    }

    private void park(
        final Document doc, final int io, final int type, final DirectBuffer buffer, final int offset, final int length) {
        if (doc.parked == null) {
            doc.parked = new ExpandableArrayBuffer(1024);
        }
        final int at = doc.parkedLength;
        doc.parked.putInt(at, io);
        doc.parked.putInt(at + 4, type);
        doc.parked.putInt(at + 8, length);
        doc.parked.putBytes(at + 12, buffer, offset, length);
        doc.parkedLength = at + 12 + length;
    }

    private void replayParked(final Document doc, final int io) {
        final ExpandableArrayBuffer parked = doc.parked;
        if (parked == null) {
            return;
        }
        final ExpandableArrayBuffer kept = new ExpandableArrayBuffer(Math.max(64, doc.parkedLength));
        int keptLength = 0;
        int at = 0;
        while (at < doc.parkedLength) {
            final int from = parked.getInt(at);
            final int type = parked.getInt(at + 4);
            final int length = parked.getInt(at + 8);
            if (from == io) {
                dispatch(doc, doc.docId(), io, type, parked, at + 12);
            } else {
                kept.putBytes(keptLength, parked, at, 12 + length);
                keptLength += 12 + length;
            }
            at += 12 + length;
        }
        doc.parked = kept;
        doc.parkedLength = keptLength;
    }

    private void reportHandedOver(final long docId, final int from, final int to) {
        out.putLong(Messages.HANDED_OVER_DOC_ID, docId);
        out.putInt(Messages.HANDED_OVER_FROM, from);
        out.putInt(Messages.HANDED_OVER_TO, to);
        toConductor.send(Messages.HANDED_OVER, out, 0, Messages.HANDED_OVER_LENGTH);
    }
}
