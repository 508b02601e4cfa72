package io.deltad.bindings.libc;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct mmsghdr} (64 bytes on LP64) with its {@code struct msghdr} and one {@code struct iovec} each, as
 * {@code recvmmsg}/{@code sendmmsg} take them:
 * <pre>
 *   mmsghdr                                   iovec (16)
 *   0  msg_name        (void *)               0  iov_base (void *)
 *   8  msg_namelen     (socklen_t) + pad      8  iov_len  (size_t)
 *   16 msg_iov         (struct iovec *)
 *   24 msg_iovlen      (size_t)
 *   32 msg_control     (void *)
 *   40 msg_controllen  (size_t)
 *   48 msg_flags       (int) + pad
 *   56 msg_len         (unsigned int) + pad   bytes received / sent for this message
 * </pre>
 */
public final class Mmsghdr {
    private Mmsghdr() {
    }

    public static final int SIZE = 64;
    public static final int IOVEC_SIZE = 16;

    private static final long NAME_OFFSET = 0;
    private static final long NAMELEN_OFFSET = 8;
    private static final long IOV_OFFSET = 16;
    private static final long IOVLEN_OFFSET = 24;
    private static final long CONTROL_OFFSET = 32;
    private static final long CONTROLLEN_OFFSET = 40;
    private static final long FLAGS_OFFSET = 48;
    private static final long LEN_OFFSET = 56;

    /** Points message {@code index} at its address buffer and its single iovec; zeroes the control fields. */
    public static void init(
        final MemorySegment messages, final int index, final MemorySegment name, final int nameLength,
        final MemorySegment iovec) {
        final long base = (long) index * SIZE;
        messages.set(ADDRESS, base + NAME_OFFSET, name);
        messages.set(JAVA_INT, base + NAMELEN_OFFSET, nameLength);
        messages.set(ADDRESS, base + IOV_OFFSET, iovec);
        messages.set(JAVA_LONG, base + IOVLEN_OFFSET, 1L);
        messages.set(ADDRESS, base + CONTROL_OFFSET, MemorySegment.NULL);
        messages.set(JAVA_LONG, base + CONTROLLEN_OFFSET, 0L);
        messages.set(JAVA_INT, base + FLAGS_OFFSET, 0);
        messages.set(JAVA_INT, base + LEN_OFFSET, 0);
    }

    /** Sets the address length before a receive (the kernel shrinks it to what it wrote). */
    public static void nameLength(final MemorySegment messages, final int index, final int length) {
        messages.set(JAVA_INT, (long) index * SIZE + NAMELEN_OFFSET, length);
    }

    /** Bytes received into, or sent from, message {@code index}. */
    public static int length(final MemorySegment messages, final int index) {
        return messages.get(JAVA_INT, (long) index * SIZE + LEN_OFFSET);
    }

    /** Flags the kernel set on a received message ({@code MSG_TRUNC} when the datagram did not fit). */
    public static int flags(final MemorySegment messages, final int index) {
        return messages.get(JAVA_INT, (long) index * SIZE + FLAGS_OFFSET);
    }

    public static void iovec(final MemorySegment iovecs, final int index, final MemorySegment base, final long length) {
        final long offset = (long) index * IOVEC_SIZE;
        iovecs.set(ADDRESS, offset, base);
        iovecs.set(JAVA_LONG, offset + 8, length);
    }

    /** Sets the length of iovec {@code index} (the datagram's size before a send, the buffer's before a receive). */
    public static void iovecLength(final MemorySegment iovecs, final int index, final long length) {
        iovecs.set(JAVA_LONG, (long) index * IOVEC_SIZE + 8, length);
    }

    /**
     * Points message {@code index} at {@code iovecCount} iovecs from raw address {@code iovecs}, the address buffer
     * at raw address {@code name} and the control buffer at {@code control} ({@code controlLength} 0: none). Raw
     * addresses (LP64), so that re-pointing messages per burst slices nothing.
     */
    public static void point(final MemorySegment messages, final int index, final long name, final long iovecs,
        final int iovecCount, final long control, final int controlLength) {
        final long base = (long) index * SIZE;
        messages.set(JAVA_LONG, base + NAME_OFFSET, name);
        messages.set(JAVA_LONG, base + IOV_OFFSET, iovecs);
        messages.set(JAVA_LONG, base + IOVLEN_OFFSET, iovecCount);
        messages.set(JAVA_LONG, base + CONTROL_OFFSET, controlLength == 0 ? 0 : control);
        messages.set(JAVA_LONG, base + CONTROLLEN_OFFSET, controlLength);
    }

    /** {@code CMSG_SPACE(sizeof(uint16_t))}: one {@code UDP_SEGMENT} control message with its padding. */
    public static final int UDP_SEGMENT_CMSG_SPACE = 24;

    /**
     * Writes at {@code offset} of {@code control} a {@code cmsghdr} of level {@code SOL_UDP}, type {@code UDP_SEGMENT}
     * with the segment size: the kernel splits the message's payload into datagrams of {@code segmentSize} bytes (the
     * last may be shorter), one send for all of them (UDP GSO, Linux 4.18).
     * <pre>
     *   0  cmsg_len   (size_t)   CMSG_LEN(2) = 18
     *   8  cmsg_level (int)      SOL_UDP (17)
     *   12 cmsg_type  (int)      UDP_SEGMENT (103)
     *   16 gso_size   (uint16_t)
     * </pre>
     */
    public static void udpSegment(final MemorySegment control, final long offset, final int segmentSize) {
        control.set(JAVA_LONG, offset, 18L);
        control.set(JAVA_INT, offset + 8, Libc.SOL_UDP);
        control.set(JAVA_INT, offset + 12, Libc.UDP_SEGMENT);
        control.set(java.lang.foreign.ValueLayout.JAVA_SHORT, offset + 16, (short) segmentSize);
    }

    public static final int MSG_TRUNC = 0x20;
}
