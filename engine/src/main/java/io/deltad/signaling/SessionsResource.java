package io.deltad.signaling;

import com.sun.net.httpserver.HttpExchange;
import io.deltad.http.HttpReplies;
import io.deltad.io.SessionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/sessions} (an SDP offer in, a session and its SDP answer out) and
 * {@code DELETE /v1/sessions/{id}}: the WHIP-like part of signaling (RFC 9725's shape, for DataChannels).
 *
 * <p>An offer goes through, in order: content type (415), token (401), permissions (403, 400 for a bad
 * {@code ?doc=}), draining (503), size (413), SDP checks (400, 413, 422), then the {@link SessionBroker}: its
 * refusal is answered with its status; its acceptance with {@code 201 Created}, {@code Location} and the answer.
 * The rate limit (429) comes before all of them, in {@link SignalingServer}. The cheap checks come first, so an
 * unauthenticated client never makes this endpoint read or parse a body.
 */
final class SessionsResource {
    private static final Logger LOG = LoggerFactory.getLogger(SessionsResource.class);
    static final String PATH = "/v1/sessions";
    static final String SDP = "application/sdp";
    /** A session id as {@link SessionBroker} must make them; anything else is not looked up. */
    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** How long a client should wait before offering again after a 503 (draining, full), in seconds. */
    static final int RETRY_AFTER_UNAVAILABLE_SECONDS = 5;
    /** Most bytes of an oversized body read and dropped before the 413 (see {@link #readBody}). */
    static final long DISCARD_LIMIT_BYTES = 1024 * 1024;

    private final OfferAccess access;
    private final BooleanSupplier draining;
    private final SignalingCounters counters;
    private final int maxOfferBytes;
    private volatile SessionBroker broker;

    SessionsResource(final OfferAccess access, final BooleanSupplier draining, final SignalingCounters counters,
        final int maxOfferBytes, final SessionBroker broker) {
        this.access = access;
        this.draining = draining;
        this.counters = counters;
        this.maxOfferBytes = maxOfferBytes;
        this.broker = broker;
    }

    void broker(final SessionBroker broker) {
        this.broker = broker;
    }

    /** {@code POST /v1/sessions}: answers 201 with the SDP answer, or throws the {@link Refusal}. */
    void offer(final HttpExchange exchange) throws IOException {
        final List<String> contentTypes = exchange.getRequestHeaders().get("Content-Type");
        if (contentTypes != null && contentTypes.size() > 1) {
            throw new Refusal(415, "send exactly one Content-Type: " + SDP + ", got " + contentTypes, Map.of("Accept-Post", SDP));
        }
        final String contentType = contentTypes == null ? null : contentTypes.getFirst();
        if (contentType == null || !SDP.equals(mediaType(contentType))) {
            throw new Refusal(415, "Content-Type must be " + SDP + ", got " + (contentType == null ? "none" : contentType),
                Map.of("Accept-Post", SDP));
        }
        final SessionSpec claims = access.authorize(
            exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestURI().getRawQuery());
        if (draining.getAsBoolean()) {
            throw unavailable("draining: this appliance admits no new sessions");
        }
        final SdpOffer offer;
        try {
            offer = SdpOffer.parse(readBody(exchange), maxOfferBytes);
        } catch (final SdpException ex) {
            throw new Refusal(ex.httpStatus(), ex.getMessage());
        }
        final InetSocketAddress remote = exchange.getRemoteAddress();
        final SessionBroker sessions = broker;
        final Admission admission = sessions.open(offer.params(), claims, remote);
        final Admission.Accepted accepted = switch (admission) {
            case Admission.Refused refused -> throw refused.httpStatus() == 503
                ? unavailable(refused.reason()) : new Refusal(refused.httpStatus(), refused.reason());
            case Admission.Accepted a -> a;
        };
        final String answer;
        try {
            if (!SESSION_ID.matcher(accepted.sessionId()).matches()) {
                throw new IllegalArgumentException("session id must match " + SESSION_ID + ", got " + accepted.sessionId());
            }
            answer = SdpAnswer.write(offer, accepted);
        } catch (final IllegalArgumentException ex) {
            sessions.close(accepted.sessionId()); // nobody can use it: do not leave it to time out
            throw new IllegalStateException("session broker answered an offer with " + accepted + ": " + ex.getMessage(), ex);
        }
        counters.accepted();
        LOG.debug("session {} for {} from {}", accepted.sessionId(), claims.name(), remote);
        exchange.getResponseHeaders().set("Location", PATH + '/' + accepted.sessionId());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpReplies.send(exchange, 201, SDP, answer.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code DELETE /v1/sessions/{id}}: 204, or 404 for an id that names no session. */
    void delete(final HttpExchange exchange, final String sessionId) throws IOException {
        if (SESSION_ID.matcher(sessionId).matches() && broker.close(sessionId)) {
            LOG.debug("session {} deleted by {}", sessionId, exchange.getRemoteAddress());
            HttpReplies.empty(exchange, 204);
        } else {
            HttpReplies.text(exchange, 404, "no session " + (sessionId.length() > 128 ? sessionId.substring(0, 128) + "..." : sessionId));
        }
    }

    private static Refusal unavailable(final String reason) {
        return new Refusal(503, reason, Map.of("Retry-After", Integer.toString(RETRY_AFTER_UNAVAILABLE_SECONDS)));
    }

    /**
     * Reads at most one byte more than the limit: enough to tell "too large" without holding a large body. A body
     * over the limit is read on and dropped, up to {@link #DISCARD_LIMIT_BYTES}, before the 413 goes out: closing a
     * connection with unread bytes in it makes the kernel reset it, and the reset can destroy the 413 before the
     * client reads it. A client that sends more than that gets the reset.
     */
    private byte[] readBody(final HttpExchange exchange) throws IOException {
        final String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (length != null) {
                final long declared;
                try {
                    declared = Long.parseLong(length.strip());
                } catch (final NumberFormatException ex) {
                    throw new Refusal(400, "Content-Length is not a number");
                }
                if (declared > maxOfferBytes) {
                    discard(in);
                    throw new Refusal(413, "offer of " + declared + " bytes is over the limit of " + maxOfferBytes + " bytes");
                }
            }
            final byte[] body = in.readNBytes(maxOfferBytes + 1);
            if (body.length > maxOfferBytes) {
                discard(in);
                throw new Refusal(413, "offer is over the limit of " + maxOfferBytes + " bytes");
            }
            return body;
        }
    }

    private static void discard(final InputStream in) throws IOException {
        long left = DISCARD_LIMIT_BYTES;
        while (left > 0) {
            final long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return;
                }
                left--;
            } else {
                left -= skipped;
            }
        }
    }

    /** {@code application/SDP; charset=x} → {@code application/sdp}: parameters dropped, case folded (RFC 9110 §8.3.1). */
    private static String mediaType(final String contentType) {
        final int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
