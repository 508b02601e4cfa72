package io.deltad.io.dpdk;

/**
 * The appliance's IPv4 identity on one DPDK port: its address, the subnet's prefix length, and the gateway off-link
 * peers are reached through (0: none, off-link peers are unreachable). Addresses are host-order ints.
 */
public record Ipv4Interface(int address, int prefixLength, int gateway) {
    public Ipv4Interface {
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 1..32: " + prefixLength);
        }
        if (address == 0) {
            throw new IllegalArgumentException("address 0.0.0.0");
        }
        if (gateway != 0 && !sameSubnet(address, gateway, prefixLength)) {
            throw new IllegalArgumentException("gateway " + Frames.ipText(gateway) + " is not on "
                + Frames.ipText(address) + '/' + prefixLength);
        }
    }

    public int netmask() {
        return (int) (0xFFFF_FFFFL << (32 - prefixLength));
    }

    /** Whether {@code ip} is on the port's subnet (reached directly, by its own MAC). */
    public boolean onLink(final int ip) {
        return sameSubnet(address, ip, prefixLength);
    }

    /** The address to resolve for a datagram to {@code ip}: itself on-link, else the gateway (0: no route). */
    public int nextHop(final int ip) {
        return onLink(ip) ? ip : gateway;
    }

    private static boolean sameSubnet(final int a, final int b, final int prefixLength) {
        final int mask = (int) (0xFFFF_FFFFL << (32 - prefixLength));
        return (a & mask) == (b & mask);
    }

    /** Parses {@code "10.0.0.2/24"}; throws IllegalArgumentException with the reason. */
    public static Ipv4Interface parse(final String cidr, final String gateway) {
        final int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("must be an IPv4 address with a prefix length, e.g. \"10.0.0.2/24\"");
        }
        final int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("prefix length is not a number: \"" + cidr.substring(slash + 1) + '"');
        }
        return new Ipv4Interface(ipv4(cidr.substring(0, slash)), prefix, gateway == null || gateway.isEmpty() ? 0 : ipv4(gateway));
    }

    /** A dotted IPv4 literal as a host-order int. */
    public static int ipv4(final String text) {
        final String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + text + '"');
        }
        int ip = 0;
        for (final String part : parts) {
            final int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (final NumberFormatException ex) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + text + '"');
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + text + '"');
            }
            ip = ip << 8 | octet;
        }
        return ip;
    }

    @Override
    public String toString() {
        return Frames.ipText(address) + '/' + prefixLength + (gateway != 0 ? " via " + Frames.ipText(gateway) : "");
    }
}
