package io.deltad.tools.client;

import io.deltad.tools.client.WebRtcAppliance.Frames;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap allocated by the appliance's IoAgent thread per delta delivered over WebRTC, in a steady stream: one publisher,
 * {@code subscribers} subscribers, all our Java client role on loopback. Not a test (allocation is expected: the
 * JDK's DTLS engine allocates per record, docs/DTLS.md); a measurement run by hand, its result in docs/PERFORMANCE.md.
 *
 * <p>The core map puts io-0 alone on CPU 0's thread ({@code deltad-cpu0}) and the DocAgent and Conductor on CPU 1,
 * so that thread's allocation ({@code ThreadMXBean.getThreadAllocatedBytes}) is the IoAgent's: STUN, DTLS both ways,
 * usrsctp, DCEP, ingest, ACKs and delivery.
 *
 * <pre>
 * mvn -pl tools -am test-compile -q
 * mvn -pl tools dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -q
 * java $DELTAD_JVM_FLAGS -cp tools/target/test-classes:tools/target/classes:engine/target/classes:\
 *     dtls/target/classes:bindings/target/classes:$(cat /tmp/cp.txt) \
 *     io.deltad.tools.client.WebRtcDeliveryCost [subscribers] [deltas] [payloadBytes] [idleSeconds]
 * </pre>
 */
public final class WebRtcDeliveryCost {
    private static final String IO_THREAD = "deltad-cpu0";
    private static final int WINDOW = 512;

    private WebRtcDeliveryCost() {
    }

    public static void main(final String[] args) throws Exception {
        final int subscriberCount = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        final int deltas = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        final int payloadBytes = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        final int idleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        final Path dir = Files.createTempDirectory("webrtc-cost");
        try (WebRtcAppliance server = WebRtcAppliance.start(dir, Map.of(
            "cores.io", List.of(0L), "cores.doc", List.of(1L), "cores.elastic", List.of(), "cores.conductor", 1L,
            "cores.shared", true, "elastic.max_elastic", 0L, "store.size", "256MiB"))) {
            final Thread io = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(IO_THREAD)).findFirst().orElseThrow();
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

            final WebRtcClient publisher = server.connect("publisher", (segment, offset, length) -> { }); // ACKs
            final List<WebRtcClient> subscribers = new ArrayList<>();
            final List<Counting> received = new ArrayList<>();
            for (int i = 0; i < subscriberCount; i++) {
                final Counting counting = new Counting();
                final WebRtcClient subscriber = server.connect("subscriber-" + i, counting);
                server.subscribe(subscriber, counting.frames);
                counting.frames.received.clear();
                counting.counting = true;
                subscribers.add(subscriber);
                received.add(counting);
            }
            final Stream stream = new Stream(publisher, subscribers, received, payloadBytes);
            stream.run(deltas / 4); // warm-up: JIT, buffers, usrsctp windows

            final long datagramsInBefore = server.metric("deltad_webrtc_datagrams_total", "reason", "in");
            final long datagramsBefore = server.metric("deltad_webrtc_datagrams_total", "reason", "out");
            final long deliveredBefore = server.metric("deltad_deltas_delivered_total");
            final long allocatedBefore = threads.getThreadAllocatedBytes(io.threadId());
            final long cpuBefore = threads.getThreadCpuTime(io.threadId());
            final long startNs = System.nanoTime();
            stream.run(deltas);
            final long elapsedNs = System.nanoTime() - startNs;
            final long allocated = threads.getThreadAllocatedBytes(io.threadId()) - allocatedBefore;
            final long cpuNs = threads.getThreadCpuTime(io.threadId()) - cpuBefore;
            Thread.sleep(100); // counters are published every 10 ms
            final long delivered = server.metric("deltad_deltas_delivered_total") - deliveredBefore;
            final long datagrams = server.metric("deltad_webrtc_datagrams_total", "reason", "out") - datagramsBefore;
            final long datagramsIn = server.metric("deltad_webrtc_datagrams_total", "reason", "in") - datagramsInBefore;
            pollAll(publisher, subscribers, 1); // the stream's last SACKs
            final long idleBefore = threads.getThreadAllocatedBytes(io.threadId());
            pollAll(publisher, subscribers, idleSeconds); // idle, but the clients keep consent fresh and answer SCTP
            final long idle = (threads.getThreadAllocatedBytes(io.threadId()) - idleBefore) / idleSeconds;

            System.out.printf("subscribers %d, deltas %,d of %d B payload, %,d delivered in %.2f s (%,.0f/s)%n",
                subscriberCount, deltas, payloadBytes, delivered, elapsedNs / 1e9, delivered / (elapsedNs / 1e9));
            System.out.printf("io thread: %,d B allocated = %,.0f B per delivered delta, %,.0f B per delta in;"
                    + " CPU %,.2f us per delivered delta%n",
                allocated, (double) allocated / delivered, (double) allocated / deltas, cpuNs / 1e3 / delivered);
            System.out.printf("server datagrams: %,d in, %,d out = %.2f out per delivered delta; %,.0f B allocated per"
                    + " datagram in or out; idle, %d sessions: %,d B/s%n", datagramsIn, datagrams,
                (double) datagrams / delivered, (double) allocated / (datagrams + datagramsIn), subscriberCount + 1, idle);
        }
    }

    private static void pollAll(final WebRtcClient publisher, final List<WebRtcClient> subscribers, final int seconds)
        throws InterruptedException {
        final long startNs = System.nanoTime();
        while (System.nanoTime() - startNs < seconds * 1_000_000_000L) {
            publisher.poll();
            for (final WebRtcClient subscriber : subscribers) {
                subscriber.poll();
            }
            Thread.sleep(1);
        }
    }

    /** Counts DELTA frames without keeping them. */
    private static final class Counting implements WebRtcClient.MessageHandler {
        final Frames frames = new Frames();
        private final FrameHeader header = new FrameHeader();
        boolean counting;
        long deltas;

        @Override
        public void onMessage(final MemorySegment segment, final long offset, final int length) {
            if (!counting) {
                frames.onMessage(segment, offset, length);
                return;
            }
            long position = offset;
            while (position < offset + length) {
                header.wrap(segment, position);
                if (header.type() == FrameType.DELTA) {
                    deltas++;
                }
                position += header.frameLength();
            }
        }
    }

    /** The publisher sends one delta per message, at most {@link #WINDOW} ahead of the slowest subscriber. */
    private static final class Stream {
        private final WebRtcClient publisher;
        private final List<WebRtcClient> subscribers;
        private final List<Counting> received;
        private final MemorySegment frame;
        private final FrameHeader header = new FrameHeader();
        private final int payloadBytes;
        private long sent;

        Stream(final WebRtcClient publisher, final List<WebRtcClient> subscribers, final List<Counting> received,
            final int payloadBytes) {
            this.publisher = publisher;
            this.subscribers = subscribers;
            this.received = received;
            this.payloadBytes = payloadBytes;
            this.frame = Arena.ofAuto().allocate(FrameHeader.LENGTH + payloadBytes, 8);
        }

        void run(final long count) throws InterruptedException {
            final long target = sent + count;
            while (slowest() < target) {
                if (sent < target && sent - slowest() < WINDOW) {
                    final long seq = sent + 1;
                    header.wrap(frame, 0).write(FrameType.DELTA, 0, WebRtcAppliance.DOC, seq, payloadBytes);
                    frame.set(ValueLayout.JAVA_LONG_UNALIGNED, FrameHeader.LENGTH, seq);
                    if (publisher.send(frame, 0, FrameHeader.LENGTH + payloadBytes) == 0) {
                        sent = seq;
                        continue;
                    }
                }
                int work = publisher.poll();
                for (final WebRtcClient subscriber : subscribers) {
                    work += subscriber.poll();
                }
                if (work == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        private long slowest() {
            long slowest = Long.MAX_VALUE;
            for (final Counting counting : received) {
                slowest = Math.min(slowest, counting.deltas);
            }
            return slowest;
        }
    }
}
