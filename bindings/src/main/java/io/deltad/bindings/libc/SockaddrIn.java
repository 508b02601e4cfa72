package io.deltad.bindings.libc;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * {@code struct sockaddr_in}, 16 bytes:
 * <pre>
 *   0       2       4               8                              16
 *   +-------+-------+---------------+-------------------------------+
 *   |family |port BE|  addr (BE)    |          zero                 |
 *   +-------+-------+---------------+-------------------------------+
 * </pre>
 * Ports and addresses are handled here as host-order ints: {@code 127.0.0.1} is {@code 0x7F000001}.
 */
public final class SockaddrIn {
    private SockaddrIn() {
    }

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sin_family"),
        JAVA_SHORT.withName("sin_port"),
        JAVA_INT.withName("sin_addr"),
        MemoryLayout.paddingLayout(8));
    public static final int SIZE = 16;

    private static final long FAMILY_OFFSET = 0;
    private static final long PORT_OFFSET = 2;
    private static final long ADDR_OFFSET = 4;
    private static final ValueLayout.OfShort PORT_BE = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt ADDR_BE = JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Writes an AF_INET address: {@code ipv4} and {@code port} in host order. */
    public static void set(final MemorySegment sockaddr, final long offset, final int ipv4, final int port) {
        sockaddr.set(JAVA_SHORT_UNALIGNED, offset + FAMILY_OFFSET, (short) Libc.AF_INET);
        sockaddr.set(PORT_BE, offset + PORT_OFFSET, (short) port);
        sockaddr.set(ADDR_BE, offset + ADDR_OFFSET, ipv4);
        sockaddr.set(JAVA_LONG_UNALIGNED, offset + 8, 0L);
    }

    public static int family(final MemorySegment sockaddr, final long offset) {
        return sockaddr.get(JAVA_SHORT_UNALIGNED, offset + FAMILY_OFFSET) & 0xFFFF;
    }

    /** The port in host order. */
    public static int port(final MemorySegment sockaddr, final long offset) {
        return sockaddr.get(PORT_BE, offset + PORT_OFFSET) & 0xFFFF;
    }

    /** The IPv4 address in host order. */
    public static int address(final MemorySegment sockaddr, final long offset) {
        return sockaddr.get(ADDR_BE, offset + ADDR_OFFSET);
    }
}
