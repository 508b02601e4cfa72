package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct sockaddr_conn (usrsctp.h, Linux layout without {@code sconn_len}): the AF_CONN address a socket binds and connects to.
 */
public final class sockaddr_conn {
    private sockaddr_conn() {
    }

    private static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sconn_family"),
        JAVA_SHORT.withName("sconn_port"),
        MemoryLayout.paddingLayout(4),
        JAVA_LONG.withName("sconn_addr")).withByteAlignment(8).withName("sockaddr_conn");

    /** sizeof(struct sockaddr_conn) = 16. */
    public static final long SIZEOF = 16;

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static MemorySegment allocate(final Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** AF_CONN. */
    public static final long sconn_family$OFFSET = 0;

    public static short sconn_family(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sconn_family$OFFSET);
    }

    public static void sconn_family(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sconn_family$OFFSET, fieldValue);
    }

    /** Port, network byte order. */
    public static final long sconn_port$OFFSET = 2;

    public static short sconn_port(final MemorySegment struct) {
        return struct.get(JAVA_SHORT, sconn_port$OFFSET);
    }

    public static void sconn_port(final MemorySegment struct, final short fieldValue) {
        struct.set(JAVA_SHORT, sconn_port$OFFSET, fieldValue);
    }

    /** The {@code void *} address: deltad stores an integer association id here, never a pointer. */
    public static final long sconn_addr$OFFSET = 8;

    public static long sconn_addr(final MemorySegment struct) {
        return struct.get(JAVA_LONG, sconn_addr$OFFSET);
    }

    public static void sconn_addr(final MemorySegment struct, final long fieldValue) {
        struct.set(JAVA_LONG, sconn_addr$OFFSET, fieldValue);
    }
}
