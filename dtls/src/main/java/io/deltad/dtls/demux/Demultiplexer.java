package io.deltad.dtls.demux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Classifies datagrams per RFC 7983 and counts them per {@link PacketClass}, so that a drop of a class we do not
 * speak (TURN channel data, RTP, garbage) is visible in the counters rather than silent.
 *
 * <p>Owned by one IoAgent thread; counts are plain longs the engine publishes once per duty cycle.
 */
public final class Demultiplexer {
    private static final PacketClass[] CLASSES = PacketClass.values();

    private final long[] counts = new long[CLASSES.length];

    /**
     * Classifies {@code lengthBytes} bytes of datagram at {@code offset}; an empty datagram is {@link PacketClass#UNKNOWN}.
     * Reads at most one byte.
     */
    public PacketClass classify(final MemorySegment datagram, final long offset, final int lengthBytes) {
        final PacketClass packetClass = lengthBytes <= 0
            ? PacketClass.UNKNOWN
            : PacketClass.classify(datagram.get(ValueLayout.JAVA_BYTE, offset));
        counts[packetClass.ordinal()]++;
        return packetClass;
    }

    public long count(final PacketClass packetClass) {
        return counts[packetClass.ordinal()];
    }

    /** Datagrams of every class we do not process (dropped). */
    public long droppedCount() {
        long dropped = 0;
        for (final PacketClass packetClass : CLASSES) {
            if (!packetClass.isProcessed()) {
                dropped += counts[packetClass.ordinal()];
            }
        }
        return dropped;
    }
}
