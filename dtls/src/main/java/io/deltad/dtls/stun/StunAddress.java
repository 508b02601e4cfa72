package io.deltad.dtls.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A transport address (IPv4 or IPv6 plus UDP port) held in primitive fields, so the source of every datagram can be
 * described without allocating. Mutable and reused: the IoAgent fills one per received datagram.
 *
 * <p>Not thread safe.
 */
public final class StunAddress {
    /** STUN address family codes (RFC 5389 §15.1), reused here as the family tag. */
    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;

    private int family;
    private int port;
    private int ipv4;
    private long ipv6High;
    private long ipv6Low;

    public StunAddress ipv4(final int address, final int port) {
        this.family = FAMILY_IPV4;
        this.ipv4 = address;
        this.ipv6High = 0;
        this.ipv6Low = 0;
        this.port = port & 0xFFFF;
        return this;
    }

    public StunAddress ipv6(final long high, final long low, final int port) {
        this.family = FAMILY_IPV6;
        this.ipv4 = 0;
        this.ipv6High = high;
        this.ipv6Low = low;
        this.port = port & 0xFFFF;
        return this;
    }

    /** Sets from a socket address; allocates, so for setup, tests and logging, not the datagram path. */
    public StunAddress set(final InetSocketAddress address) {
        final byte[] bytes = address.getAddress().getAddress();
        if (bytes.length == 4) {
            return ipv4(readInt(bytes, 0), address.getPort());
        }
        return ipv6(readLong(bytes, 0), readLong(bytes, 8), address.getPort());
    }

    public StunAddress set(final StunAddress other) {
        this.family = other.family;
        this.port = other.port;
        this.ipv4 = other.ipv4;
        this.ipv6High = other.ipv6High;
        this.ipv6Low = other.ipv6Low;
        return this;
    }

    public int family() { return family; }
    public int port() { return port; }
    public int ipv4() { return ipv4; }
    public long ipv6High() { return ipv6High; }
    public long ipv6Low() { return ipv6Low; }
    public boolean isIpv6() { return family == FAMILY_IPV6; }

    /** IPv4 address and port packed in one long ({@code address << 16 | port}), a cheap session-table key. */
    public long packedIpv4() {
        return ((ipv4 & 0xFFFF_FFFFL) << 16) | port;
    }

    public boolean sameAs(final StunAddress other) {
        return family == other.family && port == other.port && ipv4 == other.ipv4
            && ipv6High == other.ipv6High && ipv6Low == other.ipv6Low;
    }

    /** Allocates; for tests and logging. */
    public InetSocketAddress toInetSocketAddress() {
        final byte[] bytes;
        if (family == FAMILY_IPV6) {
            bytes = new byte[16];
            writeLong(bytes, 0, ipv6High);
            writeLong(bytes, 8, ipv6Low);
        } else {
            bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) (ipv4 >>> (24 - 8 * i));
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (final UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    @Override
    public String toString() {
        return family == 0 ? "unset" : toInetSocketAddress().toString();
    }

    private static int readInt(final byte[] bytes, final int offset) {
        return (bytes[offset] << 24) | ((bytes[offset + 1] & 0xFF) << 16)
            | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }

    private static long readLong(final byte[] bytes, final int offset) {
        return ((long) readInt(bytes, offset) << 32) | (readInt(bytes, offset + 4) & 0xFFFF_FFFFL);
    }

    private static void writeLong(final byte[] bytes, final int offset, final long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
