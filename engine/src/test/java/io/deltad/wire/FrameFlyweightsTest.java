package io.deltad.wire;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameFlyweightsTest {
    private final MemorySegment buffer = Arena.ofAuto().allocate(256, 8);

    @Test
    void shouldRoundTripAckNackAndErrorFrames() {
        final long doc = DocIds.of(1, 42);
        assertEquals(32, new AckFrame().wrap(buffer, 0).encode(doc, 7, 3));
        final AckFrame ack = new AckFrame().wrap(buffer, 0);
        assertEquals(FrameType.ACK, ack.header().type());
        assertEquals(7, ack.header().seq());
        assertEquals(3, ack.clientSeq());
        assertEquals(0, ack.header().check(32));

        new NackFrame().wrap(buffer, 0).encode(FrameType.SUBSCRIBE, doc, 9, NackCode.NOT_PERMITTED, NackFrame.NO_FIELD);
        final NackFrame nack = new NackFrame().wrap(buffer, 0);
        assertEquals(FrameType.SUBSCRIBE, nack.refusedType());
        assertEquals(NackCode.NOT_PERMITTED, nack.code());
        assertEquals(NackFrame.NO_FIELD, nack.field());
        assertEquals(doc, nack.header().docId());

        final int length = new ErrorFrame().wrap(buffer, 0).encode(NackCode.NOT_PERMITTED, "token expired", 256);
        final ErrorFrame error = new ErrorFrame().wrap(buffer, 0);
        assertEquals(FrameHeader.LENGTH + 2 + 13, length);
        assertEquals(NackCode.NOT_PERMITTED, error.code());
        assertEquals("token expired", error.text());
        assertEquals(NackCode.NONE, error.header().check(length));
        assertEquals(48, new ErrorFrame().wrap(buffer, 0).encode(1, "x".repeat(1000), 48), "text cut to the capacity");
        assertEquals(22, new ErrorFrame().wrap(buffer, 0).text().length());
    }
}
