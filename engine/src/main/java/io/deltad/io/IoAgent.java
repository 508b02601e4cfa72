package io.deltad.io;

import io.deltad.conductor.Tunables;
import io.deltad.counters.CodeTally;
import io.deltad.doc.DocumentDirectory;
import io.deltad.ring.Messages;
import io.deltad.ring.Ring;
import io.deltad.ring.RingSender;
import io.deltad.store.ChunkReleaser;
import io.deltad.store.ChunkStore;
import io.deltad.store.ChunkWriter;
import io.deltad.store.ReaderEpochs;
import io.deltad.store.RecordLayout;
import io.deltad.stream.DeltaStream;
import io.deltad.wire.AckFrame;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;
import io.deltad.wire.NackFrame;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * Owns a set of sessions for both directions. Inbound: structural check of each frame, the single copy of a delta
 * into the chunk store, hand-off to the owning DocAgent. Outbound: ACK/NACK from each record's outcome, and
 * delivery to local subscribers straight from the stream's records, each subscriber at its own cursor, so a slow
 * one falls behind in the stream instead of holding anyone up.
 *
 * <p>Single thread. Inputs: the {@link SessionPort}, one SPSC ring per DocAgent, a command queue for session
 * attach/detach from other threads. Outputs: one ring per DocAgent, the port.
 */
public final class IoAgent implements Agent {
    private static final int PORT_LIMIT = 256;
    private static final int DOC_RING_LIMIT = 1024;
    private static final int DELIVERY_BUDGET_PER_SUBSCRIBER = 1024;
    private static final int CONTROL_FRAME_BYTES = 64;
    /** Session attach/detach requests waiting for the agent: room for a burst of connects (a benchmark opens 10,000). */
    private static final int COMMAND_QUEUE_CAPACITY = 1 << 16;

    private final String roleName;
    private final int index;
    private final MemorySegment memory;
    private final DocumentDirectory directory;
    private final Tunables tunables;
    private final NanoClock clock;
    private final IoAgentCounters counters;
    private final ReaderEpochs epochs;
    private final int readerIndex;
    private final int coreDocAgents;
    private final int maxFrameBytes;
    private final SessionPort[] ports;

    private final Ring[] fromDocs;
    private final RingSender[] toDocs;
    private final ManyToOneConcurrentArrayQueue<Consumer<IoAgent>> commands;

    private final ChunkWriter writer;
    private final ChunkReleaser releaser;
    private final FrameHeader header = new FrameHeader();
    private final CodeTally rejected;
    private final FrameHeader outHeader = new FrameHeader();
    private final AckFrame ackFrame = new AckFrame();
    private final NackFrame nackFrame = new NackFrame();
    private final MemorySegment control = Arena.ofAuto().allocate(CONTROL_FRAME_BYTES, 8);
    private final UnsafeBuffer ringOut = new UnsafeBuffer(new byte[64]);
    private final Long2LongHashMap routes = new Long2LongHashMap(-1);
    private final Int2ObjectHashMap<Session> sessions = new Int2ObjectHashMap<>();
    private final LocalDocTable localDocs = new LocalDocTable();
    // Swapped after each delivery pass (ArrayList.addAll would allocate a copy every duty cycle).
    private ArrayList<LocalDoc> dirty = new ArrayList<>();
    private ArrayList<LocalDoc> stillDirty = new ArrayList<>();
    private final SessionPort.InboundHandler inboundHandler = this::onInbound;
    private final MessageHandler docHandler = this::onDocMessage;
    private final Consumer<Consumer<IoAgent>> commandRunner = this::runCommand;

    private final long[] outcomes;
    private final int outcomesMask;
    private long outcomesHead;
    private long outcomesTail;

    private long nowNs;
    private int lastOutcomeSessionId = -1;
    private Session lastOutcomeSession;
    private long ingestedInCycle;
    private long deliveredInCycle;
    private long lagMaxInCycle;
    private long publishedLagMax;

    /**
     * @param fromDocs      ring from each DocAgent (core then elastic) to this agent
     * @param toDocs        sender to each DocAgent
     * @param coreDocAgents number of core DocAgents: a document's default owner is {@code hash(docId) % coreDocAgents}
     * @param maxInFlight   deltas handed to DocAgents whose outcome is not back yet (power of two); beyond it: BUSY
     */
    public IoAgent(
        final String roleName,
        final int index,
        final ChunkStore store,
        final DocumentDirectory directory,
        final Tunables tunables,
        final NanoClock clock,
        final IoAgentCounters counters,
        final ReaderEpochs epochs,
        final int readerIndex,
        final int coreDocAgents,
        final SessionPort[] ports,
        final Ring[] fromDocs,
        final RingSender[] toDocs,
        final int maxInFlight) {
        if (Integer.bitCount(maxInFlight) != 1) {
            throw new IllegalArgumentException("maxInFlight must be a power of two");
        }
        this.roleName = roleName;
        this.index = index;
        this.memory = store.segment();
        this.directory = directory;
        this.tunables = tunables;
        this.clock = clock;
        this.counters = counters;
        this.rejected = new CodeTally(counters.rejectedByCode());
        this.epochs = epochs;
        this.readerIndex = readerIndex;
        this.coreDocAgents = coreDocAgents;
        this.maxFrameBytes = store.chunkSize() / 2;
        this.ports = ports.clone();
        this.fromDocs = fromDocs;
        this.toDocs = toDocs;
        this.commands = new ManyToOneConcurrentArrayQueue<>(COMMAND_QUEUE_CAPACITY);
        this.writer = new ChunkWriter(store);
        this.releaser = new ChunkReleaser(store);
        this.outcomes = new long[maxInFlight];
        this.outcomesMask = maxInFlight - 1;
    }

    @Override
    public String roleName() {
        return roleName;
    }

    public int index() {
        return index;
    }

    /** Runs {@code command} on this agent's thread at its next duty cycle; false if the queue is full. */
    public boolean execute(final Consumer<IoAgent> command) {
        return commands.offer(command);
    }

    @Override
    public int doWork() {
        epochs.advance(readerIndex);
        nowNs = clock.nanoTime();
        int work = commands.drain(commandRunner, 16);
        for (final RingSender sender : toDocs) {
            work += sender.flush();
        }
        for (final Ring ring : fromDocs) {
            work += ring.buffer().read(docHandler, DOC_RING_LIMIT);
        }
        for (final SessionPort port : ports) {
            work += port.poll(inboundHandler, PORT_LIMIT);
        }
        for (final RingSender sender : toDocs) {
            sender.commitBatch();
        }
        work += drainOutcomes();
        work += deliver();
        for (final SessionPort port : ports) {
            work += port.flush();
        }
        releaser.flush();
        publishCycleCounters(work);
        return work;
    }

    @Override
    public void onClose() {
        for (final SessionPort port : ports) {
            port.shutdown();
        }
        releaser.flush();
        writer.sealCurrent();
    }

    private void runCommand(final Consumer<IoAgent> command) {
        command.accept(this);
    }

    private void publishCycleCounters(final int work) {
        if (lagMaxInCycle != publishedLagMax) { // also while a stuck subscriber gets nothing at all
            counters.lagMax().setRelease(lagMaxInCycle);
            publishedLagMax = lagMaxInCycle;
        }
        if (work == 0) {
            return;
        }
        counters.work().getAndAddRelease(work);
        if (ingestedInCycle != 0) {
            counters.ingested().getAndAdd(ingestedInCycle);
            ingestedInCycle = 0;
        }
        if (deliveredInCycle != 0) {
            counters.delivered().getAndAdd(deliveredInCycle);
            deliveredInCycle = 0;
        }
        rejected.flush();
    }

    // ---------------------------------------------------------------- sessions (commands, on this thread)

    /** Attaches a session to this agent. Call through {@link #execute}. */
    public void attach(final Session session) {
        sessions.put(session.id(), session);
        counters.sessions().getAndAdd(1);
    }

    /** Ends a session: its subscriptions, then its transport. Call through {@link #execute}. */
    public void detach(final Session session) {
        if (sessions.remove(session.id()) == null) {
            return;
        }
        for (final Subscription subscription : new ArrayList<>(session.subscriptions().values())) {
            endSubscription(subscription);
        }
        session.markClosed();
        session.port().close(session);
        counters.sessions().getAndAdd(-1);
    }

    /**
     * One attached session, as {@code deltactl sessions} shows it.
     *
     * @param peer            what carries it: {@code local}, or {@code webrtc <address:port>} ({@link SessionPort#describe}).
     * @param subscriptions   documents it subscribes to.
     * @param lastClientSeq   the highest clientSeq it has sent.
     */
    public record SessionInfo(int id, String name, int ioAgent, String peer, int subscriptions, long lastClientSeq) {
    }

    /** The sessions attached here, by id. Call through {@link #execute}; allocates (control plane). */
    public java.util.List<SessionInfo> sessionInfos() {
        final java.util.List<SessionInfo> infos = new ArrayList<>(sessions.size());
        sessions.forEach((id, s) -> infos.add(new SessionInfo(s.id(), s.name(), index, s.port().describe(s),
            s.subscriptions().size(),
            s.lastClientSeq())));
        infos.sort(java.util.Comparator.comparingInt(SessionInfo::id));
        return infos;
    }

    /** Ends session {@code sessionId} if it is attached here ({@code deltactl kick}). Call through {@link #execute}. */
    public boolean kick(final int sessionId) {
        final Session session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        detach(session);
        return true;
    }

    /** Bytes waiting in this agent's input rings (from DocAgents); any thread (for tools). */
    public long queuedBytes() {
        long bytes = 0;
        for (final Ring ring : fromDocs) {
            bytes += ring.size();
        }
        return bytes;
    }

    public int sessionCount() {
        return sessions.size();
    }

    // ---------------------------------------------------------------- inbound frames

    private void onInbound(final Session session, final MemorySegment segment, final long offset, final int length) {
        final long end = offset + length;
        long position = offset;
        while (position < end && !session.isClosed()) {
            header.wrap(segment, position);
            final long available = end - position;
            final int code = header.check(available);
            if (code == NackCode.UNKNOWN_FRAME_TYPE) {
                // Lengths are sound: refuse this frame and go on with the next (a newer client's frame type).
                counters.framesMalformed().getAndAdd(1);
                nack(session, header.type(), header.docId(), header.seq(), code);
                position += header.frameLength();
                continue;
            }
            if (code != NackCode.NONE) {
                final long docId = available >= FrameHeader.LENGTH ? header.docId() : 0;
                final long seq = available >= FrameHeader.LENGTH ? header.seq() : 0;
                counters.framesMalformed().getAndAdd(1);
                nack(session, available >= FrameHeader.LENGTH ? header.type() : 0, docId, seq, code);
                return; // the rest of the message cannot be framed reliably
            }
            final int frameLength = (int) header.frameLength();
            switch (header.type()) {
                case FrameType.DELTA -> onClientDelta(session, segment, position, frameLength);
                case FrameType.SUBSCRIBE -> onClientSubscribe(session);
                case FrameType.UNSUBSCRIBE -> onClientUnsubscribe(session, header.docId());
                default -> nack(session, header.type(), header.docId(), header.seq(), NackCode.UNKNOWN_FRAME_TYPE);
            }
            position += frameLength;
        }
    }

    private void onClientDelta(final Session session, final MemorySegment segment, final long position, final int frameLength) {
        final long docId = header.docId();
        final long clientSeq = header.seq();
        if (clientSeq <= session.lastClientSeq) {
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.DUPLICATE);
            return;
        }
        // Whatever happens next, this clientSeq is used up (PROTOCOL.md §5): a retry comes with a new one.
        session.lastClientSeq = clientSeq;
        if (!session.canWrite(docId)) {
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.NOT_PERMITTED);
            return;
        }
        if (frameLength > maxFrameBytes) {
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.TOO_LARGE);
            return;
        }
        if (!session.tryAcquireRate(nowNs, tunables.sessionRatePerSec(), tunables.sessionBurst())) {
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.RATE_LIMITED);
            if (tunables.closeOnRateLimit()) {
                detach(session);
            }
            return;
        }
        final RingSender sender = toDocs[route(docId)];
        if (outcomesTail - outcomesHead > outcomesMask || !sender.isClear()) {
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.BUSY);
            return;
        }
        final long address = writer.allocate(RecordLayout.HEADER_LENGTH + frameLength, 2);
        if (address < 0) {
            counters.storeFull().getAndAdd(1);
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.BUSY);
            return;
        }
        RecordLayout.writeHeader(memory, address, frameLength, RecordLayout.STATUS_PENDING,
            session.id(), session.roleMask(), clientSeq, nowNs);
        MemorySegment.copy(segment, position, memory, RecordLayout.frameAddress(address), frameLength);
        if (!sender.appendToBatch(address)) {
            releaser.release(address); // both references: it never reached a DocAgent
            releaser.release(address);
            nack(session, FrameType.DELTA, docId, clientSeq, NackCode.BUSY);
            return;
        }
        outcomes[(int) (outcomesTail++ & outcomesMask)] = address;
        ingestedInCycle++;
    }

    private void onClientSubscribe(final Session session) {
        final long docId = header.docId();
        if (!session.canRead(docId)) {
            nack(session, FrameType.SUBSCRIBE, docId, header.seq(), NackCode.NOT_PERMITTED);
            return;
        }
        final Subscription existing = session.subscriptions().get(docId);
        if (existing != null) {
            if (existing.state == Subscription.ACTIVE) {
                // Gap repair: restart the live subscription where the client asks.
                existing.state = Subscription.PENDING;
                sendSubscribe(session.id(), docId, header.seq(),
                    (header.flags() & FrameType.FLAG_SNAPSHOT) | Messages.SUBSCRIBE_FLAG_RESUBSCRIBE);
            }
            return;
        }
        session.subscriptions().put(docId, new Subscription(session, docId));
        sendSubscribe(session.id(), docId, header.seq(), header.flags() & FrameType.FLAG_SNAPSHOT);
    }

    private void sendSubscribe(final int sessionId, final long docId, final long fromSeq, final int flags) {
        ringOut.putLong(Messages.SUBSCRIBE_DOC_ID, docId);
        ringOut.putLong(Messages.SUBSCRIBE_FROM_SEQ, fromSeq);
        ringOut.putInt(Messages.SUBSCRIBE_SESSION_ID, sessionId);
        ringOut.putInt(Messages.SUBSCRIBE_FLAGS, flags);
        toDocs[route(docId)].send(Messages.SUBSCRIBE, ringOut, 0, Messages.SUBSCRIBE_LENGTH);
    }

    private void onClientUnsubscribe(final Session session, final long docId) {
        final Subscription subscription = session.subscriptions().get(docId);
        if (subscription != null) {
            endSubscription(subscription);
        }
    }

    private void endSubscription(final Subscription subscription) {
        subscription.session.subscriptions().remove(subscription.docId);
        releaseSnapshot(subscription);
        final LocalDoc local = subscription.local;
        if (local == null) {
            // The owner has not answered the first SUBSCRIBE yet: its SUBSCRIBED finds the subscription gone and
            // undoes it there.
            subscription.state = Subscription.ENDED;
            return;
        }
        subscription.state = Subscription.ENDED;
        local.subscriptions.remove(subscription);
        final boolean last = local.subscriptions.isEmpty();
        if (last) {
            localDocs.remove(local.slot);
        }
        sendUnsubscribe(subscription.docId, last);
    }

    private void releaseSnapshot(final Subscription subscription) {
        if (subscription.snapshotAddress >= 0) {
            releaser.release(subscription.snapshotAddress);
            subscription.snapshotAddress = -1;
        }
    }

    private void sendUnsubscribe(final long docId, final boolean lastOnIo) {
        ringOut.putLong(0, docId);
        ringOut.putInt(8, lastOnIo ? 1 : 0);
        toDocs[route(docId)].send(Messages.UNSUBSCRIBE, ringOut, 0, Messages.UNSUBSCRIBE_LENGTH);
    }

    private int route(final long docId) {
        final long override = routes.get(docId);
        return override >= 0 ? (int) override : DocIds.hash(docId) % coreDocAgents;
    }

    // ---------------------------------------------------------------- messages from DocAgents

    private void onDocMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length) {
        switch (type) {
            case Messages.NOTIFY -> markDirty(localDocs.get(buffer.getInt(offset)));
            case Messages.SUBSCRIBED -> onSubscribed(buffer, offset);
            case Messages.REFUSED -> onRefused(buffer, offset);
            case Messages.ROUTE -> onRoute(buffer.getLong(offset + Messages.ROUTE_DOC_ID), buffer.getInt(offset + Messages.ROUTE_AGENT));
            default -> throw new IllegalStateException(roleName + ": unknown doc message type " + type);
        }
    }

    private void markDirty(final LocalDoc local) {
        if (local != null && !local.dirty) {
            local.dirty = true;
            dirty.add(local);
        }
    }

    private void onSubscribed(final MutableDirectBuffer buffer, final int offset) {
        final long snapshotAddress = buffer.getLong(offset + Messages.SUBSCRIBED_SNAPSHOT_ADDRESS);
        final long startSeq = buffer.getLong(offset + Messages.SUBSCRIBED_START_SEQ);
        final long docId = buffer.getLong(offset + Messages.SUBSCRIBED_DOC_ID);
        final int sessionId = buffer.getInt(offset + Messages.SUBSCRIBED_SESSION_ID);
        final int slot = buffer.getInt(offset + Messages.SUBSCRIBED_SLOT);
        final int flags = buffer.getInt(offset + Messages.SUBSCRIBED_FLAGS);
        final Session session = sessions.get(sessionId);
        final Subscription subscription = session == null ? null : session.subscriptions().get(docId);
        final boolean resubscribe = (flags & Messages.SUBSCRIBE_FLAG_RESUBSCRIBE) != 0;
        if (subscription == null || (subscription.state != Subscription.PENDING && subscription.state != Subscription.RESYNCING)) {
            if (snapshotAddress >= 0) {
                releaser.release(snapshotAddress);
            }
            if (!resubscribe) {
                // Ended before the owner's first answer: undo the subscription there. (A re-subscription's end was
                // already reported when it ended, behind the re-SUBSCRIBE in the same ring.)
                sendUnsubscribe(docId, localDocs.get(slot) == null);
            }
            return;
        }
        LocalDoc local = localDocs.get(slot);
        if (local == null) {
            local = new LocalDoc(slot, docId, directory.get(slot).stream());
            localDocs.put(local);
        }
        if (subscription.local == null) {
            subscription.local = local;
            local.subscriptions.add(subscription);
        }
        final boolean gap = subscription.state == Subscription.RESYNCING || (flags & FrameType.FLAG_GAP) != 0;
        releaseSnapshot(subscription);
        subscription.announceType = gap ? FrameType.RESYNC : FrameType.SUBSCRIBED;
        subscription.announceFlags = flags & FrameType.FLAG_WITH_SNAPSHOT;
        subscription.announced = false;
        subscription.snapshotAddress = snapshotAddress;
        subscription.cursor = startSeq;
        subscription.state = Subscription.ANNOUNCE;
        markDirty(local);
    }

    private void onRefused(final MutableDirectBuffer buffer, final int offset) {
        final long docId = buffer.getLong(offset + Messages.REFUSED_DOC_ID);
        final Session session = sessions.get(buffer.getInt(offset + Messages.REFUSED_SESSION_ID));
        if (session == null) {
            return;
        }
        final Subscription subscription = session.subscriptions().get(docId);
        if (subscription != null && subscription.state == Subscription.PENDING) {
            if (subscription.local != null) {
                endSubscription(subscription); // a refused restart (gap repair) ends the subscription
            } else {
                session.subscriptions().remove(docId);
            }
        }
        nack(session, FrameType.SUBSCRIBE, docId, buffer.getLong(offset + Messages.REFUSED_CLIENT_SEQ),
            buffer.getInt(offset + Messages.REFUSED_CODE));
    }

    private void onRoute(final long docId, final int agent) {
        final int previous = route(docId);
        if (agent == DocIds.hash(docId) % coreDocAgents) {
            routes.remove(docId);
        } else {
            routes.put(docId, agent);
        }
        // Everything this agent sent the previous owner for docId precedes the MARKER in that ring.
        ringOut.putLong(0, docId);
        toDocs[previous].send(Messages.MARKER, ringOut, 0, Long.BYTES);
    }

    // ---------------------------------------------------------------- outcomes: ACK / NACK

    private int drainOutcomes() {
        int drained = 0;
        while (outcomesHead < outcomesTail) {
            final long address = outcomes[(int) (outcomesHead & outcomesMask)];
            final int status = RecordLayout.statusAcquire(memory, address);
            if (status == RecordLayout.STATUS_PENDING) {
                break;
            }
            final int sessionId = RecordLayout.sessionId(memory, address);
            if (sessionId != lastOutcomeSessionId) { // outcomes come in runs from one session: skip the lookup
                lastOutcomeSessionId = sessionId;
                lastOutcomeSession = sessions.get(sessionId);
            }
            final Session session = lastOutcomeSession;
            if (session != null && !session.isClosed()) {
                final long frameAddress = RecordLayout.frameAddress(address);
                final long docId = memory.get(FrameHeader.U64, frameAddress + FrameHeader.DOC_ID_OFFSET);
                final long clientSeq = RecordLayout.clientSeq(memory, address);
                if (status == RecordLayout.STATUS_ACCEPTED) {
                    final long seq = memory.get(FrameHeader.U64, frameAddress + FrameHeader.SEQ_OFFSET);
                    final int length = ackFrame.wrap(control, 0).encode(docId, seq, clientSeq);
                    if (!session.port().send(session, control, 0, length)) {
                        overloaded(session);
                    }
                } else {
                    final int code = RecordLayout.rejectedCode(status);
                    nack(session, FrameType.DELTA, docId, clientSeq, code, RecordLayout.rejectedField(status));
                    rejected.add(code, -1); // counted by the DocAgent that rejected it
                }
            }
            releaser.release(address);
            outcomesHead++;
            drained++;
        }
        return drained;
    }

    /** NACK: flags carry the type of the refused frame, so a client tells a refused SUBSCRIBE from a DELTA. */
    private void nack(final Session session, final int refusedType, final long docId, final long seq, final int code) {
        nack(session, refusedType, docId, seq, code, NackFrame.NO_FIELD);
    }

    private void nack(
        final Session session, final int refusedType, final long docId, final long seq, final int code, final int field) {
        rejected.add(code, 1);
        final int length = nackFrame.wrap(control, 0).encode(refusedType, docId, seq, code, field);
        if (!session.port().send(session, control, 0, length)) {
            overloaded(session);
        }
    }

    private boolean sendControl(final Session session, final int type, final int flags, final long docId, final long seq) {
        outHeader.wrap(control, 0).write(type, flags, docId, seq, 0);
        return session.port().send(session, control, 0, FrameHeader.LENGTH);
    }

    /** A session that cannot take its own control frames is beyond help: close it, the client reconnects. */
    private void overloaded(final Session session) {
        if (!session.isClosed()) {
            counters.sessionsClosedOverloaded().getAndAdd(1);
            detach(session);
        }
    }

    // ---------------------------------------------------------------- delivery to subscribers

    private int deliver() {
        lagMaxInCycle = 0;
        if (dirty.isEmpty()) {
            return 0;
        }
        int sent = 0;
        for (int i = 0, n = dirty.size(); i < n; i++) {
            final LocalDoc local = dirty.get(i);
            final boolean behind = deliver(local);
            sent += lastDelivered;
            if (behind) {
                stillDirty.add(local);
            } else {
                local.dirty = false;
            }
        }
        dirty.clear();
        final ArrayList<LocalDoc> behind = stillDirty;
        stillDirty = dirty;
        dirty = behind;
        return sent;
    }

    private int lastDelivered;

    /** Sends what each subscriber of {@code local} has not had yet; true if any is still behind. */
    private boolean deliver(final LocalDoc local) {
        lastDelivered = 0;
        if (localDocs.get(local.slot) != local) {
            return false; // its last subscriber left
        }
        final DeltaStream stream = local.stream;
        final long lastSeq = stream.lastSeq();
        boolean behind = false;
        final ArrayList<Subscription> subscriptions = local.subscriptions;
        for (int s = 0; s < subscriptions.size(); s++) {
            final Subscription subscription = subscriptions.get(s);
            if (subscription.state == Subscription.ANNOUNCE && !subscription.announced && subscription.cursor < stream.firstSeq()) {
                // What follows the snapshot is gone already (the session had no room for so long): ask for a
                // fresh snapshot rather than send one the client cannot continue from.
                releaseSnapshot(subscription);
                startResync(subscription);
                continue;
            }
            if (subscription.state == Subscription.ANNOUNCE && !announce(subscription)) {
                behind = true; // its session has no room yet: SUBSCRIBED/RESYNC and SNAPSHOT must come first
                lagMaxInCycle = Math.max(lagMaxInCycle, lastSeq - subscription.cursor + 1);
                continue;
            }
            if (subscription.state != Subscription.ACTIVE) {
                lagMaxInCycle = Math.max(lagMaxInCycle, lastSeq - subscription.cursor + 1);
                continue;
            }
            final Session session = subscription.session;
            long cursor = subscription.cursor;
            int budget = DELIVERY_BUDGET_PER_SUBSCRIBER;
            while (cursor <= lastSeq && budget-- > 0) {
                final long address = stream.address(cursor);
                if (!stream.isRetained(cursor)) {
                    startResync(subscription);
                    break;
                }
                if (!session.port().send(session, memory, RecordLayout.frameAddress(address), RecordLayout.frameLength(memory, address))) {
                    break;
                }
                cursor++;
            }
            lastDelivered += (int) (cursor - subscription.cursor);
            subscription.cursor = cursor;
            if (subscription.state == Subscription.ACTIVE && cursor <= lastSeq) {
                behind = true;
                lagMaxInCycle = Math.max(lagMaxInCycle, lastSeq - cursor + 1);
            }
        }
        deliveredInCycle += lastDelivered;
        return behind;
    }

    /** Sends SUBSCRIBED or RESYNC, then the SNAPSHOT if any; true once both went out and deltas may follow. */
    private boolean announce(final Subscription subscription) {
        final Session session = subscription.session;
        if (!subscription.announced) {
            if (!sendControl(session, subscription.announceType, subscription.announceFlags, subscription.docId, subscription.cursor)) {
                return false;
            }
            subscription.announced = true;
        }
        final long snapshot = subscription.snapshotAddress;
        if (snapshot >= 0) {
            if (!session.port().send(session, memory, RecordLayout.frameAddress(snapshot), RecordLayout.frameLength(memory, snapshot))) {
                return false;
            }
            releaseSnapshot(subscription);
        }
        subscription.state = Subscription.ACTIVE;
        return true;
    }

    private void startResync(final Subscription subscription) {
        subscription.state = Subscription.RESYNCING;
        counters.resyncs().getAndAdd(1);
        sendSubscribe(subscription.session.id(), subscription.docId, 0,
            FrameType.FLAG_SNAPSHOT | Messages.SUBSCRIBE_FLAG_RESUBSCRIBE);
    }
}
