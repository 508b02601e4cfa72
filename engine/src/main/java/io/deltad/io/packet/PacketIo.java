package io.deltad.io.packet;

import java.net.InetSocketAddress;

/**
 * The packet seam (DESIGN §7): bursts of datagrams in, bursts out, one native call per burst. Kernel UDP
 * ({@link UdpPacketIo}) on any host, DPDK on bare metal. Owned by one IoAgent thread.
 */
public interface PacketIo extends AutoCloseable {
    /** Where received datagrams land; valid until the next {@link #receive()}. */
    DatagramBurst rx();

    /** Where the caller puts datagrams to send; emptied by {@link #send()}. */
    DatagramBurst tx();

    /** Fills {@link #rx()} with what has arrived (never blocks); returns how many datagrams. */
    int receive();

    /**
     * Sends every datagram of {@link #tx()} and empties it; returns how many left. Datagrams the host would not take
     * (its buffers full) are dropped and counted by the implementation: UDP is lossy and the protocols above retransmit.
     */
    int send();

    /** The address datagrams are received on (the port a candidate names). */
    InetSocketAddress localAddress();

    /** Datagrams the host would not take on send so far (buffers full, a per-destination error). */
    long sendDrops();

    /** Datagrams dropped on purpose by fault injection ({@link LossyPacketIo}); 0 in production. */
    default long injectedDrops() {
        return 0;
    }

    @Override
    void close();
}
