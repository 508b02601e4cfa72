package io.deltad.tools.bench;

import io.deltad.tools.client.WebRtcClient;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One client thread of {@code deltabench webrtc}: it opens its sessions itself (usrsctp's rule: an association belongs
 * to the thread that created it), then polls all of them round-robin until told to stop, and closes them (DELETE at
 * signaling, SCTP ABORT) on the same thread. Thread 0 also owns the publisher.
 *
 * <p>Subscribers parse every frame of every message; a DELTA's first 8 payload bytes are the publisher's
 * {@code System.nanoTime()} at send (the same JVM holds every client, so the clocks agree), and send → receipt goes
 * into this thread's histogram while {@link Shared#measuring} is set. Counters are published once per pass.
 */
final class WebRtcClientThread implements Runnable {
    private static final long LATENCY_MAX_NS = 60_000_000_000L;
    private static final int MAX_IDLE_YIELDS = 20;
    private static final long MAX_PARK_NS = 50_000L;

    /** What every client thread and the control thread share. */
    static final class Shared {
        final URI signaling;
        final String token;
        final Duration connectTimeout;
        final long[] docIds;
        final CountDownLatch connected;
        /** The address the clients' UDP sockets bind (one that reaches the appliance's host candidate). */
        final InetAddress bindAddress;
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean measuring;
        volatile boolean running = true;

        Shared(final URI signaling, final String token, final Duration connectTimeout, final long[] docIds,
            final int threads, final InetAddress bindAddress) {
            this.bindAddress = bindAddress;
            this.signaling = signaling;
            this.token = token;
            this.connectTimeout = connectTimeout;
            this.docIds = docIds;
            this.connected = new CountDownLatch(threads);
        }
    }

    /**
     * The publisher's settings (thread 0 only).
     *
     * @param window         deltas sent and not yet answered (ACK or NACK) by the appliance
     * @param deliveryWindow deltas sent and not yet received by the slowest subscriber (0 = no such bound): an ACK
     *                       says a delta was accepted, not delivered, so without this bound a fan-out the appliance
     *                       cannot keep up with queues without limit and the latency measured is that queue's
     */
    record PublisherSpec(int payloadBytes, int batch, int window, int deliveryWindow, long ratePerSec) {
    }

    /** Every client thread, so the publisher can see how far the slowest subscriber is (set before start). */
    private WebRtcClientThread[] all = new WebRtcClientThread[0];
    /** Deltas received (or skipped by a RESYNC) by this thread's slowest subscriber; MAX_VALUE with none. */
    final AtomicLong slowestReceived = new AtomicLong(Long.MAX_VALUE);
    private long[] receivedBySubscriber = new long[0];

    // Counters, published each pass (written by this thread only).
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong nacked = new AtomicLong();
    final AtomicLong wouldBlock = new AtomicLong();
    final AtomicLong windowFull = new AtomicLong();
    final AtomicLong deliveryWindowFull = new AtomicLong();
    /** Passes over this thread's sessions, the time spent in them (not idling), the longest while measuring. */
    final AtomicLong passes = new AtomicLong();
    final AtomicLong passNanos = new AtomicLong();
    final AtomicLong passMaxNanos = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong resyncs = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong closedSessions = new AtomicLong();

    private final int index;
    /** CPU to pin this thread to, -1 for none. */
    private final int cpu;
    private volatile boolean pinned;
    private final Shared shared;
    private final int subscriberCount;
    private final PublisherSpec publisherSpec;
    private final Histogram histogram = new Histogram(LATENCY_MAX_NS, 3);
    private final FrameHeader rxHeader = new FrameHeader();
    private final FrameHeader ackHeader = new FrameHeader();
    private final FrameHeader txHeader = new FrameHeader();
    private final List<WebRtcClient> clients = new ArrayList<>();
    private final List<Long2LongHashMap> expectedSeq = new ArrayList<>();
    private final Thread thread;

    private boolean measuringNow;
    private long nowNs;
    private long deliveredCount;
    private long gapCount;
    private long resyncCount;
    private long errorCount;
    private long subscribedCount;
    private long ackCount;
    private long nackCount;
    private long subscriberNackCount;
    private long firstNackCode = -1;

    // Publisher state.
    private WebRtcClient publisher;
    private MemorySegment message;
    private long clientSeq;
    private long sentCount;
    private long wouldBlockCount;
    private long windowFullCount;
    private long deliveryWindowFullCount;
    private long passCount;
    private long passTotalNs;
    private long passMaxNs;
    private long openLoopStartNs;

    WebRtcClientThread(final int index, final Shared shared, final int subscriberCount,
        final PublisherSpec publisherSpec, final int cpu) {
        this.index = index;
        this.cpu = cpu;
        this.shared = shared;
        this.subscriberCount = subscriberCount;
        this.publisherSpec = publisherSpec;
        this.thread = new Thread(this, "bench-client-" + index);
        this.thread.setDaemon(true);
    }

    void start(final WebRtcClientThread[] allThreads) {
        this.all = allThreads;
        thread.start();
    }

    boolean join(final long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Only after {@link #join} returned true. */
    Histogram histogram() {
        return histogram;
    }

    int sessions() {
        return subscriberCount + (publisherSpec != null ? 1 : 0);
    }

    long firstNackCode() {
        return firstNackCode;
    }

    /** Sessions of this thread that ended before the run did, with why (read after {@link #join}). */
    List<String> closedReasons() {
        return closedReasons;
    }

    private final List<String> closedReasons = new ArrayList<>();
    private final io.deltad.dtls.peer.PeerStats drops = new io.deltad.dtls.peer.PeerStats();
    private long datagramSendDrops;

    /** Drops the client sessions' DTLS, SCTP and DCEP layers counted over the whole run (after {@link #join}). */
    io.deltad.dtls.peer.PeerStats drops() {
        return drops;
    }

    /** Datagrams the client sockets could not send over the whole run (after {@link #join}). */
    long datagramSendDrops() {
        return datagramSendDrops;
    }

    /** Whether the thread got the CPU it was to be pinned to. */
    boolean isPinned() {
        return pinned;
    }

    @Override
    public void run() {
        pinned = ThreadPlacement.pin(cpu);
        try {
            connectAll();
            shared.connected.countDown();
            while (shared.start.getCount() > 0 && shared.running) {
                pollAll();
                LockSupport.parkNanos(1_000_000L);
            }
            if (publisher != null) {
                openLoopStartNs = System.nanoTime();
            }
            int idle = 0;
            while (shared.running) {
                measuringNow = shared.measuring;
                final long passStartNs = System.nanoTime();
                int work = pollAll();
                if (publisher != null) {
                    work += publish();
                }
                final long passNs = System.nanoTime() - passStartNs;
                passCount++;
                passTotalNs += passNs;
                if (measuringNow && passNs > passMaxNs) {
                    passMaxNs = passNs;
                }
                publishCounters(work);
                if (work > 0) {
                    idle = 0;
                } else if (++idle <= MAX_IDLE_YIELDS) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(Math.min(MAX_PARK_NS, 1_000L << Math.min(16, idle - MAX_IDLE_YIELDS)));
                }
            }
        } catch (final Throwable ex) {
            shared.failure.compareAndSet(null, ex);
            shared.connected.countDown();
        } finally {
            for (final WebRtcClient client : clients) {
                client.addDropsTo(drops);
                datagramSendDrops += client.datagramSendDrops();
            }
            for (int i = 0; i < clients.size(); i++) {
                final WebRtcClient client = clients.get(i);
                if (client.isClosed()) {
                    closedReasons.add((client == publisher ? "publisher" : "subscriber " + index + "." + i) + ": "
                        + client.closedReason().label());
                }
            }
            for (final WebRtcClient client : clients) {
                try {
                    client.close(); // DELETE /v1/sessions/{id}, then SCTP ABORT and close_notify
                } catch (final RuntimeException ignored) {
                    // best effort: the appliance is stopped next anyway
                }
            }
        }
    }

    private void connectAll() throws Exception {
        final int frames = shared.docIds.length;
        final MemorySegment subscribe = Arena.ofAuto().allocate((long) FrameHeader.LENGTH * frames, 8);
        final FrameHeader header = new FrameHeader();
        for (int i = 0; i < frames; i++) {
            header.wrap(subscribe, (long) i * FrameHeader.LENGTH).write(FrameType.SUBSCRIBE, 0, shared.docIds[i], 1, 0);
        }
        receivedBySubscriber = new long[subscriberCount];
        for (int s = 0; s < subscriberCount; s++) {
            final Long2LongHashMap expected = new Long2LongHashMap(Math.max(8, frames * 2), 0.5f, -1L);
            expectedSeq.add(expected);
            final int subscriber = s;
            final WebRtcClient client = WebRtcClient.connect(shared.signaling, shared.token, shared.connectTimeout,
                (segment, offset, length) -> onSubscriberMessage(subscriber, expected, segment, offset, length),
                shared.bindAddress);
            clients.add(client);
            sendBlocking(client, subscribe, FrameHeader.LENGTH * frames);
        }
        if (publisherSpec != null) {
            publisher = WebRtcClient.connect(shared.signaling, shared.token, shared.connectTimeout,
                this::onPublisherMessage, shared.bindAddress);
            clients.add(publisher);
            final int frameBytes = FrameHeader.LENGTH + publisherSpec.payloadBytes();
            message = Arena.ofAuto().allocate((long) frameBytes * publisherSpec.batch(), 8);
            for (long i = 0; i < message.byteSize(); i++) {
                message.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + 7)); // opaque payload bytes
            }
        }
        final long expected = (long) subscriberCount * frames;
        final long deadlineNs = System.nanoTime() + shared.connectTimeout.toNanos();
        while (subscribedCount < expected) {
            if (System.nanoTime() > deadlineNs || subscriberNackCount > 0 || errorCount > 0) {
                throw new IllegalStateException("thread " + index + ": " + subscribedCount + " of " + expected
                    + " subscriptions confirmed, " + subscriberNackCount + " NACKs (first code " + firstNackCode
                    + "), " + errorCount + " ERROR frames");
            }
            if (pollAll() == 0) {
                LockSupport.parkNanos(200_000L);
            }
        }
    }

    private void sendBlocking(final WebRtcClient client, final MemorySegment segment, final int length)
        throws InterruptedException {
        final long deadlineNs = System.nanoTime() + shared.connectTimeout.toNanos();
        while (client.send(segment, 0, length) != 0) {
            if (client.isClosed() || System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("could not send on a new session: " + client.closedReason());
            }
            client.poll();
            Thread.sleep(1);
        }
    }

    private int pollAll() {
        nowNs = System.nanoTime();
        int work = 0;
        for (int i = 0, n = clients.size(); i < n; i++) {
            final WebRtcClient client = clients.get(i);
            if (!client.isClosed()) {
                work += client.poll();
            }
        }
        if (receivedBySubscriber.length > 0) {
            long slowest = Long.MAX_VALUE;
            for (final long received : receivedBySubscriber) {
                slowest = Math.min(slowest, received);
            }
            slowestReceived.setRelease(slowest);
        }
        return work;
    }

    /** Deltas received by the slowest subscriber of all threads. */
    private long slowestReceived() {
        long slowest = Long.MAX_VALUE;
        for (final WebRtcClientThread thread : all) {
            slowest = Math.min(slowest, thread == this ? slowestOwn() : thread.slowestReceived.getAcquire());
        }
        return slowest == Long.MAX_VALUE ? sentCount : slowest;
    }

    private long slowestOwn() {
        long slowest = Long.MAX_VALUE;
        for (final long received : receivedBySubscriber) {
            slowest = Math.min(slowest, received);
        }
        return slowest;
    }

    /** Sends as many batches as the window (closed loop) or the schedule (open loop) allows. */
    private int publish() {
        final PublisherSpec spec = publisherSpec;
        final int batch = spec.batch();
        final int frameBytes = FrameHeader.LENGTH + spec.payloadBytes();
        final long[] docIds = shared.docIds;
        final long intervalNs = spec.ratePerSec() > 0 ? Math.max(1, 1_000_000_000L / spec.ratePerSec()) : 0;
        int batches = 0;
        while (!publisher.isClosed()) {
            final long inFlight = sentCount - ackCount - nackCount;
            if (inFlight + batch > spec.window()) {
                windowFullCount++;
                break;
            }
            if (spec.deliveryWindow() > 0 && sentCount - nackCount - slowestReceived() + batch > spec.deliveryWindow()) {
                deliveryWindowFullCount++;
                break;
            }
            final long now = System.nanoTime();
            if (intervalNs > 0 && now < openLoopStartNs + (clientSeq + batch - 1) * intervalNs) {
                break; // open loop: the batch's last delta is not due yet
            }
            final FrameHeader header = txHeader;
            for (int f = 0; f < batch; f++) {
                final long seq = clientSeq + f + 1;
                final long offset = (long) f * frameBytes;
                header.wrap(message, offset).write(FrameType.DELTA, 0, docIds[(int) (seq % docIds.length)], seq,
                    spec.payloadBytes());
                // Open loop stamps the intended send time (no coordinated omission); closed loop the actual one.
                final long stamp = intervalNs > 0 ? openLoopStartNs + (seq - 1) * intervalNs : now;
                message.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + FrameHeader.LENGTH, stamp);
            }
            if (publisher.send(message, 0, frameBytes * batch) != 0) {
                wouldBlockCount++; // SCTP's send buffer is full: poll, then try again
                break;
            }
            clientSeq += batch;
            sentCount += batch;
            batches++;
            if (batches >= 64) {
                break; // let the subscribers on this thread run
            }
        }
        return batches;
    }

    private void publishCounters(final int work) {
        passes.setRelease(passCount);
        passNanos.setRelease(passTotalNs);
        passMaxNanos.setRelease(passMaxNs);
        if (work == 0 && !measuringNow) {
            return;
        }
        sent.setRelease(sentCount);
        acked.setRelease(ackCount);
        nacked.setRelease(nackCount);
        wouldBlock.setRelease(wouldBlockCount);
        windowFull.setRelease(windowFullCount);
        deliveryWindowFull.setRelease(deliveryWindowFullCount);
        delivered.setRelease(deliveredCount);
        gaps.setRelease(gapCount);
        resyncs.setRelease(resyncCount);
        errors.setRelease(errorCount + subscriberNackCount);
        long closed = 0;
        for (int i = 0, n = clients.size(); i < n; i++) {
            if (clients.get(i).isClosed()) {
                closed++;
            }
        }
        closedSessions.setRelease(closed);
    }

    private void onSubscriberMessage(final int subscriber, final Long2LongHashMap expected,
        final MemorySegment segment, final long offset, final int length) {
        final long receivedNs = System.nanoTime();
        final FrameHeader header = rxHeader;
        long position = offset;
        final long end = offset + length;
        while (position + FrameHeader.LENGTH <= end) {
            header.wrap(segment, position);
            switch (header.type()) {
                case FrameType.DELTA -> {
                    deliveredCount++;
                    receivedBySubscriber[subscriber]++;
                    final long docId = header.docId();
                    final long seq = header.seq();
                    final long want = expected.get(docId);
                    if (want != -1L && seq != want) {
                        gapCount++;
                    }
                    expected.put(docId, seq + 1);
                    if (measuringNow && header.payloadLength() >= Long.BYTES) {
                        final long sentNs = segment.get(ValueLayout.JAVA_LONG_UNALIGNED, header.payloadOffset());
                        histogram.recordValue(Math.max(0, Math.min(LATENCY_MAX_NS, receivedNs - sentNs)));
                    }
                }
                case FrameType.SUBSCRIBED -> {
                    subscribedCount++;
                    expected.put(header.docId(), header.seq());
                }
                case FrameType.RESYNC -> {
                    resyncCount++;
                    final long want = expected.get(header.docId());
                    if (want != -1L && header.seq() > want) {
                        receivedBySubscriber[subscriber] += header.seq() - want; // skipped: no longer awaited
                    }
                    expected.put(header.docId(), header.seq());
                }
                case FrameType.NACK -> {
                    subscriberNackCount++;
                    nackCode(header);
                }
                case FrameType.ERROR -> errorCount++;
                default -> { }
            }
            position += header.frameLength();
        }
    }

    private void onPublisherMessage(final MemorySegment segment, final long offset, final int length) {
        final FrameHeader header = ackHeader;
        long position = offset;
        final long end = offset + length;
        while (position + FrameHeader.LENGTH <= end) {
            header.wrap(segment, position);
            switch (header.type()) {
                case FrameType.ACK -> ackCount++;
                case FrameType.NACK -> {
                    nackCount++;
                    nackCode(header);
                }
                case FrameType.ERROR -> errorCount++;
                default -> { }
            }
            position += header.frameLength();
        }
    }

    private void nackCode(final FrameHeader header) {
        if (firstNackCode < 0 && header.payloadLength() >= 2) {
            firstNackCode = header.segment().get(FrameHeader.U16, header.payloadOffset()) & 0xFFFF;
        }
    }
}
