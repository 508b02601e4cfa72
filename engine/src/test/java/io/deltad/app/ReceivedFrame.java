package io.deltad.app;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A frame a test client received, copied out of the ring. */
record ReceivedFrame(int type, int flags, long docId, long seq, byte[] payload) {
    static ReceivedFrame copy(final FrameHeader header) {
        final byte[] payload = new byte[(int) header.payloadLength()];
        MemorySegment.copy(header.segment(), ValueLayout.JAVA_BYTE, header.payloadOffset(), payload, 0, payload.length);
        return new ReceivedFrame(header.type(), header.flags(), header.docId(), header.seq(), payload);
    }

    long payloadLong(final int offset) {
        return MemorySegment.ofArray(payload).get(FrameHeader.U64, offset);
    }

    int nackField() {
        return MemorySegment.ofArray(payload).get(FrameHeader.U16, 2) & 0xFFFF;
    }

    int nackCode() {
        return MemorySegment.ofArray(payload).get(FrameHeader.U16, 0);
    }

    @Override
    public String toString() {
        return FrameType.name(type) + "{flags=" + flags + ", docId=" + docId + ", seq=" + seq + ", payload=" + payload.length + "B}";
    }
}
