package io.deltad.io.local;

import io.deltad.io.Session;
import io.deltad.io.SessionPort;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;

/**
 * In-process transport: each session is a pair of SPSC rings shared with a {@link LocalClient}. It stands where
 * the DataChannel transport stands, behind the same {@link SessionPort} seam, so tests and the engine benchmark drive
 * the real IoAgent. Used only by its IoAgent's thread (attach via {@code IoAgent.execute}), except {@link #signal},
 * which clients call: a client that sent puts itself once on a ready queue, so a poll costs what has input, not
 * the number of sessions.
 */
public final class LocalPort implements SessionPort {
    private final ArrayList<Session> attached = new ArrayList<>();
    private final ArrayList<LocalClient> toFlush = new ArrayList<>();
    private final org.agrona.concurrent.ManyToOneConcurrentArrayQueue<LocalClient> ready =
        new org.agrona.concurrent.ManyToOneConcurrentArrayQueue<>(READY_CAPACITY);
    /** Set when the ready queue was full: the next poll looks at every session once. */
    private volatile boolean readyOverflowed;
    private final UnsafeBuffer sourceView = new UnsafeBuffer(0, 0);
    private final MessageHandler ringHandler = this::onRingMessage;
    private SessionPort.InboundHandler handler;
    private Session polling;
    private static final int READY_CAPACITY = 1 << 16;
    /** Messages taken from one client before the next ready client gets its turn. */
    private static final int PER_CLIENT_BUDGET = 16;

    /** A new client and its session, not yet attached. */
    public static LocalClient newClient(final int sessionId, final int inboundCapacity, final int outboundCapacity) {
        return new LocalClient(sessionId, inboundCapacity, outboundCapacity);
    }

    /** Starts polling the session's client. Its transport must be a {@link LocalClient}. Agent thread only. */
    public void attach(final Session session) {
        attached.add(session);
        final LocalClient client = (LocalClient) session.transport();
        client.session = session;
        client.attachTo(this);
        signal(client); // whatever it sent before it was attached
    }

    /** A client has input: queue it once. Any thread. */
    void signal(final LocalClient client) {
        if (client.signalled.get() == 0 && client.signalled.compareAndSet(0, 1) && !ready.offer(client)) {
            client.signalled.set(0);
            readyOverflowed = true;
        }
    }

    @Override
    public int poll(final SessionPort.InboundHandler handler, final int limit) {
        this.handler = handler;
        if (readyOverflowed) {
            readyOverflowed = false;
            for (int i = 0, n = attached.size(); i < n; i++) {
                signal((LocalClient) attached.get(i).transport());
            }
        }
        int received = 0;
        while (received < limit) { // each pass consumes messages or ends: bounded by limit
            final LocalClient client = ready.poll();
            if (client == null) {
                break;
            }
            client.signalled.set(0); // before reading: a send from now on queues it again
            final Session session = client.session;
            if (session == null || session.isClosed()) {
                continue;
            }
            polling = session;
            final int budget = Math.min(PER_CLIENT_BUDGET, limit - received);
            final int read = client.inbound().buffer().read(ringHandler, budget);
            received += read;
            if (read == budget) {
                signal(client); // it may have more: back of the queue, after the others
            }
        }
        polling = null;
        return received;
    }

    private void onRingMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length) {
        final LocalClient client = (LocalClient) polling.transport();
        handler.onMessage(polling, client.inbound().memory(), index, length);
    }

    /**
     * Gathers the frame into the client's staging buffer; the frames of one duty cycle go out as one message at
     * {@link #flush()}. Returns false when the staging buffer is full and the client's ring cannot take it.
     */
    @Override
    public boolean send(final Session session, final MemorySegment segment, final long offset, final int length) {
        final LocalClient client = (LocalClient) session.transport();
        final long capacity = client.staging.byteSize();
        if (client.stagedBytes + length > capacity && !writeStaged(client)) {
            return false;
        }
        if (length > capacity) {
            sourceView.wrap(segment.address() + offset, length);
            return client.outbound().buffer().write(1, sourceView, 0, length);
        }
        MemorySegment.copy(segment, offset, client.staging, client.stagedBytes, length);
        client.stagedBytes += length;
        if (!client.flushPending) {
            client.flushPending = true;
            toFlush.add(client);
        }
        return true;
    }

    @Override
    public int flush() {
        final int count = toFlush.size();
        int kept = 0;
        for (int i = 0; i < count; i++) {
            final LocalClient client = toFlush.get(i);
            if (client.isClosed() || writeStaged(client)) {
                client.flushPending = false;
            } else {
                toFlush.set(kept++, client); // its ring is full: retry next cycle
            }
        }
        for (int i = count - 1; i >= kept; i--) {
            toFlush.remove(i);
        }
        return count - kept;
    }

    private static boolean writeStaged(final LocalClient client) {
        if (client.stagedBytes == 0) {
            return true;
        }
        if (!client.outbound().buffer().write(1, client.stagingView, 0, client.stagedBytes)) {
            return false;
        }
        client.stagedBytes = 0;
        return true;
    }

    @Override
    public void close(final Session session) {
        attached.remove(session);
        final LocalClient client = (LocalClient) session.transport();
        client.stagedBytes = 0;
        client.markClosed();
    }
}
