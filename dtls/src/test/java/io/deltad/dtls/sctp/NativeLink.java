package io.deltad.dtls.sctp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One direction between two associations in one process without allocating: the sink copies each packet into a
 * native ring, {@link #drainTo} feeds them to the peer's {@link SctpAssociation#input}. For the allocation test and the
 * loopback measurement, where the queue-based {@link SctpPair} would allocate per packet.
 */
final class NativeLink implements SctpPacketSink {
    private static final int SLOTS = 8192;
    private static final int SLOT_BYTES = 1280;
    private final MemorySegment ring;
    private final int[] lengths = new int[SLOTS];
    private int head;
    private int tail;

    NativeLink(final Arena arena) {
        ring = arena.allocate((long) SLOTS * SLOT_BYTES, 64);
    }

    @Override
    public void onSctpPacket(final MemorySegment packet, final int lengthBytes) {
        if (tail - head == SLOTS) {
            throw new AssertionError("link full");
        }
        final int slot = tail & (SLOTS - 1);
        MemorySegment.copy(packet, 0, ring, (long) slot * SLOT_BYTES, lengthBytes);
        lengths[slot] = lengthBytes;
        tail++;
    }

    /** Feeds every queued packet to {@code peer}; returns how many. */
    int drainTo(final SctpAssociation peer) {
        int moved = 0;
        while (head != tail) {
            final int slot = head & (SLOTS - 1);
            head++;
            peer.input(ring, (long) slot * SLOT_BYTES, lengths[slot]);
            moved++;
        }
        return moved;
    }
}
