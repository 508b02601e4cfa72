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

    @Override
    public boolean send(final Session session, final MemorySegment segment, final long offset, final int length) {
        final LocalClient client = (LocalClient) session.transport();
        sourceView.wrap(segment.address() + offset, length);
        return client.outbound().buffer().write(1, sourceView, 0, length);
    }

    @Override
    public int flush() {
        return 0; // rings are visible to the client as soon as written
    }

    @Override
    public void close(final Session session) {
        attached.remove(session);
        ((LocalClient) session.transport()).markClosed();
    }
}
