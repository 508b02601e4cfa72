package io.deltad.io.local;

import io.deltad.ring.Ring;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;

/**
 * The application side of an in-process session: what a DataChannel is to a browser. One thread sends, one
 * thread polls (they may be the same). Messages in either direction are whole DataChannel messages: one or more
 * frames back to back.
 */
public final class LocalClient {
    private final int sessionId;
    private final Ring inbound;
    private final Ring outbound;
    private final UnsafeBuffer sendView = new UnsafeBuffer(0, 0);
    private final org.agrona.concurrent.MessageHandler ringHandler = this::onRingMessage;
    private MessageHandler handler;
    private volatile boolean closed;
    /** Set by the port at attach; from then on a send tells the port this client has input (ready list). */
    private volatile LocalPort port;
    /** 1 while this client sits in its port's ready queue: at most one entry per client. */
    final java.util.concurrent.atomic.AtomicInteger signalled = new java.util.concurrent.atomic.AtomicInteger();
    /** The attached session (IoAgent thread only). */
    io.deltad.io.Session session;

    // Owned by the IoAgent's thread: frames for this client gathered during a duty cycle, written to the outbound
    // ring as one message (several frames back to back, as a DataChannel message may carry them).
    final MemorySegment staging;
    final UnsafeBuffer stagingView;
    int stagedBytes;
    boolean flushPending;

    LocalClient(final int sessionId, final int inboundCapacity, final int outboundCapacity) {
        this.sessionId = sessionId;
        this.inbound = Ring.oneToOne("session-" + sessionId + "->io", inboundCapacity);
        this.outbound = Ring.oneToOne("io->session-" + sessionId, outboundCapacity);
        final int stagingBytes = Math.min(STAGING_BYTES, outbound.buffer().maxMsgLength());
        this.staging = java.lang.foreign.Arena.ofAuto().allocate(stagingBytes, 8);
        this.stagingView = new UnsafeBuffer(staging.address(), stagingBytes);
    }

    /** Most bytes of frames gathered into one outbound message. */
    static final int STAGING_BYTES = 4 * 1024;

    public int sessionId() {
        return sessionId;
    }

    /** Sends one message (native memory); false when the session's inbound buffer is full or it is closed. */
    public boolean send(final MemorySegment message, final long offset, final int length) {
        if (closed) {
            return false;
        }
        sendView.wrap(message.address() + offset, length);
        if (!inbound.buffer().write(1, sendView, 0, length)) {
            return false;
        }
        final LocalPort attachedTo = port;
        if (attachedTo != null) {
            attachedTo.signal(this);
        }
        return true;
    }

    void attachTo(final LocalPort attachedTo) {
        port = attachedTo;
    }

    /** Hands up to {@code limit} received messages to the handler; returns how many. */
    public int poll(final MessageHandler handler, final int limit) {
        this.handler = handler;
        return outbound.buffer().read(ringHandler, limit);
    }

    private void onRingMessage(final int type, final org.agrona.MutableDirectBuffer buffer, final int index, final int length) {
        handler.onMessage(outbound.memory(), index, length);
    }

    /** True once the appliance closed the session (kick, overload, shutdown). */
    public boolean isClosed() {
        return closed;
    }

    Ring inbound() { return inbound; }
    Ring outbound() { return outbound; }

    void markClosed() {
        closed = true;
    }

    /** Receives one message: the frames are in {@code segment} at {@code offset}, valid during the call only. */
    @FunctionalInterface
    public interface MessageHandler {
        void onMessage(MemorySegment segment, long offset, int length);
    }
}
