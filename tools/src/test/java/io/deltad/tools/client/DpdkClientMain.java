package io.deltad.tools.client;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@link DpdkWebRtcEndToEndTest}, run inside the test's network namespace: two sessions through
 * signaling (kernel TCP), a subscriber and a publisher of {@code deltas} deltas, over the appliance's DPDK port. Prints
 * {@code ok <deltas>} and exits 0 when the publisher has every ACK and the subscriber every DELTA in order; exits 1
 * with the reason otherwise.
 *
 * <p>Usage: {@code DpdkClientMain signalingBase token bindIp deltas}
 */
public final class DpdkClientMain {
    private static final long DOC = io.deltad.wire.DocIds.of(1, 9);

    private DpdkClientMain() {
    }

    public static void main(final String[] args) {
        try {
            run(URI.create(args[0]), args[1], InetAddress.getByName(args[2]), Integer.parseInt(args[3]));
            System.exit(0);
        } catch (final Throwable ex) {
            System.out.println("failed: " + ex);
            ex.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static WebRtcClient connect(final URI base, final String token, final InetAddress bind,
        final List<long[]> frames) throws Exception {
        final FrameHeader header = new FrameHeader();
        return WebRtcClient.connect(base, token, Duration.ofSeconds(20), (segment, offset, length) -> {
            long position = offset;
            while (position < offset + length) {
                header.wrap(segment, position);
                frames.add(new long[] {header.type(), header.docId(), header.seq()});
                position += header.frameLength();
            }
        }, bind);
    }

    private static void run(final URI base, final String token, final InetAddress bind, final int deltas) throws Exception {
        final List<long[]> publisherFrames = new ArrayList<>();
        final List<long[]> subscriberFrames = new ArrayList<>();
        try (WebRtcClient publisher = connect(base, token, bind, publisherFrames);
             WebRtcClient subscriber = connect(base, token, bind, subscriberFrames)) {
            final MemorySegment buffer = Arena.ofAuto().allocate(256, 8);
            final FrameHeader header = new FrameHeader();
            header.wrap(buffer, 0).write(FrameType.SUBSCRIBE, 0, DOC, 1, 0);
            if (subscriber.send(buffer, 0, FrameHeader.LENGTH) != 0) {
                throw new IllegalStateException("SUBSCRIBE not taken");
            }
            await(subscriber, subscriberFrames, FrameType.SUBSCRIBED, 1);
            for (int i = 1; i <= deltas; i++) {
                header.wrap(buffer, 0).write(FrameType.DELTA, 0, DOC, i, 8);
                buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, FrameHeader.LENGTH, i);
                while (publisher.send(buffer, 0, FrameHeader.LENGTH + 8) != 0) {
                    publisher.poll();
                }
            }
            await(publisher, publisherFrames, FrameType.ACK, deltas);
            await(subscriber, subscriberFrames, FrameType.DELTA, deltas);
            final List<long[]> delivered = subscriberFrames.stream().filter(f -> f[0] == FrameType.DELTA).toList();
            for (int i = 0; i < deltas; i++) {
                if (delivered.get(i)[2] != i + 1) {
                    throw new IllegalStateException("delta " + i + " has seq " + delivered.get(i)[2]);
                }
            }
        }
        System.out.println("ok " + deltas);
    }

    private static void await(final WebRtcClient client, final List<long[]> frames, final int type, final int count)
        throws InterruptedException {
        final long deadlineNs = System.nanoTime() + 20_000_000_000L;
        while (frames.stream().filter(f -> f[0] == type).count() < count) {
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("timed out waiting for " + count + " frames of type " + type + "; got "
                    + frames.stream().filter(f -> f[0] == type).count() + ", session " + client.closedReason());
            }
            if (client.poll() == 0) {
                Thread.sleep(1);
            }
        }
    }
}
