package io.deltad.tools.bench;

import io.deltad.io.local.LocalClient;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls every subscriber session on one thread: for each DELTA, latency = {@code System.nanoTime()} now minus the
 * send time the publisher put in the first 8 payload bytes, recorded into a preallocated {@link Histogram} (no
 * allocation: values beyond its range are clamped). Control frames (SUBSCRIBED, RESYNC, NACK) are counted.
 *
 * <p>An {@link Agent}, placed like the engine's agents (see {@link LoadGenerator}). Thread: the one that runs it; the
 * {@code AtomicLong}s are published once per duty cycle ({@code lazySet}) for the control thread; the histogram is
 * read only after that thread has ended.
 */
final class Receiver implements Agent {
    static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    private static final int POLL_LIMIT = 256;

    private final LocalClient[] clients;
    private final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private final FrameHeader header = new FrameHeader();
    private final LocalClient.MessageHandler handler = this::onMessage;
    private volatile boolean measuring;
    private boolean histogramReset;

    final AtomicLong deliveredOut = new AtomicLong();
    final AtomicLong subscribedOut = new AtomicLong();
    final AtomicLong resyncsOut = new AtomicLong();
    final AtomicLong nacksOut = new AtomicLong();

    private long delivered;
    private long subscribed;
    private long resyncs;
    private long nacks;

    Receiver(final LocalClient[] clients) {
        this.clients = clients;
    }

    @Override
    public String roleName() {
        return "bench-receiver";
    }

    /** From now on latencies count (the histogram is reset at the receiver's next poll round). */
    void startMeasuring() {
        measuring = true;
    }

    /** Stops recording latencies (the histogram keeps what it has). */
    void stopMeasuring() {
        measuring = false;
    }

    /** Read only after the receiver thread ended. */
    Histogram histogram() {
        return histogram;
    }

    @Override
    public int doWork() {
        if (measuring && !histogramReset) {
            histogram.reset();
            histogramReset = true;
        }
        int received = 0;
        for (final LocalClient client : clients) {
            received += client.poll(handler, POLL_LIMIT);
        }
        if (received > 0) {
            deliveredOut.lazySet(delivered);
            subscribedOut.lazySet(subscribed);
            resyncsOut.lazySet(resyncs);
            nacksOut.lazySet(nacks);
        }
        return received;
    }

    /** Subscriber sessions the appliance closed (it does so when a session cannot take its control frames). */
    long closedSessions() {
        long closed = 0;
        for (final LocalClient client : clients) {
            closed += client.isClosed() ? 1 : 0;
        }
        return closed;
    }

    private void onMessage(final MemorySegment segment, final long offset, final int length) {
        final long end = offset + length;
        long position = offset;
        while (position < end) {
            header.wrap(segment, position);
            switch (header.type()) {
                case FrameType.DELTA -> {
                    delivered++;
                    if (measuring) {
                        final long latencyNs = System.nanoTime() - segment.get(FrameHeader.U64, header.payloadOffset());
                        histogram.recordValue(Math.max(0, Math.min(latencyNs, HIGHEST_TRACKABLE_NS)));
                    }
                }
                case FrameType.SUBSCRIBED -> subscribed++;
                case FrameType.RESYNC -> resyncs++;
                case FrameType.NACK -> nacks++;
                default -> { }
            }
            position += header.frameLength();
        }
    }
}
