package io.deltad.dtls.sctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.deltad.bindings.usrsctp.UsrsctpLibrary;
import io.deltad.bindings.usrsctp.sctp_assoc_change;
import io.deltad.bindings.usrsctp.sctp_pdapi_event;
import io.deltad.bindings.usrsctp.sctp_prinfo;
import io.deltad.bindings.usrsctp.sctp_rcvinfo;
import io.deltad.bindings.usrsctp.sctp_reset_streams;
import io.deltad.bindings.usrsctp.sctp_sendv_spa;
import io.deltad.bindings.usrsctp.sctp_sndinfo;
import io.deltad.bindings.usrsctp.sctp_stream_reset_event;
import io.deltad.bindings.usrsctp.sctp_tlv;
import io.deltad.bindings.usrsctp.sockaddr_conn;
import io.deltad.bindings.usrsctp.usrsctp_constants;
import io.deltad.bindings.usrsctp.usrsctp_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One SCTP association over DTLS (RFC 8261) for one WebRTC session, on a usrsctp AF_CONN socket.
 *
 * <p>Data path: {@link #input} hands one decrypted SCTP packet to usrsctp; every packet usrsctp sends for this
 * association reaches the {@link SctpPacketSink} synchronously (to be encrypted by the caller); messages and events are
 * read from the socket after usrsctp returns and go to the {@link SctpListener}. Large messages that usrsctp delivers in
 * parts (no {@code MSG_EOR}) are reassembled in place in the receive buffer, up to
 * {@link SctpAssociationConfig#maxReceiveMessageBytes()}; a longer one is read to its end, dropped and counted.
 *
 * <p>Both sides bind and connect (WebRTC's simultaneous open, RFC 8841 §9.3): {@link #create} sends the INIT.
 *
 * <p>No allocation per message or packet: the receive buffer, the outbound packet buffer, the send parameters and the
 * call-state cells are native memory allocated at creation; data passed as native segments goes to usrsctp by address
 * (heap segments are copied into a buffer allocated on first use).
 *
 * <p>Threading: one owner thread, the one that calls {@link #create}; every public method must be called on it (they
 * check). Packets usrsctp emits for this association on other threads (another agent's timers) are parked in a deferred
 * queue until the owner calls {@link #drainDeferred()}. See {@link SctpStack} and docs/SCTP.md.
 */
public final class SctpAssociation {
    private static final int CONNECTING = 0;
    private static final int CONNECTED = 1;
    private static final int SHUTTING_DOWN = 2;
    private static final int CLOSED = 3;

    private static final int FOREIGN_PACKETS = 1;
    private static final int FOREIGN_READABLE = 2;

    private static final int NOTIFICATION_BUFFER_BYTES = 4096;
    /** DTLS records carry at most 2^14 bytes; anything larger handed to {@link #input} from the heap is refused. */
    private static final int MAX_HEAP_INPUT_BYTES = 64 * 1024;
    private static final boolean HOST_IS_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static final VarHandle FOREIGN_PENDING;
    private static final VarHandle DEFERRED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            FOREIGN_PENDING = lookup.findVarHandle(SctpAssociation.class, "foreignPending", int.class);
            DEFERRED = lookup.findVarHandle(SctpAssociation.class, "deferred", SctpDeferredQueue.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final SctpStack stack;
    private final int id;
    private final long address;
    private final SctpPacketSink sink;
    /** The owner thread's CRC32c (usrsctp's own is off: SctpStack). */
    private final SctpChecksum checksum = SctpChecksum.forThisThread();
    private final SctpListener listener;
    private final SctpAssociationConfig config;
    private final Thread owner;
    private final Arena arena;
    private final SctpPacketSink guardedSink = this::deliverDeferredPacket;

    private final MemorySegment callState;
    private final MemorySegment spa;
    private final MemorySegment sndinfo;
    private final MemorySegment prinfo;
    private final MemorySegment rcvinfo;
    private final MemorySegment fromLength;
    private final MemorySegment infoLength;
    private final MemorySegment infoType;
    private final MemorySegment msgFlags;
    private final MemorySegment resetStreams;
    private final MemorySegment receiveBuffer;
    private final int receiveCapacity;
    private final MemorySegment notification;
    private final MemorySegment packetBuffer;
    /** The same bytes as {@link #packetBuffer}, for the CRC32c read in place. */
    private final ByteBuffer packetView;
    private MemorySegment socket = MemorySegment.NULL;
    private MemorySegment sendStaging;
    private MemorySegment inputStaging;

    // Owner-thread state.
    private int state = CONNECTING;
    private boolean released;
    private int callDepth;
    private boolean inSink;
    private boolean readPending;
    private boolean queuedForTimers;
    private boolean receivePaused;
    private int filled;
    private boolean discarding;
    private int notificationLength;
    private boolean notificationOverflow;
    private int outboundStreams;
    private int inboundStreams;
    private int lastErrno;
    private int closeErrorCause;
    private long restarts;
    private long packetsIn;
    private long packetsOut;
    private long messagesSent;
    private long messagesReceived;
    private long bytesSent;
    private long bytesReceived;
    private final long[] drops = new long[SctpDrop.values().length];

    // Written by other threads.
    @SuppressWarnings("unused") // accessed through FOREIGN_PENDING
    private int foreignPending;
    @SuppressWarnings("unused") // accessed through DEFERRED
    private SctpDeferredQueue deferred;

    private SctpAssociation(final SctpStack stack, final int id, final long address, final SctpPacketSink sink,
        final SctpListener listener, final SctpAssociationConfig config, final Arena arena) {
        this.stack = stack;
        this.id = id;
        this.address = address;
        this.sink = sink;
        this.listener = listener;
        this.config = config;
        this.owner = Thread.currentThread();
        this.arena = arena;
        this.callState = UsrsctpLibrary.allocateCallState(arena);
        this.spa = sctp_sendv_spa.allocate(arena);
        this.sndinfo = sctp_sendv_spa.sndinfo(spa);
        this.prinfo = sctp_sendv_spa.prinfo(spa);
        this.rcvinfo = sctp_rcvinfo.allocate(arena);
        final MemorySegment cells = arena.allocate(16, 8);
        this.fromLength = cells.asSlice(0, 4);
        this.infoLength = cells.asSlice(4, 4);
        this.infoType = cells.asSlice(8, 4);
        this.msgFlags = cells.asSlice(12, 4);
        this.resetStreams = arena.allocate(sctp_reset_streams.SIZEOF + 4, 4);
        // One byte over the limit: a message of exactly the limit fits, one byte more is detectably too big.
        this.receiveCapacity = config.maxReceiveMessageBytes() + 1;
        this.receiveBuffer = arena.allocate(receiveCapacity, 8);
        this.notification = arena.allocate(NOTIFICATION_BUFFER_BYTES, 8);
        this.packetView = ByteBuffer.allocateDirect(config.maxPacketBytes());
        this.packetBuffer = MemorySegment.ofBuffer(packetView);
    }

    /** {@link #create(SctpStack, int, SctpPacketSink, SctpListener, SctpAssociationConfig)} on {@link SctpStack#get()}. */
    public static SctpAssociation create(final int id, final SctpPacketSink sink, final SctpListener listener,
        final SctpAssociationConfig config) {
        return create(SctpStack.get(), id, sink, listener, config);
    }

    /**
     * Creates the socket, binds it to {@code localPort} and connects to {@code remotePort}: the INIT goes to
     * {@code sink} before this returns. The calling thread becomes the owner.
     *
     * @param id 1 ... {@link SctpTuning#maxAssociations()}, unique among live associations: the AF_CONN address
     * @throws IllegalArgumentException if {@code id} or a config value is out of range
     * @throws IllegalStateException    if {@code id} is in use, or usrsctp refuses the socket (errno in the message)
     */
    public static SctpAssociation create(final SctpStack stack, final int id, final SctpPacketSink sink,
        final SctpListener listener, final SctpAssociationConfig config) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        config.conclude();
        final long address = stack.claim(id);
        final Arena arena = Arena.ofConfined();
        SctpAssociation association = null;
        try {
            association = new SctpAssociation(stack, id, address, sink, listener, config, arena);
            association.open();
            return association;
        } catch (final RuntimeException | Error ex) {
            if (association != null) {
                association.release();
            } else {
                stack.release(id);
                arena.close();
            }
            throw ex;
        }
    }

    private void open() {
        socket = usrsctp_h.usrsctp_socket(callState, usrsctp_constants.AF_CONN, usrsctp_constants.SOCK_STREAM,
            usrsctp_constants.IPPROTO_SCTP, MemorySegment.NULL, MemorySegment.NULL, 0, MemorySegment.NULL);
        if (socket.address() == 0) {
            throw new IllegalStateException("usrsctp_socket failed: errno " + UsrsctpLibrary.errno(callState));
        }
        stack.attachUpcall(socket, address);
        SctpSocketOptions.configure(callState, socket, config, stack.tuning(), arena);
        usrsctp_h.usrsctp_register_address(address);
        stack.publish(id, this);

        final MemorySegment sconn = sockaddr_conn.allocate(arena);
        sockaddr_conn.sconn_family(sconn, (short) usrsctp_constants.AF_CONN);
        sockaddr_conn.sconn_port(sconn, toNetworkOrder((short) config.localPort()));
        sockaddr_conn.sconn_addr(sconn, address);
        if (usrsctp_h.usrsctp_bind(callState, socket, sconn, (int) sockaddr_conn.SIZEOF) != 0) {
            throw new IllegalStateException("usrsctp_bind(port " + config.localPort() + ") failed: errno "
                + UsrsctpLibrary.errno(callState));
        }
        // Our own address again as the peer's: AF_CONN only uses it to hand packets back to conn_output.
        sockaddr_conn.sconn_port(sconn, toNetworkOrder((short) config.remotePort()));
        callDepth++;
        final int result;
        try {
            result = usrsctp_h.usrsctp_connect(callState, socket, sconn, (int) sockaddr_conn.SIZEOF);
        } finally {
            callDepth--;
        }
        if (result != 0 && UsrsctpLibrary.errno(callState) != usrsctp_constants.EINPROGRESS) {
            throw new IllegalStateException("usrsctp_connect(port " + config.remotePort() + ") failed: errno "
                + UsrsctpLibrary.errno(callState));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Data path (owner thread)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Feeds one SCTP packet (decrypted from a DTLS record) to usrsctp. Replies go to the sink, messages and events to
     * the listener, all before this returns. usrsctp copies the packet; the segment is free again on return.
     */
    public void input(final MemorySegment segment, final long offset, final int lengthBytes) {
        checkCaller();
        if (released) {
            drops[SctpDrop.INPUT_AFTER_CLOSE.ordinal()]++;
            return;
        }
        if (lengthBytes <= 0) {
            return;
        }
        Objects.checkFromIndexSize(offset, lengthBytes, segment.byteSize());
        final long packet;
        if (segment.isNative()) {
            packet = segment.address() + offset;
        } else {
            if (lengthBytes > MAX_HEAP_INPUT_BYTES) {
                drops[SctpDrop.INPUT_TOO_BIG.ordinal()]++;
                return;
            }
            inputStaging = ensureCapacity(inputStaging, lengthBytes, MAX_HEAP_INPUT_BYTES);
            MemorySegment.copy(segment, offset, inputStaging, 0, lengthBytes);
            packet = inputStaging.address();
        }
        if (!checksum.verify(segment, offset, lengthBytes)) {
            drops[SctpDrop.BAD_CHECKSUM.ordinal()]++;
            return;
        }
        packetsIn++;
        callDepth++;
        try {
            usrsctp_h.usrsctp_conninput(address, packet, lengthBytes, (byte) 0);
        } finally {
            callDepth--;
        }
        afterCall();
    }

    /**
     * Sends one message, reliable ({@code maxRetransmits < 0}) or partially reliable with at most
     * {@code maxRetransmits} retransmissions (PR-SCTP RTX policy, RFC 3758).
     *
     * @param ppid payload protocol identifier, host order
     * @return {@link SctpSendStatus#SENT} or a negative {@link SctpSendStatus} code
     */
    public int send(final int streamId, final int ppid, final boolean unordered, final int maxRetransmits,
        final MemorySegment segment, final long offset, final int lengthBytes) {
        return sendMessage(streamId, ppid, unordered,
            maxRetransmits < 0 ? usrsctp_constants.SCTP_PR_SCTP_NONE : usrsctp_constants.SCTP_PR_SCTP_RTX,
            Math.max(0, maxRetransmits), segment, offset, lengthBytes);
    }

    /** Like {@link #send} with the PR-SCTP TTL policy: abandoned if not delivered within {@code lifetimeMs}. */
    public int sendWithLifetime(final int streamId, final int ppid, final boolean unordered, final int lifetimeMs,
        final MemorySegment segment, final long offset, final int lengthBytes) {
        return sendMessage(streamId, ppid, unordered, usrsctp_constants.SCTP_PR_SCTP_TTL, Math.max(0, lifetimeMs),
            segment, offset, lengthBytes);
    }

    private int sendMessage(final int streamId, final int ppid, final boolean unordered, final int prPolicy,
        final int prValue, final MemorySegment segment, final long offset, final int lengthBytes) {
        checkCaller();
        if (state != CONNECTED) {
            return state == CONNECTING ? SctpSendStatus.NOT_CONNECTED : SctpSendStatus.CLOSED;
        }
        if (streamId < 0 || streamId >= outboundStreams) {
            return SctpSendStatus.INVALID_STREAM;
        }
        if (lengthBytes <= 0) {
            if (lengthBytes < 0) {
                throw new IllegalArgumentException("negative message length " + lengthBytes);
            }
            return SctpSendStatus.EMPTY;
        }
        if (lengthBytes > config.maxSendMessageBytes()) {
            return SctpSendStatus.TOO_BIG;
        }
        Objects.checkFromIndexSize(offset, lengthBytes, segment.byteSize());
        final long data;
        if (segment.isNative()) {
            data = segment.address() + offset;
        } else {
            sendStaging = ensureCapacity(sendStaging, lengthBytes, config.maxSendMessageBytes());
            MemorySegment.copy(segment, offset, sendStaging, 0, lengthBytes);
            data = sendStaging.address();
        }
        sctp_sendv_spa.sendv_flags(spa, prPolicy == usrsctp_constants.SCTP_PR_SCTP_NONE
            ? usrsctp_constants.SCTP_SEND_SNDINFO_VALID
            : usrsctp_constants.SCTP_SEND_SNDINFO_VALID | usrsctp_constants.SCTP_SEND_PRINFO_VALID);
        sctp_sndinfo.snd_sid(sndinfo, (short) streamId);
        sctp_sndinfo.snd_flags(sndinfo, (short) (usrsctp_constants.SCTP_EOR | (unordered ? usrsctp_constants.SCTP_UNORDERED : 0)));
        sctp_sndinfo.snd_ppid(sndinfo, toNetworkOrder(ppid));
        sctp_prinfo.pr_policy(prinfo, (short) prPolicy);
        sctp_prinfo.pr_value(prinfo, prValue);
        long sent = sendOnce(false, data, lengthBytes);
        final int status;
        if (sent < 0) {
            // Without errno (see usrsctp_h): ask the socket why. Not writable is the usual answer.
            final int events = usrsctp_h.usrsctp_get_events(socket);
            if ((events & usrsctp_constants.SCTP_EVENT_ERROR) != 0) {
                readPending = true; // the notification that explains it is usually queued: read it first
                afterCall();
                markClosed(SctpCloseReason.SOCKET_ERROR); // no-op if the notification closed it
                return SctpSendStatus.CLOSED;
            } else if ((events & usrsctp_constants.SCTP_EVENT_WRITE) == 0) {
                status = SctpSendStatus.WOULD_BLOCK;
            } else {
                sent = sendOnce(true, data, lengthBytes); // rare: writable yet refused; learn the errno
                status = sent >= 0 ? SctpSendStatus.SENT : sendError(UsrsctpLibrary.errno(callState));
            }
        } else {
            status = SctpSendStatus.SENT;
        }
        if (status == SctpSendStatus.SENT) {
            messagesSent++;
            bytesSent += lengthBytes;
        }
        afterCall();
        return status;
    }

    private long sendOnce(final boolean captureErrno, final long data, final int lengthBytes) {
        callDepth++;
        try {
            return captureErrno
                ? usrsctp_h.usrsctp_sendv(callState, socket, data, lengthBytes, MemorySegment.NULL, 0, spa,
                    (int) sctp_sendv_spa.SIZEOF, usrsctp_constants.SCTP_SENDV_SPA, 0)
                : usrsctp_h.usrsctp_sendv(socket, data, lengthBytes, MemorySegment.NULL, 0, spa,
                    (int) sctp_sendv_spa.SIZEOF, usrsctp_constants.SCTP_SENDV_SPA, 0);
        } finally {
            callDepth--;
        }
    }

    private int sendError(final int errno) {
        lastErrno = errno;
        return switch (errno) {
            case usrsctp_constants.EWOULDBLOCK, usrsctp_constants.ENOBUFS, usrsctp_constants.ENOMEM -> SctpSendStatus.WOULD_BLOCK;
            case usrsctp_constants.EMSGSIZE -> SctpSendStatus.TOO_BIG;
            case usrsctp_constants.EPIPE, usrsctp_constants.ECONNRESET, usrsctp_constants.ENOTCONN,
                 usrsctp_constants.ESHUTDOWN -> SctpSendStatus.CLOSED;
            default -> SctpSendStatus.ERROR;
        };
    }

    /**
     * Resets our outgoing stream (RFC 6525), which closes a DataChannel (RFC 8831 §6.7). usrsctp queues the request
     * until earlier data on the stream is sent; the peer then sees {@link SctpListener#onStreamReset}.
     *
     * @return {@link SctpSendStatus#SENT} when queued, or a negative {@link SctpSendStatus} code
     */
    public int resetOutgoingStream(final int streamId) {
        checkCaller();
        if (state != CONNECTED) {
            return state == CONNECTING ? SctpSendStatus.NOT_CONNECTED : SctpSendStatus.CLOSED;
        }
        if (streamId < 0 || streamId >= outboundStreams) {
            return SctpSendStatus.INVALID_STREAM;
        }
        sctp_reset_streams.srs_assoc_id(resetStreams, usrsctp_constants.SCTP_FUTURE_ASSOC);
        sctp_reset_streams.srs_flags(resetStreams, (short) usrsctp_constants.SCTP_STREAM_RESET_OUTGOING);
        sctp_reset_streams.srs_number_streams(resetStreams, (short) 1);
        sctp_reset_streams.srs_stream_list(resetStreams, 0, (short) streamId);
        callDepth++;
        final int result;
        try {
            result = usrsctp_h.usrsctp_setsockopt(callState, socket, usrsctp_constants.IPPROTO_SCTP,
                usrsctp_constants.SCTP_RESET_STREAMS, resetStreams, (int) sctp_reset_streams.SIZEOF + 2);
        } finally {
            callDepth--;
        }
        final int status = result == 0 ? SctpSendStatus.SENT : sendError(UsrsctpLibrary.errno(callState));
        afterCall();
        return status;
    }

    /**
     * Owner's share of the threading rule: sends packets other threads' timers parked for this association and reads
     * what those timers made readable. Cheap when nothing is pending (one acquire read). Call it from the owner's duty
     * cycle, at least as often as the timers run.
     *
     * @return packets sent plus messages and events delivered
     */
    public int drainDeferred() {
        checkCaller();
        int work = 0;
        if ((int) FOREIGN_PENDING.getAcquire(this) != 0) {
            final int pending = (int) FOREIGN_PENDING.getAndSet(this, 0);
            final SctpDeferredQueue queue = (SctpDeferredQueue) DEFERRED.getAcquire(this);
            if ((pending & FOREIGN_PACKETS) != 0 && queue != null && !released) {
                work += queue.drain(guardedSink, queue.capacity());
            }
            if ((pending & FOREIGN_READABLE) != 0) {
                readPending = true;
            }
        }
        if (readPending && callDepth == 0 && !receivePaused && !released) {
            work += drainReceive();
        }
        return work;
    }

    /**
     * Stops reading messages: usrsctp keeps them, its receive window fills and the peer is flow-controlled (its sends
     * eventually return {@link SctpSendStatus#WOULD_BLOCK}). For back-pressure when the next stage is full.
     * Events (including the association closing) also wait until {@link #resumeReceiving()}.
     */
    public void pauseReceiving() {
        checkCaller();
        receivePaused = true;
    }

    /** Reads and delivers what accumulated while paused, then carries on as usual. */
    public void resumeReceiving() {
        checkCaller();
        receivePaused = false;
        readPending = true;
        afterCall();
    }

    /**
     * Starts a graceful SHUTDOWN: data already queued is still delivered, then both sides see
     * {@link SctpListener#onClosed} with {@link SctpCloseReason#SHUTDOWN}. Sends return {@link SctpSendStatus#CLOSED}.
     * Call {@link #close()} afterwards to free the association.
     */
    public void shutdown() {
        checkCaller();
        if (state != CONNECTED && state != CONNECTING) {
            return;
        }
        state = SHUTTING_DOWN;
        callDepth++;
        try {
            if (usrsctp_h.usrsctp_shutdown(callState, socket, usrsctp_constants.SHUT_WR) != 0) {
                lastErrno = UsrsctpLibrary.errno(callState);
            }
        } finally {
            callDepth--;
        }
        afterCall();
    }

    /**
     * Aborts the association if it is still up (an ABORT goes to the sink), frees the socket, the id and the native
     * memory. The listener hears {@link SctpCloseReason#LOCAL} unless it already heard another reason. Idempotent.
     */
    public void close() {
        checkCaller();
        if (released) {
            return;
        }
        final boolean notify = state != CLOSED;
        state = CLOSED;
        release();
        if (notify) {
            listener.onClosed(SctpCloseReason.LOCAL);
        }
    }

    private void release() {
        released = true;
        if (socket.address() != 0) {
            callDepth++;
            try {
                usrsctp_h.usrsctp_close(socket);
            } finally {
                callDepth--;
            }
            socket = MemorySegment.NULL;
            usrsctp_h.usrsctp_deregister_address(address);
        }
        stack.release(id);
        final SctpDeferredQueue queue = (SctpDeferredQueue) DEFERRED.getAndSet(this, (SctpDeferredQueue) null);
        if (queue != null) {
            queue.close();
        }
        arena.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Callbacks from usrsctp (via SctpStack): any thread, must not throw
    // ---------------------------------------------------------------------------------------------------------------

    /** conn_output for this association. */
    int onPacketOut(final long buffer, final int lengthBytes) {
        if (Thread.currentThread() == owner) {
            if (released && callDepth == 0) {
                return -1;
            }
            final MemorySegment packet;
            if (lengthBytes <= packetBuffer.byteSize()) {
                MemorySegment.copy(SctpStack.ALL_MEMORY, buffer, packetBuffer, 0, lengthBytes);
                packet = packetBuffer;
            } else {
                packet = MemorySegment.ofAddress(buffer).reinterpret(lengthBytes); // larger than the MTU: rare
            }
            return deliverPacket(packet, lengthBytes) ? 0 : -1;
        }
        SctpDeferredQueue queue = (SctpDeferredQueue) DEFERRED.getAcquire(this);
        if (queue == null) {
            final SctpDeferredQueue created = new SctpDeferredQueue(config.deferredQueuePackets(), config.maxPacketBytes());
            final SctpDeferredQueue witness = (SctpDeferredQueue) DEFERRED.compareAndExchange(this, (SctpDeferredQueue) null, created);
            if (witness == null) {
                queue = created;
            } else {
                created.close();
                queue = witness;
            }
        }
        if (!queue.offer(SctpStack.ALL_MEMORY, buffer, lengthBytes)) {
            return -1;
        }
        FOREIGN_PENDING.getAndBitwiseOrRelease(this, FOREIGN_PACKETS);
        return 0;
    }

    /** The socket became readable or writable or got an error. */
    void onSocketEvent() {
        if (Thread.currentThread() != owner) {
            FOREIGN_PENDING.getAndBitwiseOrRelease(this, FOREIGN_READABLE);
            return;
        }
        readPending = true;
        if (callDepth == 0 && !queuedForTimers && stack.onTimerThread()) {
            queuedForTimers = true;
            stack.enqueueReady(this);
        }
    }

    /** Timer thread (== owner) after usrsctp_handle_timers returned. */
    void onTimersDone() {
        queuedForTimers = false;
        afterCall();
    }

    private void deliverDeferredPacket(final MemorySegment packet, final int lengthBytes) {
        deliverPacket(packet, lengthBytes);
    }

    private boolean deliverPacket(final MemorySegment packet, final int lengthBytes) {
        if (packet == packetBuffer) {
            checksum.fill(packet, packetView, lengthBytes);
        } else {
            checksum.fill(packet, lengthBytes);
        }
        inSink = true;
        try {
            sink.onSctpPacket(packet, lengthBytes);
            packetsOut++;
            return true;
        } catch (final Throwable ex) {
            drops[SctpDrop.SINK_FAILED.ordinal()]++;
            return false;
        } finally {
            inSink = false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Receiving (owner thread, outside usrsctp)
    // ---------------------------------------------------------------------------------------------------------------

    private void afterCall() {
        if (callDepth == 0 && readPending && !receivePaused && !released) {
            drainReceive();
        }
    }

    /** Reads messages and notifications until usrsctp has none; returns how many were delivered. */
    private int drainReceive() {
        readPending = false;
        int delivered = 0;
        callDepth++;
        try {
            while (!released && !receivePaused && state != CLOSED) {
                final long room = discarding ? receiveCapacity : receiveCapacity - filled;
                final long destinationOffset = discarding ? 0 : filled;
                fromLength.set(JAVA_INT, 0, 0);
                infoLength.set(JAVA_INT, 0, (int) sctp_rcvinfo.SIZEOF);
                infoType.set(JAVA_INT, 0, 0);
                msgFlags.set(JAVA_INT, 0, 0);
                final long read = usrsctp_h.usrsctp_recvv(socket, receiveBuffer.address() + destinationOffset, room,
                    MemorySegment.NULL, fromLength, rcvinfo, infoLength, infoType, msgFlags);
                if (read < 0) {
                    // EWOULDBLOCK: read everything. (A dead association was reported by a COMM_LOST notification
                    // before its socket error, so the errno is not needed here; see usrsctp_h on why it is not taken.)
                    break;
                }
                final int flags = msgFlags.get(JAVA_INT, 0);
                final boolean endOfRecord = (flags & usrsctp_constants.MSG_EOR) != 0;
                if ((flags & usrsctp_constants.MSG_NOTIFICATION) != 0) {
                    onNotificationBytes(destinationOffset, (int) read, endOfRecord);
                    delivered++;
                    continue;
                }
                if (read == 0) {
                    markClosed(SctpCloseReason.SHUTDOWN); // end of stream: the peer shut down
                    break;
                }
                if (discarding) {
                    discarding = !endOfRecord;
                    continue;
                }
                filled += (int) read;
                if (filled > config.maxReceiveMessageBytes()) {
                    drops[SctpDrop.MESSAGE_TOO_BIG.ordinal()]++;
                    filled = 0;
                    discarding = !endOfRecord;
                    continue;
                }
                if (endOfRecord) {
                    final int length = filled;
                    filled = 0;
                    messagesReceived++;
                    bytesReceived += length;
                    delivered++;
                    listener.onMessage(sctp_rcvinfo.rcv_sid(rcvinfo) & 0xFFFF, fromNetworkOrder(sctp_rcvinfo.rcv_ppid(rcvinfo)),
                        receiveBuffer, 0, length);
                }
            }
        } finally {
            callDepth--;
        }
        return delivered;
    }

    private void onNotificationBytes(final long sourceOffset, final int lengthBytes, final boolean endOfRecord) {
        if (!notificationOverflow) {
            if (notificationLength + lengthBytes > NOTIFICATION_BUFFER_BYTES) {
                notificationOverflow = true;
                drops[SctpDrop.NOTIFICATION_TOO_BIG.ordinal()]++;
            } else {
                MemorySegment.copy(receiveBuffer, sourceOffset, notification, notificationLength, lengthBytes);
                notificationLength += lengthBytes;
            }
        }
        if (endOfRecord) {
            final int length = notificationLength;
            final boolean complete = !notificationOverflow;
            notificationLength = 0;
            notificationOverflow = false;
            if (complete) {
                onNotification(length);
            }
        }
    }

    private void onNotification(final int lengthBytes) {
        if (lengthBytes < sctp_tlv.SIZEOF) {
            return;
        }
        switch (sctp_tlv.sn_type(notification) & 0xFFFF) {
            case usrsctp_constants.SCTP_ASSOC_CHANGE -> {
                if (lengthBytes >= sctp_assoc_change.SIZEOF) {
                    onAssociationChange();
                }
            }
            case usrsctp_constants.SCTP_STREAM_RESET_EVENT -> {
                if (lengthBytes >= sctp_stream_reset_event.SIZEOF) {
                    onStreamResetEvent(lengthBytes);
                }
            }
            case usrsctp_constants.SCTP_PARTIAL_DELIVERY_EVENT -> {
                if (lengthBytes >= sctp_pdapi_event.SIZEOF
                    && sctp_pdapi_event.pdapi_indication(notification) == usrsctp_constants.SCTP_PARTIAL_DELIVERY_ABORTED) {
                    drops[SctpDrop.PARTIAL_DELIVERY_ABORTED.ordinal()]++;
                    filled = 0;
                    discarding = false;
                }
            }
            default -> {
                // not subscribed; ignore
            }
        }
    }

    private void onAssociationChange() {
        switch (sctp_assoc_change.sac_state(notification)) {
            case usrsctp_constants.SCTP_COMM_UP -> {
                outboundStreams = sctp_assoc_change.sac_outbound_streams(notification) & 0xFFFF;
                inboundStreams = sctp_assoc_change.sac_inbound_streams(notification) & 0xFFFF;
                if (state == CONNECTING) {
                    state = CONNECTED;
                    listener.onConnected();
                }
            }
            case usrsctp_constants.SCTP_RESTART -> {
                // The peer restarted (new INIT on a live association): usrsctp keeps it up with new streams.
                restarts++;
                outboundStreams = sctp_assoc_change.sac_outbound_streams(notification) & 0xFFFF;
                inboundStreams = sctp_assoc_change.sac_inbound_streams(notification) & 0xFFFF;
            }
            case usrsctp_constants.SCTP_COMM_LOST -> {
                closeErrorCause = sctp_assoc_change.sac_error(notification) & 0xFFFF;
                markClosed(SctpCloseReason.COMM_LOST);
            }
            case usrsctp_constants.SCTP_SHUTDOWN_COMP -> markClosed(SctpCloseReason.SHUTDOWN);
            case usrsctp_constants.SCTP_CANT_STR_ASSOC -> {
                closeErrorCause = sctp_assoc_change.sac_error(notification) & 0xFFFF;
                markClosed(SctpCloseReason.CANT_START);
            }
            default -> {
                // unknown state: ignore
            }
        }
    }

    private void onStreamResetEvent(final int lengthBytes) {
        final int flags = sctp_stream_reset_event.strreset_flags(notification);
        if ((flags & (usrsctp_constants.SCTP_STREAM_RESET_DENIED | usrsctp_constants.SCTP_STREAM_RESET_FAILED)) != 0) {
            drops[SctpDrop.STREAM_RESET_FAILED.ordinal()]++;
            return;
        }
        if ((flags & usrsctp_constants.SCTP_STREAM_RESET_INCOMING_SSN) == 0) {
            return; // our outgoing reset completed: nothing to tell
        }
        final int declared = Math.min(lengthBytes, sctp_stream_reset_event.strreset_length(notification));
        final int count = (declared - (int) sctp_stream_reset_event.SIZEOF) / 2;
        for (int i = 0; i < count && !released; i++) {
            listener.onStreamReset(sctp_stream_reset_event.strreset_stream_list(notification, i) & 0xFFFF);
        }
    }

    private void markClosed(final SctpCloseReason reason) {
        if (state != CLOSED) {
            state = CLOSED;
            listener.onClosed(reason);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers and accessors
    // ---------------------------------------------------------------------------------------------------------------

    private void checkCaller() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("SCTP association " + id + " is owned by " + owner.getName()
                + ", called from " + Thread.currentThread().getName());
        }
        if (inSink) {
            throw new IllegalStateException("SCTP association " + id + " called from inside its packet sink");
        }
    }

    private MemorySegment ensureCapacity(final MemorySegment buffer, final int lengthBytes, final int limit) {
        if (buffer != null && buffer.byteSize() >= lengthBytes) {
            return buffer;
        }
        final long size = Math.min(limit, Math.max(lengthBytes, buffer == null ? 2048 : buffer.byteSize() * 2));
        return arena.allocate(Math.max(size, lengthBytes), 8);
    }

    private static short toNetworkOrder(final short value) {
        return HOST_IS_LITTLE_ENDIAN ? Short.reverseBytes(value) : value;
    }

    private static int toNetworkOrder(final int value) {
        return HOST_IS_LITTLE_ENDIAN ? Integer.reverseBytes(value) : value;
    }

    private static int fromNetworkOrder(final int value) {
        return toNetworkOrder(value);
    }

    public int id() {
        return id;
    }

    /** The AF_CONN address usrsctp knows this association by: generation (high 32 bits) and id (low 32 bits). */
    long address() {
        return address;
    }

    public SctpAssociationConfig config() {
        return config;
    }

    public Thread owner() {
        return owner;
    }

    /** True between {@link SctpListener#onConnected()} and the association closing or shutting down. */
    public boolean isConnected() {
        return state == CONNECTED;
    }

    /** True once the association is over (closed here or by the peer); {@link #close()} may still be due. */
    public boolean isClosed() {
        return state == CLOSED;
    }

    /** Negotiated outbound streams (valid ids are 0 ... this - 1); 0 before COMM_UP. */
    public int outboundStreams() {
        return outboundStreams;
    }

    /** Negotiated inbound streams; 0 before COMM_UP. */
    public int inboundStreams() {
        return inboundStreams;
    }

    /** How often {@code reason} happened on this association. */
    public long drops(final SctpDrop reason) {
        return switch (reason) {
            case DEFERRED_QUEUE_FULL -> deferredDrops(true);
            case DEFERRED_PACKET_TOO_BIG -> deferredDrops(false);
            default -> drops[reason.ordinal()];
        };
    }

    private long deferredDrops(final boolean full) {
        final SctpDeferredQueue queue = (SctpDeferredQueue) DEFERRED.getAcquire(this);
        return queue == null ? 0 : full ? queue.fullDrops() : queue.tooBigDrops();
    }

    /** The errno of the last failed usrsctp call (send, reset, receive). */
    public int lastErrno() {
        return lastErrno;
    }

    /** {@code sac_error} of the COMM_LOST / CANT_STR_ASSOC notification: the SCTP error cause, if any. */
    public int closeErrorCause() {
        return closeErrorCause;
    }

    /** Times the peer restarted the association (RFC 4960 §5.2.2), which usrsctp survives. */
    public long restarts() {
        return restarts;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long packetsOut() {
        return packetsOut;
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String toString() {
        return "SctpAssociation{id=" + id + ", state=" + state + ", outboundStreams=" + outboundStreams
            + ", inboundStreams=" + inboundStreams + '}';
    }
}
