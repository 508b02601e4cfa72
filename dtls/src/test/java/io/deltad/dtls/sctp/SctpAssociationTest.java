package io.deltad.dtls.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltad.dtls.sctp.SctpPair.Message;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Two real usrsctp associations back to back in this JVM. */
class SctpAssociationTest {
    private static final int PPID_BINARY = 53;
    private static final int PPID_STRING = 51;

    @Test
    void shouldComeUpWithSimultaneousOpenAndNegotiate1024Streams() {
        try (SctpPair pair = SctpPair.connected()) {
            assertTrue(pair.a.association.isConnected());
            assertTrue(pair.b.association.isConnected());
            assertEquals(1024, pair.a.association.outboundStreams());
            assertEquals(1024, pair.a.association.inboundStreams());
            assertEquals(1024, pair.b.association.outboundStreams());
        }
    }

    @Test
    void shouldCarryMessagesBothWaysOnSeveralStreamsOrderedAndUnordered() {
        try (SctpPair pair = SctpPair.connected()) {
            final int[] streams = {0, 1, 2, 7, 100, 1023};
            for (int i = 0; i < streams.length; i++) {
                final boolean unordered = (i & 1) == 1;
                assertEquals(SctpSendStatus.SENT, pair.a.association.send(streams[i], PPID_BINARY, unordered, -1,
                    SctpPair.bytes(100 + i, i), 0, 100 + i));
                assertEquals(SctpSendStatus.SENT, pair.b.association.send(streams[i], PPID_STRING, unordered, 0,
                    SctpPair.bytes(200 + i, i), 0, 200 + i));
            }
            pair.pumpUntil(() -> pair.b.messages.size() == streams.length && pair.a.messages.size() == streams.length, 5_000);
            for (int i = 0; i < streams.length; i++) {
                final int stream = streams[i];
                final Message atB = pair.b.messages.stream().filter(m -> m.streamId() == stream).findFirst().orElseThrow();
                assertEquals(PPID_BINARY, atB.ppid());
                assertArrayEquals(SctpPair.bytes(100 + i, i).toArray(ValueLayout.JAVA_BYTE), atB.data());
                final Message atA = pair.a.messages.stream().filter(m -> m.streamId() == stream).findFirst().orElseThrow();
                assertEquals(PPID_STRING, atA.ppid());
                assertArrayEquals(SctpPair.bytes(200 + i, i).toArray(ValueLayout.JAVA_BYTE), atA.data());
            }
        }
    }

    @Test
    void shouldKeepOrderOnAnOrderedStream() {
        try (SctpPair pair = SctpPair.connected()) {
            for (int i = 0; i < 500; i++) {
                final MemorySegment payload = MemorySegment.ofArray(new byte[] {(byte) i, (byte) (i >> 8)});
                assertEquals(SctpSendStatus.SENT, pair.a.association.send(3, PPID_BINARY, false, -1, payload, 0, 2));
            }
            pair.pumpUntil(() -> pair.b.messages.size() == 500, 5_000);
            for (int i = 0; i < 500; i++) {
                final byte[] data = pair.b.messages.get(i).data();
                assertEquals(i, (data[0] & 0xFF) | (data[1] & 0xFF) << 8);
            }
        }
    }

    @Test
    void shouldReassembleMessagesDeliveredInPartsUpToTheMaxMessageSize() {
        // A low partial delivery point makes usrsctp hand large messages over in parts (no MSG_EOR).
        final SctpAssociationConfig config = new SctpAssociationConfig().partialDeliveryPointBytes(4096);
        try (SctpPair pair = SctpPair.connected(config, new SctpAssociationConfig().partialDeliveryPointBytes(4096))) {
            final int[] sizes = {1, 1187, 1188, 1189, 5_000, 40_000, SctpAssociationConfig.MAX_MESSAGE_BYTES_DEFAULT};
            for (int i = 0; i < sizes.length; i++) {
                assertEquals(SctpSendStatus.SENT, pair.a.association.send(i, PPID_BINARY, false, -1,
                    SctpPair.bytes(sizes[i], i), 0, sizes[i]));
            }
            pair.pumpUntil(() -> pair.b.messages.size() == sizes.length, 10_000);
            for (int i = 0; i < sizes.length; i++) {
                final int stream = i;
                final Message message = pair.b.messages.stream().filter(m -> m.streamId() == stream).findFirst().orElseThrow();
                assertArrayEquals(SctpPair.bytes(sizes[i], i).toArray(ValueLayout.JAVA_BYTE), message.data(), "size " + sizes[i]);
            }
            assertEquals(0, pair.b.association.drops(SctpDrop.MESSAGE_TOO_BIG));
        }
    }

    @Test
    void shouldKeepEveryPacketWithinMaxPacketBytes() {
        try (SctpPair pair = SctpPair.connected()) {
            pair.a.association.send(1, PPID_BINARY, false, -1, SctpPair.bytes(60_000, 1), 0, 60_000);
            pair.pumpUntil(() -> pair.b.messages.size() == 1, 5_000);
            assertEquals(SctpAssociationConfig.MAX_PACKET_BYTES_DEFAULT, pair.a.maxPacketLength,
                "full-size DATA packets are exactly maxPacketBytes");
            assertTrue(pair.b.maxPacketLength <= SctpAssociationConfig.MAX_PACKET_BYTES_DEFAULT);
        }
    }

    @Test
    void shouldUseAll1024StreamsAndRefuseTheNext() {
        try (SctpPair pair = SctpPair.connected()) {
            final MemorySegment one = MemorySegment.ofArray(new byte[] {42});
            for (int stream = 0; stream < 1024; stream++) {
                assertEquals(SctpSendStatus.SENT, pair.a.association.send(stream, PPID_BINARY, false, -1, one, 0, 1));
                if ((stream & 63) == 63) {
                    pair.pump();
                }
            }
            assertEquals(SctpSendStatus.INVALID_STREAM, pair.a.association.send(1024, PPID_BINARY, false, -1, one, 0, 1));
            pair.pumpUntil(() -> pair.b.messages.size() == 1024, 10_000);
            final Set<Integer> streams = new HashSet<>();
            pair.b.messages.forEach(m -> streams.add(m.streamId()));
            assertEquals(1024, streams.size());
        }
    }

    @Test
    void shouldTellThePeerWhenAStreamIsReset() {
        try (SctpPair pair = SctpPair.connected()) {
            pair.a.association.send(3, PPID_BINARY, false, -1, SctpPair.bytes(10, 3), 0, 10);
            assertEquals(SctpSendStatus.SENT, pair.a.association.resetOutgoingStream(3));
            assertEquals(SctpSendStatus.SENT, pair.a.association.resetOutgoingStream(5));
            pair.pumpUntil(() -> pair.b.resets.size() == 2, 5_000);
            assertEquals(Set.of(3, 5), new HashSet<>(pair.b.resets), "5 first: 3 waits for its data to be acknowledged");
            assertEquals(1, pair.b.messages.size(), "data sent before the reset is delivered first");
            assertTrue(pair.a.resets.isEmpty(), "our own outgoing resets are not reported");
            // The stream is usable again after the reset (a new channel may take it).
            pair.a.association.send(3, PPID_BINARY, false, -1, SctpPair.bytes(10, 4), 0, 10);
            pair.pumpUntil(() -> pair.b.messages.size() == 2, 5_000);
        }
    }

    @Test
    void shouldReturnWouldBlockWhenThePeerStopsReadingAndRecoverWhenItReadsAgain() {
        try (SctpPair pair = SctpPair.connected()) {
            pair.b.association.pauseReceiving();
            final MemorySegment payload = SctpPair.bytes(1024, 9);
            int sent = 0;
            for (int round = 0; round < 100; round++) {
                int status;
                while ((status = pair.a.association.send(1, PPID_BINARY, false, -1, payload, 0, 1024)) == SctpSendStatus.SENT) {
                    sent++;
                }
                assertEquals(SctpSendStatus.WOULD_BLOCK, status, SctpSendStatus.describe(status));
                pair.pumpFor(10); // in flight to B, acknowledged into B's receive buffer: A's send buffer frees up
                if (pair.a.association.send(1, PPID_BINARY, false, -1, payload, 0, 1024) == SctpSendStatus.SENT) {
                    sent++;
                } else {
                    break;
                }
            }
            // Blocked while B does not read. usrsctp never advertises a window below 1 byte (sctp_calc_rwnd), so about
            // one packet per round trip still trickles into B's buffer: a few dozen per second, slowing down (measured
            // 102 messages in 2 s, 207 in 6 s, after the first 1841). Bounded here at 5% of the window in 300 ms.
            int trickle = 0;
            final long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                pair.pumpFor(5);
                if (pair.a.association.send(1, PPID_BINARY, false, -1, payload, 0, 1024) == SctpSendStatus.SENT) {
                    trickle++;
                }
            }
            assertTrue(trickle < sent / 20, "a trickle of probes over 300 ms, not " + trickle + " (window " + sent + ")");
            sent += trickle;
            assertTrue(pair.b.messages.isEmpty());
            // Roughly B's receive window plus A's send buffer (1 MiB each by default), less per-chunk overhead.
            assertTrue(sent > 1_000 && sent < 2_600, "sent " + sent);

            pair.b.association.resumeReceiving();
            final int expected = sent;
            pair.pumpUntil(() -> pair.b.messages.size() == expected, 10_000);
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(1, PPID_BINARY, false, -1, payload, 0, 1024));
            pair.pumpUntil(() -> pair.b.messages.size() == expected + 1, 5_000);
        }
    }

    @Test
    void shouldDropAndCountAnIncomingMessageOverMaxMessageSizeAndKeepGoing() {
        final SctpAssociationConfig sender = new SctpAssociationConfig().maxSendMessageBytes(64 * 1024);
        final SctpAssociationConfig receiver = new SctpAssociationConfig().maxReceiveMessageBytes(16 * 1024)
            .partialDeliveryPointBytes(4096);
        try (SctpPair pair = SctpPair.connected(sender, receiver)) {
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(1, PPID_BINARY, false, -1,
                SctpPair.bytes(40_000, 1), 0, 40_000));
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(1, PPID_BINARY, false, -1,
                SctpPair.bytes(16 * 1024, 2), 0, 16 * 1024));
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(2, PPID_BINARY, false, -1,
                SctpPair.bytes(16 * 1024 + 1, 3), 0, 16 * 1024 + 1));
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(1, PPID_BINARY, false, -1,
                SctpPair.bytes(100, 4), 0, 100));
            pair.pumpUntil(() -> pair.b.messages.size() == 2, 5_000);
            pair.pumpFor(20);
            assertEquals(2, pair.b.association.drops(SctpDrop.MESSAGE_TOO_BIG));
            assertEquals(2, pair.b.messages.size());
            assertArrayEquals(SctpPair.bytes(16 * 1024, 2).toArray(ValueLayout.JAVA_BYTE), pair.b.messages.get(0).data(),
                "exactly max-message-size is accepted");
            assertArrayEquals(SctpPair.bytes(100, 4).toArray(ValueLayout.JAVA_BYTE), pair.b.messages.get(1).data());
            assertTrue(pair.b.association.isConnected());
        }
    }

    @Test
    void shouldRefuseSendsItCannotMake() {
        try (SctpPair pair = SctpPair.connected(new SctpAssociationConfig().maxSendMessageBytes(1000), new SctpAssociationConfig())) {
            final SctpAssociation a = pair.a.association;
            assertEquals(SctpSendStatus.TOO_BIG, a.send(1, PPID_BINARY, false, -1, SctpPair.bytes(1001, 1), 0, 1001));
            assertEquals(SctpSendStatus.EMPTY, a.send(1, PPID_BINARY, false, -1, SctpPair.bytes(1, 1), 0, 0));
            assertEquals(SctpSendStatus.INVALID_STREAM, a.send(-1, PPID_BINARY, false, -1, SctpPair.bytes(1, 1), 0, 1));
            assertEquals(SctpSendStatus.INVALID_STREAM, a.resetOutgoingStream(5000));
            assertThrows(IndexOutOfBoundsException.class, () -> a.send(1, PPID_BINARY, false, -1, SctpPair.bytes(10, 1), 5, 10));
            assertEquals(SctpSendStatus.SENT, a.send(1, PPID_BINARY, false, -1, SctpPair.bytes(1000, 1), 0, 1000));
        }
    }

    @Test
    void shouldNotSendBeforeItIsConnected() {
        final SctpPair pair = SctpPair.unconnected(new SctpAssociationConfig(), new SctpAssociationConfig(), null, null);
        try (pair) {
            assertEquals(SctpSendStatus.NOT_CONNECTED, pair.a.association.send(0, PPID_BINARY, false, -1,
                SctpPair.bytes(1, 1), 0, 1));
            assertTrue(pair.a.sentWithChunk(SctpPackets.INIT) == 1, "create sent the INIT");
        }
    }

    @Test
    void shouldAbortThePeerOnClose() {
        final SctpPair pair = SctpPair.connected();
        pair.a.association.close();
        assertEquals(SctpCloseReason.LOCAL, pair.a.closed);
        assertEquals(1, pair.a.sentWithChunk(SctpPackets.ABORT));
        pair.pumpUntil(() -> pair.b.closed != null, 2_000);
        assertEquals(SctpCloseReason.COMM_LOST, pair.b.closed);
        assertEquals(SctpSendStatus.CLOSED, pair.b.association.send(0, PPID_BINARY, false, -1, SctpPair.bytes(1, 1), 0, 1));
        pair.close();
        pair.a.association.close(); // idempotent
    }

    @Test
    void shouldShutDownGracefullyAfterDeliveringWhatWasSent() {
        try (SctpPair pair = SctpPair.connected()) {
            pair.a.association.send(1, PPID_BINARY, false, -1, SctpPair.bytes(30_000, 1), 0, 30_000);
            pair.a.association.shutdown();
            assertEquals(SctpSendStatus.CLOSED, pair.a.association.send(1, PPID_BINARY, false, -1, SctpPair.bytes(1, 1), 0, 1));
            pair.pumpUntil(() -> pair.a.closed != null && pair.b.closed != null, 5_000);
            assertEquals(SctpCloseReason.SHUTDOWN, pair.a.closed);
            assertEquals(SctpCloseReason.SHUTDOWN, pair.b.closed);
            assertEquals(1, pair.b.messages.size());
        }
    }

    @Test
    void shouldEmitPacketsWithAValidCrc32cAndDropOnesWithoutIt() {
        try (SctpPair pair = SctpPair.connected()) {
            pair.a.sent.forEach(packet -> assertTrue(SctpPackets.checksumMatches(packet),
                "every packet leaves with its CRC32c (SctpChecksum; usrsctp's own is off)"));
            // The association checks the CRC32c of its input: a corrupted packet is dropped and counted.
            pair.a.dropOutgoing = packet -> {
                packet[8] ^= 1;
                pair.a.outbox.add(packet);
                return true;
            };
            pair.a.association.send(1, PPID_BINARY, false, -1, SctpPair.bytes(10, 1), 0, 10);
            pair.pumpFor(100);
            assertTrue(pair.b.messages.isEmpty(), "the corrupted DATA was dropped");
            assertTrue(pair.b.association.drops(SctpDrop.BAD_CHECKSUM) >= 1, "and counted");
            pair.a.dropOutgoing = packet -> false;
            pair.pumpUntil(() -> pair.b.messages.size() == 1, 5_000); // and retransmitted
        }
    }

    @Test
    void shouldAcceptNativeSegmentsWithoutCopying() {
        try (SctpPair pair = SctpPair.connected(); Arena arena = Arena.ofConfined()) {
            final MemorySegment payload = arena.allocate(2000);
            payload.fill((byte) 7);
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(2, PPID_BINARY, true, 3, payload, 500, 1000));
            // Deliver B's side from native memory too.
            pair.a.dropOutgoing = packet -> {
                final MemorySegment nativePacket = arena.allocate(packet.length + 3).asSlice(3);
                MemorySegment.copy(packet, 0, nativePacket, ValueLayout.JAVA_BYTE, 0, packet.length);
                pair.b.association.input(nativePacket, 0, packet.length);
                return true;
            };
            pair.pumpUntil(() -> pair.b.messages.size() == 1, 5_000);
            assertEquals(1000, pair.b.messages.get(0).data().length);
            assertEquals(7, pair.b.messages.get(0).data()[999]);
        }
    }

    @Test
    void shouldRejectCallsFromAnotherThreadAndDuplicateIds() throws InterruptedException {
        try (SctpPair pair = SctpPair.connected()) {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread other = new Thread(() -> {
                try {
                    pair.a.association.send(0, PPID_BINARY, false, -1, SctpPair.bytes(1, 1), 0, 1);
                } catch (final Throwable ex) {
                    failure.set(ex);
                }
            });
            other.start();
            other.join();
            assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
            final int usedId = pair.a.association.id();
            assertThrows(IllegalStateException.class,
                () -> SctpAssociation.create(usedId, (p, l) -> { }, pair.a, new SctpAssociationConfig()));
            assertThrows(IllegalArgumentException.class,
                () -> SctpAssociation.create(0, (p, l) -> { }, pair.a, new SctpAssociationConfig()));
            assertThrows(IllegalArgumentException.class,
                () -> SctpAssociation.create(SctpPair.nextId(), (p, l) -> { }, pair.a, new SctpAssociationConfig().streams(0)));
        }
    }

    @Test
    void shouldReuseAnIdAfterCloseAndDropLatePacketsForTheOldOne() {
        final SctpPair pair = SctpPair.connected();
        final int id = pair.a.association.id();
        pair.close();
        final SctpPair.Endpoint sink = new SctpPair.Endpoint("C", null);
        final SctpAssociation reused = SctpAssociation.create(id, sink, sink, new SctpAssociationConfig());
        try {
            assertFalse(reused.isClosed());
            assertEquals(1, sink.sentWithChunk(SctpPackets.INIT));
        } finally {
            reused.close();
        }
    }
}
