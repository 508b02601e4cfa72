package io.deltad.signaling;

import io.deltad.io.SessionSpec;

import java.net.InetSocketAddress;

/**
 * The seam between signaling and the WebRTC session layer. Signaling authenticates the request, checks the offer
 * and the token's permissions, then hands the offer here; the broker creates the session (ICE-lite credentials,
 * DTLS, SCTP) and says how the browser reaches it. Signaling turns an {@link Admission.Accepted} into the SDP
 * answer and a {@link Admission.Refused} into its HTTP status.
 *
 * <p>Called on the signaling endpoint's request threads, possibly several at once: implementations are thread
 * safe. Neither method may block for long (it holds an HTTP request open; queue work to the agents and return).
 *
 * <p>Session ids are capabilities: whoever knows one may {@code DELETE /v1/sessions/{id}} without a token (as a
 * WHIP client does when its page closes, possibly after its token expired). So an id must be unguessable: at least
 * 128 random bits from a {@link java.security.SecureRandom}, written with the URL-safe characters
 * {@code A-Z a-z 0-9 - _} (base64url without padding is right), at most 128 characters. Signaling answers 404 to a
 * DELETE whose id has another form without asking the broker.
 */
public interface SessionBroker {
    /**
     * Creates a session for a validated offer. Never blocks for long.
     *
     * @param offer  what the browser offered, checked by {@link SdpOffer}.
     * @param claims what the session may do, from its verified token.
     * @param remote the HTTP client's address (the browser, or a proxy in front of it).
     * @return {@link Admission.Accepted} with what the answer needs, or {@link Admission.Refused} with a status
     *         (503 when draining or full, so the client may retry elsewhere or later).
     */
    Admission open(OfferParams offer, SessionSpec claims, InetSocketAddress remote);

    /**
     * Closes a session created by {@link #open}.
     *
     * @return false if the id is unknown (never created, or closed already).
     */
    boolean close(String sessionId);
}
