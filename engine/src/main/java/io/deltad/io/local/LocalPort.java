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
 * the real IoAgent. Used only by its IoAgent's thread (attach via {@code IoAgent.execute}).
 */
public final class LocalPort implements SessionPort {
    private final ArrayList<Session> attached = new ArrayList<>();
    private final ArrayList<LocalClient> toFlush = new ArrayList<>();
    private final UnsafeBuffer sourceView = new UnsafeBuffer(0, 0);
    private final MessageHandler ringHandler = this::onRingMessage;
    private SessionPort.InboundHandler handler;
    private Session polling;
    private int nextToPoll;

    /** A new client and its session, not yet attached. */
    public static LocalClient newClient(final int sessionId, final int inboundCapacity, final int outboundCapacity) {
        return new LocalClient(sessionId, inboundCapacity, outboundCapacity);
    }

    /** Starts polling the session's client. Its transport must be a {@link LocalClient}. Agent thread only. */
    public void attach(final Session session) {
        attached.add(session);
    }

    @Override
    public int poll(final SessionPort.InboundHandler handler, final int limit) {
        this.handler = handler;
        final int count = attached.size();
        int received = 0;
        // Start at a rotating session so one busy client cannot starve the rest of the batch.
        for (int i = 0; i < count && received < limit; i++) {
            if (nextToPoll >= attached.size()) {
                nextToPoll = 0;
            }
            polling = attached.get(nextToPoll++);
            final LocalClient client = (LocalClient) polling.transport();
            received += client.inbound().buffer().read(ringHandler, Math.max(1, (limit - received) / Math.max(1, count - i)));
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
