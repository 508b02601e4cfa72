package io.deltad.app;

import io.deltad.io.SessionSpec;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine end to end on the test thread: sessions in, deltas ordered, subscribers served. */
class EngineTest {
    static final long CARD_1 = DocIds.of(1, 1);
    static final long BLOB_7 = DocIds.of(3, 7);

    @Test
    void shouldAckAndDeliverInSeqOrderWhenClientsPublish() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.coreDocAgents(2))) {
            final TestClient writer = h.connect();
            final TestClient reader = h.connect();
            reader.subscribe(CARD_1, 1);
            h.settle(reader);
            assertEquals(FrameType.SUBSCRIBED, reader.received.get(0).type());
            assertEquals(1, reader.received.get(0).seq());

            for (int i = 1; i <= 100; i++) {
                final long v = i;
                writer.delta(CARD_1, i, ops -> ops.setI64(0, v));
            }
            h.settle(writer, reader);

            final List<ReceivedFrame> acks = writer.ofType(FrameType.ACK);
            assertEquals(100, acks.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 1, acks.get(i).seq(), "document seq");
                assertEquals(i + 1, acks.get(i).payloadLong(0), "clientSeq echoed");
            }
            final List<ReceivedFrame> deltas = reader.ofType(FrameType.DELTA);
            assertEquals(100, deltas.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 1, deltas.get(i).seq());
            }
            assertEquals(100, h.counter("deltas accepted"));
            assertEquals(100, h.counter("deltas delivered"));
        }
    }

    @Test
    void shouldConvergeWhenLateSubscriberStartsFromSnapshotOrFromSeq() {
        try (EngineHarness h = new EngineHarness(ctx -> { })) {
            final TestClient writer = h.connect();
            final TestClient early = h.connect();
            early.subscribe(CARD_1, 1);
            h.settle(early);
            for (int i = 1; i <= 50; i++) {
                final long v = i;
                writer.delta(CARD_1, i, ops -> ops.setI64(0, v).increment(1, 2));
            }
            h.settle(writer, early);

            final TestClient snapshotLate = h.connect();
            snapshotLate.subscribeSnapshot(CARD_1);
            final TestClient replayLate = h.connect();
            replayLate.subscribe(CARD_1, 1);
            h.settle(snapshotLate, replayLate);
            for (int i = 51; i <= 60; i++) {
                final long v = i;
                writer.delta(CARD_1, i, ops -> ops.setI64(0, v).increment(1, 2));
            }
            h.settle(writer, early, snapshotLate, replayLate);

            final CardModel fromEarly = CardModel.replay(early.received);
            final CardModel fromSnapshot = CardModel.replay(snapshotLate.received);
            final CardModel fromReplay = CardModel.replay(replayLate.received);
            assertEquals(60, fromEarly.a);
            assertEquals(120, fromEarly.n);
            assertEquals(fromEarly, fromSnapshot);
            assertEquals(fromEarly, fromReplay);
            assertEquals(60, fromSnapshot.lastSeq);

            final ReceivedFrame subscribed = snapshotLate.received.get(0);
            assertEquals(FrameType.SUBSCRIBED, subscribed.type());
            assertEquals(FrameType.FLAG_WITH_SNAPSHOT, subscribed.flags());
            assertEquals(51, subscribed.seq());
            assertEquals(FrameType.SNAPSHOT, snapshotLate.received.get(1).type());
            assertEquals(50, snapshotLate.received.get(1).seq());
            assertEquals(10, snapshotLate.ofType(FrameType.DELTA).size(), "only deltas after the snapshot");
        }
    }

    @Test
    void shouldNackEveryRejectionAndLeaveStateUnchanged() {
        try (EngineHarness h = new EngineHarness(ctx -> { })) {
            final TestClient writer = h.connect(new SessionSpec("w", List.of("*"), List.of("card/*"), List.of()));
            final TestClient reader = h.connect();
            writer.delta(CARD_1, 1, ops -> ops.setI64(0, 5).setString(2, "ok"));
            reader.subscribe(CARD_1, 1);
            h.settle(writer, reader);

            writer.delta(CARD_1, 2, ops -> ops.setI64(0, 6).setI64(0, 5000));        // out of bounds
            writer.delta(CARD_1, 3, ops -> ops.setI64(9, 1));                          // unknown field
            writer.delta(CARD_1, 4, ops -> ops.setI64(0, 7).setBool(3, true));         // field needs role owner
            writer.delta(CARD_1, 5, ops -> ops.setString(2, "x".repeat(17)));          // string over cap
            writer.delta(CARD_1, 6, ops -> ops.increment(2, 1));                       // increment on a string
            writer.delta(DocIds.of(9, 1), 7, ops -> ops.setI64(0, 1));                 // token may not write type 9
            writer.delta(BLOB_7, 8, ops -> ops.setI64(0, 1));                          // token may not write blob/*
            writer.delta(CARD_1, 8, ops -> ops.setI64(0, 8));                          // duplicate clientSeq
            writer.delta(CARD_1, 9, ops -> ops.increment(1, -1));                      // counter below min 0
            h.settle(writer, reader);

            // Refusals decided at ingest (permission, duplicate) come at once, the others once the owner decided:
            // clients match them by clientSeq, so compare in clientSeq order (the duplicate 8 after the first 8).
            final List<ReceivedFrame> nacks = writer.ofType(FrameType.NACK).stream()
                .sorted(java.util.Comparator.comparingLong(ReceivedFrame::seq)
                    .thenComparing(f -> f.nackCode() == NackCode.DUPLICATE))
                .toList();
            final int[] expected = {NackCode.OUT_OF_BOUNDS, NackCode.UNKNOWN_FIELD, NackCode.NOT_PERMITTED,
                NackCode.TOO_LARGE, NackCode.TYPE_MISMATCH, NackCode.NOT_PERMITTED, NackCode.NOT_PERMITTED,
                NackCode.DUPLICATE, NackCode.OUT_OF_BOUNDS};
            assertArrayEquals(expected, nacks.stream().mapToInt(ReceivedFrame::nackCode).toArray(), nacks.toString());
            for (final ReceivedFrame nack : nacks) {
                assertEquals(FrameType.DELTA, nack.flags(), "NACK names the refused frame type");
            }
            assertEquals(0, nacks.get(0).nackField(), "out of bounds names field a (index 0)");
            assertEquals(9, nacks.get(1).nackField(), "unknown field names the index sent");
            assertEquals(0xFFFF, nacks.get(7).nackField(), "a duplicate is not about a field");
            assertEquals(1, writer.ofType(FrameType.ACK).size());
            assertEquals(1, reader.ofType(FrameType.DELTA).size(), "no rejected delta reached a subscriber");

            final TestClient late = h.connect();
            late.subscribeSnapshot(CARD_1);
            h.settle(late);
            final CardModel state = CardModel.replay(late.received);
            assertEquals(5, state.a);
            assertEquals("ok", state.s);
            assertEquals(1, state.lastSeq);
            assertEquals(2, h.counter("deltas rejected: out_of_bounds"));
            assertEquals(1, h.counter("deltas rejected: duplicate"));

            final TestClient trusted = h.connect();
            trusted.delta(DocIds.of(9, 1), 1, ops -> ops.setI64(0, 1));
            h.settle(trusted);
            assertEquals(NackCode.UNKNOWN_DOC_TYPE, trusted.ofType(FrameType.NACK).get(0).nackCode());
        }
    }

    @Test
    void shouldNackMalformedFramesWithoutLosingTheSession() {
        try (EngineHarness h = new EngineHarness(ctx -> { })) {
            final TestClient client = h.connect();
            client.raw(new byte[] {0x10, 1, 24});                                // truncated header
            final byte[] hugeLength = new byte[24];
            hugeLength[0] = 0x10; hugeLength[1] = 1; hugeLength[2] = 24;
            hugeLength[4] = (byte) 0xFF; hugeLength[5] = (byte) 0xFF; hugeLength[6] = (byte) 0xFF; hugeLength[7] = (byte) 0x7F;
            client.raw(hugeLength);                                              // length beyond the message
            final byte[] badVersion = hugeLength.clone();
            badVersion[0] = 0x20;
            client.raw(badVersion);                                              // unknown major version
            final byte[] badType = new byte[24];
            badType[0] = 0x10; badType[1] = 77; badType[2] = 24;
            client.raw(badType);                                                 // unknown frame type
            client.delta(CARD_1, 1, ops -> ops.setI64(0, 1));                    // and the session still works
            h.settle(client);
            final int[] codes = client.ofType(FrameType.NACK).stream().mapToInt(ReceivedFrame::nackCode).toArray();
            assertArrayEquals(new int[] {NackCode.MALFORMED, NackCode.MALFORMED, NackCode.UNSUPPORTED_VERSION,
                NackCode.UNKNOWN_FRAME_TYPE}, codes);
            assertEquals(4, h.counter("frames malformed"), "every structural check failure is counted");
            assertEquals(1, client.ofType(FrameType.ACK).size());
        }
    }

    @Test
    void shouldSkipHeaderExtensionOfNewerMinorVersionAndUnknownFrameTypesInOneMessage() {
        try (EngineHarness h = new EngineHarness(ctx -> { })) {
            final TestClient client = h.connect();
            final java.nio.ByteBuffer message = java.nio.ByteBuffer.allocate((32 + 10) + (24 + 24) + (24 + 10))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            // 1.1 DELTA with an 8-byte header extension the server does not know: skipped by hdrLen.
            message.put((byte) 0x11).put((byte) FrameType.DELTA).put((byte) 32).put((byte) 0).putInt(10)
                .putLong(CARD_1).putLong(1).putLong(0xDEADBEEFL)
                .put((byte) 1).put((byte) 0).putLong(42);                            // SET a = 42
            // A frame of a type this server does not know (99), well framed: refused, the rest goes on.
            message.put((byte) 0x10).put((byte) 99).put((byte) 24).put((byte) 0).putInt(24)
                .putLong(CARD_1).putLong(2).put(new byte[24]);
            // A 1.0 DELTA after it.
            message.put((byte) 0x10).put((byte) FrameType.DELTA).put((byte) 24).put((byte) 0).putInt(10)
                .putLong(CARD_1).putLong(3)
                .put((byte) 2).put((byte) 1).putLong(5);                             // INCREMENT n by 5
            client.raw(message.array());
            h.settle(client);
            assertEquals(2, client.ofType(FrameType.ACK).size(), client.received.toString());
            final List<ReceivedFrame> nacks = client.ofType(FrameType.NACK);
            assertEquals(1, nacks.size());
            assertEquals(NackCode.UNKNOWN_FRAME_TYPE, nacks.get(0).nackCode());
            assertEquals(99, nacks.get(0).flags());

            final TestClient late = h.connect();
            late.subscribeSnapshot(CARD_1);
            h.settle(late);
            final CardModel state = CardModel.replay(late.received);
            assertEquals(42, state.a);
            assertEquals(5, state.n);
        }
    }

    @Test
    void shouldRefuseSubscribeWhenTokenMayNotRead() {
        try (EngineHarness h = new EngineHarness(ctx -> { })) {
            final TestClient client = h.connect(new SessionSpec("r", List.of("blob/*"), List.of(), List.of()));
            client.subscribe(CARD_1, 1);
            client.subscribe(BLOB_7, 1);
            client.delta(BLOB_7, 1, ops -> ops.setI64(0, 1));
            h.settle(client);
            final ReceivedFrame nack = client.ofType(FrameType.NACK).get(0);
            assertEquals(NackCode.NOT_PERMITTED, nack.nackCode());
            assertEquals(FrameType.SUBSCRIBE, nack.flags());
            assertEquals(CARD_1, nack.docId());
            assertEquals(1, client.ofType(FrameType.SUBSCRIBED).size());
            assertEquals(NackCode.NOT_PERMITTED, client.ofType(FrameType.NACK).get(1).nackCode());
        }
    }

    @Test
    void shouldResyncSlowSubscriberWithSnapshotWhenItFallsPastRetention() {
        try (EngineHarness h = new EngineHarness(ctx -> ctx.maxDeltasPerDoc(16).initialDeltasPerDoc(16))) {
            final TestClient writer = h.connect();
            final TestClient slow = h.connect();
            slow.subscribe(CARD_1, 1);
            h.settle(slow);
            slow.received.clear();
            // Fill the slow subscriber's window then stop reading it while 100 more deltas go by: its session
            // buffer is tiny relative to what follows only if it does not poll, so drive agents without polling.
            for (int i = 1; i <= 100; i++) {
                final long v = i;
                writer.delta(CARD_1, i, ops -> ops.setI64(0, v % 1000));
                if (i % 10 == 0) {
                    h.engine.doWorkAll();
                }
            }
            h.settle(writer);
            // The retained window is 16 deltas; everything was delivered as it went (outbound buffer large), so
            // force the lag: a new subscriber asks from seq 1, which is no longer retained.
            final TestClient late = h.connect();
            late.subscribe(CARD_1, 1);
            h.settle(late, slow);
            final ReceivedFrame first = late.received.get(0);
            assertEquals(FrameType.RESYNC, first.type());
            assertEquals(FrameType.FLAG_WITH_SNAPSHOT, first.flags() & FrameType.FLAG_WITH_SNAPSHOT);
            assertEquals(101, first.seq());
            assertEquals(FrameType.SNAPSHOT, late.received.get(1).type());
            assertEquals(100, CardModel.replay(late.received).a);
        }
    }

    @Test
    void shouldReplayRetainedOpaqueDeltasByteForByte() {
        try (EngineHarness h = new EngineHarness(ctx -> { })) {
            final TestClient writer = h.connect();
            for (int i = 1; i <= 20; i++) {
                writer.opaque(BLOB_7, i, new byte[] {(byte) i, 2, 3, (byte) (i * 7)});
            }
            writer.opaque(BLOB_7, 21, new byte[257]);                            // over the type's 256-byte cap
            h.settle(writer);
            final TestClient late = h.connect();
            late.subscribeSnapshot(BLOB_7);
            h.settle(late);
            final List<ReceivedFrame> deltas = late.ofType(FrameType.DELTA);
            assertEquals(20, deltas.size());
            for (int i = 1; i <= 20; i++) {
                assertArrayEquals(new byte[] {(byte) i, 2, 3, (byte) (i * 7)}, deltas.get(i - 1).payload());
            }
            assertEquals(NackCode.TOO_LARGE, writer.ofType(FrameType.NACK).get(0).nackCode());
        }
    }
}
