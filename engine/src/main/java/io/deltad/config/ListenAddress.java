package io.deltad.config;

import java.net.InetSocketAddress;

/**
 * A {@code "host:port"} an HTTP port of the appliance listens on ({@code metrics.listen}, {@code signaling.listen}),
 * checked for form at load (host printable, IPv6 in brackets, port in range) so a typo fails with file:line. Whether
 * the host resolves and the port is free is only known at bind time.
 *
 * @param host a name or an address literal, without brackets.
 * @param port 0 to 65535; 0 asks for an ephemeral port.
 */
record ListenAddress(String host, int port) {
    static final int MAX_PORT = 65535;

    /**
     * @param reader      the section, for errors at the key's line.
     * @param key         the key the text came from.
     * @param text        the value, not blank.
     * @param examplePort the port the error messages use in their examples.
     */
    static ListenAddress parse(final SectionReader reader, final String key, final String text, final int examplePort) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw reader.fail(key, "must be \"host:port\" (e.g. \"127.0.0.1:" + examplePort + "\", \"[::1]:" + examplePort +
                "\"), got \"" + text + '"');
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw reader.fail(key, "an IPv6 host must be in brackets, e.g. \"[::1]:" + examplePort + "\", got \"" + text + '"');
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw reader.fail(key, "host must be a printable name or address, got \"" + text + '"');
        }
        final String portText = text.substring(colon + 1);
        final int port;
        try {
            port = Integer.parseInt(portText);
        } catch (final NumberFormatException ex) {
            throw reader.fail(key, "port must be a number, got \"" + portText + '"');
        }
        if (port < 0 || port > MAX_PORT) {
            throw reader.fail(key, "port must be between 0 and " + MAX_PORT + ", got " + port);
        }
        return new ListenAddress(host, port);
    }

    /** @return the address to bind, resolved now (so a name that stopped resolving fails at start, not at load). */
    InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    /** @return {@code host:port}, an IPv6 host in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
    }
}
