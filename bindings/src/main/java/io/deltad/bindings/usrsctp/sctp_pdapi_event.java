package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sctp_pdapi_event (RFC 6458 §6.1.7): SCTP_PARTIAL_DELIVERY_EVENT, a partially delivered message was abandoned.
 */
public final class sctp_pdapi_event {
    private sctp_pdapi_event() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("pdapi_type"),
        JAVA_SHORT.withName("pdapi_flags"),
        JAVA_INT.withName("pdapi_length"),
        JAVA_INT.withName("pdapi_indication"),
        JAVA_INT.withName("pdapi_stream"),
        JAVA_INT.withName("pdapi_seq"),
        JAVA_INT.withName("pdapi_assoc_id")).withName("sctp_pdapi_event");

    /** sizeof(struct sctp_pdapi_event) = 24. */
    public static final long SIZEOF = 24;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static final long pdapi_type$OFFSET = 0;

    public static short pdapi_type(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, pdapi_type$OFFSET);
    }

    public static void pdapi_type(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, pdapi_type$OFFSET, fieldValue);
    }

    public static final long pdapi_flags$OFFSET = 2;

    public static short pdapi_flags(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, pdapi_flags$OFFSET);
    }

    public static void pdapi_flags(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, pdapi_flags$OFFSET, fieldValue);
    }

    public static final long pdapi_length$OFFSET = 4;

    public static int pdapi_length(final MemorySegment struct) {
        return struct.get(JAVA_INT, pdapi_length$OFFSET);
    }

    public static void pdapi_length(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, pdapi_length$OFFSET, fieldValue);
    }

    /** SCTP_PARTIAL_DELIVERY_ABORTED. */
    public static final long pdapi_indication$OFFSET = 8;

    public static int pdapi_indication(final MemorySegment struct) {
        return struct.get(JAVA_INT, pdapi_indication$OFFSET);
    }

    public static void pdapi_indication(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, pdapi_indication$OFFSET, fieldValue);
    }

    public static final long pdapi_stream$OFFSET = 12;

    public static int pdapi_stream(final MemorySegment struct) {
        return struct.get(JAVA_INT, pdapi_stream$OFFSET);
    }

    public static void pdapi_stream(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, pdapi_stream$OFFSET, fieldValue);
    }

    public static final long pdapi_seq$OFFSET = 16;

    public static int pdapi_seq(final MemorySegment struct) {
        return struct.get(JAVA_INT, pdapi_seq$OFFSET);
    }

    public static void pdapi_seq(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, pdapi_seq$OFFSET, fieldValue);
    }

    public static final long pdapi_assoc_id$OFFSET = 20;

    public static int pdapi_assoc_id(final MemorySegment struct) {
        return struct.get(JAVA_INT, pdapi_assoc_id$OFFSET);
    }

    public static void pdapi_assoc_id(final MemorySegment struct, final int fieldValue) {
        struct.set(JAVA_INT, pdapi_assoc_id$OFFSET, fieldValue);
    }
}
