package io.deltad.signaling;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One ICE candidate as {@code a=candidate} carries it (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [extensions]}.
 * Extensions ({@code raddr}, {@code generation}, {@code network-cost}, ...) are read past and not kept.
 *
 * @param foundation 1 to 32 ice-chars.
 * @param component  1 to 256 (1 = RTP, the only component a DataChannel uses).
 * @param transport  {@code udp} or {@code tcp} (lower case; case is not significant).
 * @param priority   0 to 2³²−1.
 * @param address    an IP literal or, from browsers hiding local addresses, an mDNS name ({@code <uuid>.local}).
 * @param port       0 to 65535.
 * @param type       {@code host}, {@code srflx}, {@code prflx}, {@code relay}, or an extension token.
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address, int port,
    String type) {
    /** RFC 8445 §5.1.2.2: type preference of host candidates. */
    static final int HOST_TYPE_PREFERENCE = 126;
    private static final int MAX_LOCAL_PREFERENCE = 65535;
    private static final long MAX_PRIORITY = 0xFFFF_FFFFL;
    private static final int MIN_FIELDS = 8;

    /**
     * A host candidate of this endpoint: foundation {@code index + 1} (each address is its own base, so its own
     * foundation), priority per RFC 8445 §5.1.2.1 with the local preference falling with the index, so the
     * configured order is the preferred order.
     *
     * @param index   position among the endpoint's addresses, from 0.
     * @param address a resolved address.
     */
    static IceCandidate host(final int index, final InetSocketAddress address) {
        if (address.getAddress() == null || address.getAddress().isAnyLocalAddress() || address.getPort() == 0) {
            throw new IllegalArgumentException("a candidate needs a resolved, specific address and port, got " + address);
        }
        final long localPreference = Math.max(0, MAX_LOCAL_PREFERENCE - index);
        final long priority = ((long) HOST_TYPE_PREFERENCE << 24) | (localPreference << 8) | (256 - 1);
        return new IceCandidate(Integer.toString(index + 1), 1, "udp", priority,
            address.getAddress().getHostAddress(), address.getPort(), "host");
    }

    /**
     * @param value the attribute value after {@code candidate:}.
     * @throws IllegalArgumentException saying which field is wrong.
     */
    static IceCandidate parse(final String value) {
        final String[] fields = value.strip().split(" +");
        if (fields.length < MIN_FIELDS || !"typ".equals(fields[6])) {
            throw new IllegalArgumentException(
                "expected <foundation> <component> <transport> <priority> <address> <port> typ <type> (RFC 8839 §5.1)");
        }
        if (!IceGrammar.isFoundation(fields[0])) {
            throw new IllegalArgumentException("foundation must be 1 to 32 ice-chars, got \"" + fields[0] + '"');
        }
        final long component = number(fields[1], "component", 256);
        if (component < 1) {
            throw new IllegalArgumentException("component must be 1 to 256, got " + fields[1]);
        }
        final long priority = number(fields[3], "priority", MAX_PRIORITY);
        final String address = fields[4];
        for (int i = 0; i < address.length(); i++) {
            final char c = address.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("address must be printable, got \"" + address + '"');
            }
        }
        final long port = number(fields[5], "port", 65535);
        return new IceCandidate(fields[0], (int) component, fields[2].toLowerCase(Locale.ROOT), priority, address,
            (int) port, fields[7]);
    }

    private static long number(final String text, final String what, final long max) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be a decimal number, got \"" + text + '"');
        }
        if (text.length() > 10 || Long.parseLong(text) > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + ", got " + text);
        }
        return Long.parseLong(text);
    }

    /** @return the attribute value: {@code candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host}. */
    String toSdp() {
        return "candidate:" + foundation + ' ' + component + ' ' + transport + ' ' + priority + ' ' + address + ' ' +
            port + " typ " + type;
    }
}
