package io.deltad.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The offers the signaling tests use: recorded from browsers, or edited copies of them. */
final class Offers {
    /** Chromium 150 on a loopback-only host: no candidates (the case a browser with no network interface sends). */
    static final String CHROMIUM_LOOPBACK = "chromium-150-loopback-offer.sdp";
    /** Chromium 150 with one interface (192.0.2.10 in a network namespace): one host candidate in the offer. */
    static final String CHROMIUM_HOST = "chromium-150-host-offer.sdp";
    /** Firefox's shape, written from RFC 8839/8841 examples: session-level fingerprint, UDP and TCP candidates. */
    static final String FIREFOX_STYLE = "firefox-style-offer.sdp";

    private Offers() {
    }

    static String text(final String resource) {
        try (InputStream in = Offers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The Chromium loopback offer with {@code from} replaced by {@code to} (which must be there). */
    static String chromiumWith(final String from, final String to) {
        final String offer = text(CHROMIUM_LOOPBACK);
        if (!offer.contains(from)) {
            throw new IllegalArgumentException("the recorded offer has no \"" + from + '"');
        }
        return offer.replace(from, to);
    }

    /** The Chromium loopback offer without the line starting with {@code prefix}. */
    static String chromiumWithout(final String prefix) {
        final String offer = text(CHROMIUM_LOOPBACK);
        final int start = offer.indexOf(prefix);
        if (start < 0) {
            throw new IllegalArgumentException("the recorded offer has no line " + prefix);
        }
        return offer.substring(0, start) + offer.substring(offer.indexOf('\n', start) + 1);
    }
}
