package io.deltad.tools.client;

import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel promotion end to end: a document busier than {@code [webrtc] dedicated_channel_threshold} gets a channel of
 * its own to each subscriber, unordered with {@code maxRetransmits: 0}; under seeded egress loss some of its deltas
 * are lost for good on that channel, and a subscriber that asks for the missing seqs over the control channel
 * (PROTOCOL.md §7, gap repair) ends with every delta.
 */
class DedicatedChannelTest {
    private static final long DOC = DocIds.of(1, 9);
    private static final int DELTAS = 3_000;

    @TempDir
    Path dir;

    private WebRtcAppliance appliance;

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    void shouldMoveABusyDocumentToAnUnreliableChannelAndRepairWhatItLoses() throws Exception {
        appliance = WebRtcAppliance.start(dir, Map.of(
            "webrtc.dedicated_channel_threshold", 200L,
            "webrtc.test_egress_loss", 0.05,
            "webrtc.test_loss_seed", 42L));
        final BitSet received = new BitSet();
        final FrameHeader in = new FrameHeader();
        final WebRtcClient subscriber = appliance.connect("subscriber", (segment, offset, length) -> {
            for (long position = offset; position < offset + length; position += in.frameLength()) {
                in.wrap(segment, position);
                if (in.type() == FrameType.DELTA && in.docId() == DOC) {
                    received.set((int) in.seq());
                }
            }
        });
        final long[] acked = new long[1];
        final FrameHeader ack = new FrameHeader();
        final WebRtcClient publisher = appliance.connect("publisher", (segment, offset, length) -> {
            for (long position = offset; position < offset + length; position += ack.frameLength()) {
                if (ack.wrap(segment, position).type() == FrameType.ACK) {
                    acked[0]++;
                }
            }
        });

        final MemorySegment buffer = Arena.ofAuto().allocate(64, 8);
        final FrameHeader out = new FrameHeader();
        out.wrap(buffer, 0).write(FrameType.SUBSCRIBE, 0, DOC, 1, 0);
        send(subscriber, buffer, FrameHeader.LENGTH);

        // About 1,000 deltas/s for 3 s: five times the threshold, so the document is promoted within a second.
        final long startNs = System.nanoTime();
        for (int i = 1; i <= DELTAS; i++) {
            final long dueNs = startNs + i * 1_000_000L;
            while (System.nanoTime() < dueNs || acked[0] < i - 256) {
                publisher.poll();
                subscriber.poll();
                assertTrue(System.nanoTime() - startNs < 30_000_000_000L, "publishing took over 30 s");
            }
            out.wrap(buffer, 0).write(FrameType.DELTA, 0, DOC, i, 8);
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, FrameHeader.LENGTH, i);
            send(publisher, buffer, FrameHeader.LENGTH + 8);
        }

        // Repair: whenever the stream has a hole, ask for it again from the first missing seq (what deltad-client.js
        // does after 50 ms); the last deltas may be lost with nothing after them, so the probe also covers the tail.
        final long deadlineNs = System.nanoTime() + 20_000_000_000L;
        long nextRepairNs = 0;
        int repairs = 0;
        while (received.nextClearBit(1) <= DELTAS) {
            assertTrue(System.nanoTime() < deadlineNs, "not converged: first missing seq " + received.nextClearBit(1)
                + " of " + DELTAS + " after " + repairs + " repairs");
            if (System.nanoTime() >= nextRepairNs) {
                out.wrap(buffer, 0).write(FrameType.SUBSCRIBE, 0, DOC, received.nextClearBit(1), 0);
                send(subscriber, buffer, FrameHeader.LENGTH);
                repairs++;
                nextRepairNs = System.nanoTime() + 100_000_000L;
            }
            if (subscriber.poll() + publisher.poll() == 0) {
                Thread.sleep(1);
            }
        }
        assertEquals(DELTAS, received.cardinality() - (received.get(0) ? 1 : 0));
        assertTrue(subscriber.dedicatedChannelsOpened() >= 1, "the busy document got a channel of its own");
        assertTrue(subscriber.dedicatedMessages() > 0, "deltas arrived on it");
        // Repairs start once publishing is over, from the first missing seq, and the replay covers every later hole:
        // one repair is enough whenever its replay loses nothing (often, when the first hole is near the end).
        assertTrue(repairs >= 1, "5 % loss on an unreliable channel left holes to repair");
    }

    private static void send(final WebRtcClient client, final MemorySegment buffer, final int length) {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (client.send(buffer, 0, length) != 0) {
            assertTrue(System.nanoTime() < deadlineNs, "SCTP send buffer stayed full for 5 s");
            client.poll();
        }
    }
}
