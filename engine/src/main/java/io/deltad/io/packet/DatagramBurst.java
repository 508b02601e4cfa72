package io.deltad.io.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A burst of datagrams in native memory: {@code capacity} slots of {@code slotBytes} each, one segment, with each
 * datagram's length and remote IPv4 address and port. A {@link PacketIo} fills an RX burst in one call and sends a
 * TX burst in one call. Owned by one thread (the IoAgent's).
 *
 * <p>TX use: {@link #claim()} a slot, write the datagram at {@link #slotOffset(int)} of {@link #segment()},
 * {@link #commit(int, int, int, int)} it; slots are sent in claim order.
 */
public final class DatagramBurst {
    private final MemorySegment segment;
    private final int capacity;
    private final int slotBytes;
    private final int[] lengths;
    private final int[] remoteIps;
    private final int[] remotePorts;
    private int count;

    public DatagramBurst(final Arena arena, final int capacity, final int slotBytes) {
        if (capacity <= 0 || slotBytes <= 0 || (slotBytes & 63) != 0) {
            throw new IllegalArgumentException("capacity > 0 and slotBytes a positive multiple of 64");
        }
        this.capacity = capacity;
        this.slotBytes = slotBytes;
        this.segment = arena.allocate((long) capacity * slotBytes, 64);
        this.lengths = new int[capacity];
        this.remoteIps = new int[capacity];
        this.remotePorts = new int[capacity];
    }

    public MemorySegment segment() { return segment; }
    public int capacity() { return capacity; }
    public int slotBytes() { return slotBytes; }
    /** Datagrams in the burst (received, or claimed for sending). */
    public int count() { return count; }
    public long slotOffset(final int slot) { return (long) slot * slotBytes; }
    public int length(final int slot) { return lengths[slot]; }
    /** Remote IPv4 address in host order ({@code 127.0.0.1} is {@code 0x7F000001}). */
    public int remoteIp(final int slot) { return remoteIps[slot]; }
    public int remotePort(final int slot) { return remotePorts[slot]; }
    public boolean isFull() { return count == capacity; }

    /** The next free slot, or -1 when the burst is full (send it first). */
    public int claim() {
        return count < capacity ? count : -1;
    }

    /** Completes the slot {@link #claim()} returned: its datagram is {@code length} bytes for the given peer. */
    public void commit(final int slot, final int length, final int remoteIp, final int remotePort) {
        if (slot != count || length < 0 || length > slotBytes) {
            throw new IllegalStateException("commit out of order or too long: slot " + slot + ", length " + length);
        }
        set(slot, length, remoteIp, remotePort);
        count++;
    }

    /** Records a received datagram (PacketIo implementations). */
    public void set(final int slot, final int length, final int remoteIp, final int remotePort) {
        lengths[slot] = length;
        remoteIps[slot] = remoteIp;
        remotePorts[slot] = remotePort;
    }

    /** Sets the number of datagrams (PacketIo implementations, after a receive or a send). */
    public void count(final int count) {
        this.count = count;
    }

    public void clear() {
        count = 0;
    }

    /** Removes slot {@code slot}, moving the later ones down (fault injection only; not for the hot path). */
    public void remove(final int slot) {
        for (int i = slot + 1; i < count; i++) {
            MemorySegment.copy(segment, slotOffset(i), segment, slotOffset(i - 1), lengths[i]);
            set(i - 1, lengths[i], remoteIps[i], remotePorts[i]);
        }
        count--;
    }

    /** IPv4 in host order as dotted text, for logs. */
    public static String ipText(final int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}
