package io.deltad.store;

import io.deltad.wire.FrameHeader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Layout of a record in the chunk store: a small header the engine uses, then the frame exactly as it goes on
 * the wire, so egress sends straight from the record.
 *
 * <pre>
 *   0                   4                   8                   12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | recordLength u32  |  status u32       |  sessionId u32    | writerRoles u32   |
 *   +-------------------+-------------------+-------------------+-------------------+
 *   |               clientSeq u64           |            ingestNanos u64            |  16
 *   +---------------------------------------+---------------------------------------+
 *   | frame: FrameHeader (seq = document seq once accepted) + payload                |  32
 *   +--------------------------------------------------------------------------------+
 *   padded to 8 bytes
 * </pre>
 *
 * Written once by the ingesting IoAgent; afterwards only {@code status} and the frame's {@code seq} are written,
 * once, by the owning DocAgent, before it publishes the record (release on the stream tail or the status).
 */
public final class RecordLayout {
    public static final int RECORD_LENGTH_OFFSET = 0;
    public static final int STATUS_OFFSET = 4;
    public static final int SESSION_ID_OFFSET = 8;
    public static final int WRITER_ROLES_OFFSET = 12;
    public static final int CLIENT_SEQ_OFFSET = 16;
    public static final int INGEST_NANOS_OFFSET = 24;
    public static final int HEADER_LENGTH = 32;
    public static final int FRAME_OFFSET = HEADER_LENGTH;
    public static final int ALIGNMENT = 8;

    /** Outcome not decided yet. */
    public static final int STATUS_PENDING = 0;
    /** Appended to the document's stream; the frame's seq is the document seq. */
    public static final int STATUS_ACCEPTED = 1;
    /** Rejected: {@code STATUS_REJECTED | nackCode | field << 16} (field 0xFFFF: none); see {@link #rejected}. */
    public static final int STATUS_REJECTED = 0x100;
    /** A record the DocAgent wrote itself (snapshot), not a client's delta. */
    public static final int STATUS_SERVER = 0x200;

    /** Status of a rejected record: the NACK code and the index of the offending field (-1: none). */
    public static int rejected(final int nackCode, final int field) {
        return STATUS_REJECTED | nackCode | ((field & 0xFFFF) << 16);
    }

    public static int rejectedCode(final int status) {
        return status & 0xFF;
    }

    public static int rejectedField(final int status) {
        return status >>> 16;
    }

    private static final VarHandle STATUS = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN)
        .varHandle().withInvokeExactBehavior();

    private RecordLayout() {
    }

    public static int alignedLength(final int recordLength) {
        return (recordLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    public static int recordLength(final MemorySegment store, final long address) {
        return store.get(FrameHeader.U32, address + RECORD_LENGTH_OFFSET);
    }

    public static int sessionId(final MemorySegment store, final long address) {
        return store.get(FrameHeader.U32, address + SESSION_ID_OFFSET);
    }

    public static int writerRoles(final MemorySegment store, final long address) {
        return store.get(FrameHeader.U32, address + WRITER_ROLES_OFFSET);
    }

    public static long clientSeq(final MemorySegment store, final long address) {
        return store.get(FrameHeader.U64, address + CLIENT_SEQ_OFFSET);
    }

    public static long ingestNanos(final MemorySegment store, final long address) {
        return store.get(FrameHeader.U64, address + INGEST_NANOS_OFFSET);
    }

    public static long frameAddress(final long address) {
        return address + FRAME_OFFSET;
    }

    public static int frameLength(final MemorySegment store, final long address) {
        return recordLength(store, address) - HEADER_LENGTH;
    }

    /** Status with acquire semantics: the reader then sees the seq the DocAgent wrote before it. */
    public static int statusAcquire(final MemorySegment store, final long address) {
        return (int) STATUS.getAcquire(store, address + STATUS_OFFSET);
    }

    public static void statusRelease(final MemorySegment store, final long address, final int status) {
        STATUS.setRelease(store, address + STATUS_OFFSET, status);
    }

    /** Writes the record header for a frame of {@code frameLength} bytes that the caller then copies in. */
    public static void writeHeader(
        final MemorySegment store,
        final long address,
        final int frameLength,
        final int status,
        final int sessionId,
        final int writerRoles,
        final long clientSeq,
        final long ingestNanos) {
        store.set(FrameHeader.U32, address + RECORD_LENGTH_OFFSET, HEADER_LENGTH + frameLength);
        store.set(FrameHeader.U32, address + STATUS_OFFSET, status);
        store.set(FrameHeader.U32, address + SESSION_ID_OFFSET, sessionId);
        store.set(FrameHeader.U32, address + WRITER_ROLES_OFFSET, writerRoles);
        store.set(FrameHeader.U64, address + CLIENT_SEQ_OFFSET, clientSeq);
        store.set(FrameHeader.U64, address + INGEST_NANOS_OFFSET, ingestNanos);
    }
}
