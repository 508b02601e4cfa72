package io.deltad.signaling;

/** The decimal numbers of SDP lines, parsed without exceptions escaping as anything but {@link SdpException}. */
final class SdpNumbers {
    private static final int MAX_PORT = 65535;
    /** 18 digits always fit a long; no SDP number this endpoint reads needs more. */
    private static final int MAX_DIGITS = 18;

    private SdpNumbers() {
    }

    /** @return {@code text} as a port, 0 to 65535; 400 naming {@code what} otherwise. */
    static int port(final SdpLine line, final String what, final String text) {
        final long port = unsigned(line, what, text);
        if (port > MAX_PORT) {
            throw SdpException.at(SdpException.MALFORMED, line, what + " must be 0 to " + MAX_PORT + ", got " + text);
        }
        return (int) port;
    }

    /** @return {@code text} as a non-negative decimal number of at most 18 digits; 400 naming {@code what} otherwise. */
    static long unsigned(final SdpLine line, final String what, final String text) {
        if (text.isEmpty() || text.length() > MAX_DIGITS) {
            throw SdpException.at(SdpException.MALFORMED, line,
                what + " must be a decimal number of 1 to " + MAX_DIGITS + " digits, got \"" + text + '"');
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw SdpException.at(SdpException.MALFORMED, line, what + " must be a decimal number, got \"" + text + '"');
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
