package io.deltad.tools.client;

import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole stack with real parts on loopback: the appliance from a config ([signaling], [webrtc]), our client role
 * opening sessions through POST /v1/sessions, ICE, DTLS, SCTP and DCEP, then deltas in and out through the engine.
 */
class WebRtcEndToEndTest {
    private static final long DOC = DocIds.of(1, 7);

    @TempDir
    Path dir;

    private WebRtcAppliance appliance;

    @BeforeEach
    void start() throws Exception {
        appliance = WebRtcAppliance.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
    }

    private WebRtcClient connect(final List<long[]> frames) throws Exception {
        final FrameHeader header = new FrameHeader();
        return appliance.connect("e2e", (segment, offset, length) -> {
            long position = offset;
            while (position < offset + length) {
                header.wrap(segment, position);
                frames.add(new long[] {header.type(), header.docId(), header.seq()});
                position += header.frameLength();
            }
        });
    }

    @Test
    void shouldCarryDeltasFromOneBrowserLikePeerToAnother() throws Exception {
        final List<long[]> publisherFrames = new ArrayList<>();
        final List<long[]> subscriberFrames = new ArrayList<>();
        final WebRtcClient publisher = connect(publisherFrames);
        final WebRtcClient subscriber = connect(subscriberFrames);
        final MemorySegment buffer = Arena.ofAuto().allocate(256, 8);
        final FrameHeader header = new FrameHeader();

        header.wrap(buffer, 0).write(FrameType.SUBSCRIBE, 0, DOC, 1, 0);
        assertEquals(0, subscriber.send(buffer, 0, FrameHeader.LENGTH));
        awaitFrames(subscriber, subscriberFrames, FrameType.SUBSCRIBED, 1);

        final int deltas = 200;
        for (int i = 1; i <= deltas; i++) {
            header.wrap(buffer, 0).write(FrameType.DELTA, 0, DOC, i, 8);
            buffer.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, FrameHeader.LENGTH, i);
            while (publisher.send(buffer, 0, FrameHeader.LENGTH + 8) != 0) {
                publisher.poll();
            }
        }
        awaitFrames(publisher, publisherFrames, FrameType.ACK, deltas);
        awaitFrames(subscriber, subscriberFrames, FrameType.DELTA, deltas);
        final List<long[]> delivered = subscriberFrames.stream().filter(f -> f[0] == FrameType.DELTA).toList();
        for (int i = 0; i < deltas; i++) {
            assertEquals(i + 1, delivered.get(i)[2], "delta " + i + " in order, seq from 1");
        }
        final String status = appliance.deltactl("status");
        assertTrue(status.contains("io-0 packets: udp 127.0.0.1:" + appliance.udp().getPort() + ", gso"),
            "deltactl status shows the io agent's UDP socket and that it sends with UDP GSO: " + status);
    }

    private static void awaitFrames(final WebRtcClient client, final List<long[]> frames, final int type,
        final int count) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (frames.stream().filter(f -> f[0] == type).count() < count) {
            assertTrue(System.nanoTime() < deadlineNs, "timed out waiting for " + count + " frames of type " + type
                + "; got " + frames.stream().filter(f -> f[0] == type).count() + ", session " + client.closedReason());
            if (client.poll() == 0) {
                Thread.sleep(1);
            }
        }
    }
}
