package io.deltad.signaling;

import io.deltad.io.SessionSpec;

import java.net.InetSocketAddress;

/**
 * The broker of an appliance whose WebRTC transport is not wired in: every offer is refused with 503, so the
 * endpoint (tokens, limits, SDP checks, demo page) runs and tells clients exactly why no session comes of it. The
 * appliance replaces it with the session layer's broker through {@code Appliance.sessionBroker}.
 */
public final class TransportNotEnabledBroker implements SessionBroker {
    /** The body of the 503. */
    public static final String REASON = "WebRTC transport not enabled";

    @Override
    public Admission open(final OfferParams offer, final SessionSpec claims, final InetSocketAddress remote) {
        return new Admission.Refused(503, REASON);
    }

    @Override
    public boolean close(final String sessionId) {
        return false;
    }
}
