package io.deltad.dtls.stun;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The ICE-lite side of connectivity checks (RFC 8445 §2.5, §7.3): answers Binding requests from the browser, never
 * sends its own. One per IoAgent thread; no allocation per datagram.
 *
 * <p>Decision order for a STUN datagram, cheapest and least trusting first (policy in docs/ICE.md):
 * <ol>
 *   <li>malformed ({@link StunMessage#parse()}) → drop;</li>
 *   <li>not a Binding request → drop;</li>
 *   <li>FINGERPRINT present but wrong → drop (RFC 5389 §7.3: not STUN, or corrupted);</li>
 *   <li>source not known to the session layer and over the token bucket → drop, before any HMAC is spent;</li>
 *   <li>no USERNAME or no MESSAGE-INTEGRITY → 400 (RFC 5389 §10.1.2);</li>
 *   <li>local ufrag unknown or remote ufrag wrong → silent drop: answering would confirm to a scanner that the port
 *       speaks ICE, and there is no key to protect an answer with;</li>
 *   <li>HMAC wrong → 401 (RFC 5389 §10.1.2), without MESSAGE-INTEGRITY as there is no shared key to trust;</li>
 *   <li>unknown comprehension-required attributes → 420 with UNKNOWN-ATTRIBUTES (RFC 5389 §7.3.1), integrity-protected;</li>
 *   <li>otherwise → success with XOR-MAPPED-ADDRESS = source, MESSAGE-INTEGRITY (local password), FINGERPRINT, and the
 *       {@link IceCheckListener} is told.</li>
 * </ol>
 * Every answer is at most as long as its request (no amplification); one that would be longer is not sent.
 *
 * <p>Not thread safe: owned by one IoAgent.
 */
public final class StunResponder {
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHORIZED = 401;
    public static final int UNKNOWN_ATTRIBUTE = 420;

    private static final byte[] BAD_REQUEST_REASON = "Bad Request".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAUTHORIZED_REASON = "Unauthorized".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNKNOWN_ATTRIBUTE_REASON = "Unknown Attribute".getBytes(StandardCharsets.US_ASCII);
    private static final byte COLON = ':';

    private final IceCredentialsLookup credentialsLookup;
    private final IceCheckListener checkListener;
    private final TokenBucket unknownSourceBucket;
    private final StunMessage request = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessageIntegrity integrity = new StunMessageIntegrity();

    private final long[] dropCounts = new long[StunDrop.values().length];
    private long successResponses;
    private long badRequestResponses;
    private long unauthorizedResponses;
    private long unknownAttributeResponses;

    /**
     * @param unknownSourceRatePerSec Binding requests per second accepted from sources the session layer does not know
     * @param unknownSourceBurst      how many of those may arrive at once
     * @param nowNs                   the caller's clock at construction
     */
    public StunResponder(final IceCredentialsLookup credentialsLookup, final IceCheckListener checkListener,
        final long unknownSourceRatePerSec, final long unknownSourceBurst, final long nowNs) {
        this.credentialsLookup = credentialsLookup;
        this.checkListener = checkListener;
        this.unknownSourceBucket = new TokenBucket(unknownSourceRatePerSec, unknownSourceBurst, nowNs);
    }

    /**
     * Handles one STUN datagram (the demultiplexer has seen a first byte 0..3).
     *
     * @param datagram    the received bytes: {@code lengthBytes} at {@code offset}
     * @param source      where it came from; the answer goes back there
     * @param sourceKnown true if the 5-tuple already belongs to a session (not rate limited)
     * @param out         where the answer is written, at {@code outOffset}, at most {@code outCapacity} bytes
     * @return the answer's length in bytes (send it to {@code source}), or a negative {@link StunDrop#code()}
     */
    public int onDatagram(final MemorySegment datagram, final long offset, final int lengthBytes,
        final StunAddress source, final boolean sourceKnown, final long nowNs,
        final MemorySegment out, final long outOffset, final int outCapacity) {
        final StunMessage message = request.wrap(datagram, offset, lengthBytes);
        if (message.parse() != StunParseResult.OK) {
            return drop(StunDrop.MALFORMED);
        }
        if (!message.isBindingRequest()) {
            return drop(StunDrop.NOT_BINDING_REQUEST);
        }
        if (message.hasFingerprint() && !integrity.verifyFingerprint(message)) {
            return drop(StunDrop.BAD_FINGERPRINT);
        }
        if (!sourceKnown && !unknownSourceBucket.tryAcquire(nowNs)) {
            return drop(StunDrop.RATE_LIMITED);
        }
        if (!message.hasUsername() || !message.hasMessageIntegrity()) {
            final int length = StunMessage.HEADER_LENGTH
                + StunMessageWriter.errorCodeLength(BAD_REQUEST_REASON.length) + StunMessageWriter.FINGERPRINT_LENGTH;
            if (!fits(length, lengthBytes, outCapacity)) {
                return tooLarge(length, lengthBytes);
            }
            badRequestResponses++;
            return writeError(message, BAD_REQUEST, BAD_REQUEST_REASON, null, out, outOffset);
        }
        final IceCredentials credentials = findCredentials(message);
        if (credentials == null) {
            return drop(StunDrop.UNKNOWN_USERNAME);
        }
        if (!integrity.verifyIntegrity(message, credentials.localKey())) {
            final int length = StunMessage.HEADER_LENGTH
                + StunMessageWriter.errorCodeLength(UNAUTHORIZED_REASON.length) + StunMessageWriter.FINGERPRINT_LENGTH;
            if (!fits(length, lengthBytes, outCapacity)) {
                return tooLarge(length, lengthBytes);
            }
            unauthorizedResponses++;
            return writeError(message, UNAUTHORIZED, UNAUTHORIZED_REASON, null, out, outOffset);
        }
        if (message.unknownAttributeCount() > 0) {
            final int listed = Math.min(message.unknownAttributeCount(), StunMessage.MAX_UNKNOWN_ATTRIBUTES);
            final int length = StunMessage.HEADER_LENGTH
                + StunMessageWriter.errorCodeLength(UNKNOWN_ATTRIBUTE_REASON.length)
                + StunMessageWriter.unknownAttributesLength(listed)
                + StunMessageWriter.MESSAGE_INTEGRITY_LENGTH + StunMessageWriter.FINGERPRINT_LENGTH;
            if (!fits(length, lengthBytes, outCapacity)) {
                return tooLarge(length, lengthBytes);
            }
            unknownAttributeResponses++;
            return writeError(message, UNKNOWN_ATTRIBUTE, UNKNOWN_ATTRIBUTE_REASON, credentials.localKey(), out, outOffset);
        }
        final int length = StunMessage.HEADER_LENGTH + StunMessageWriter.xorMappedAddressLength(source)
            + StunMessageWriter.MESSAGE_INTEGRITY_LENGTH + StunMessageWriter.FINGERPRINT_LENGTH;
        if (!fits(length, lengthBytes, outCapacity)) {
            return tooLarge(length, lengthBytes);
        }
        successResponses++;
        writer.wrap(out, outOffset)
            .header(StunMessage.BINDING_SUCCESS_RESPONSE, datagram, message.transactionIdOffset())
            .xorMappedAddress(source)
            .messageIntegrity(credentials.localKey(), integrity)
            .fingerprint(integrity);
        // Tell the session layer only once the answer exists, so "validated" always means "answered".
        checkListener.onAuthenticatedCheck(credentials.sessionHandle(), source, message.useCandidate(), nowNs);
        return writer.length();
    }

    /**
     * USERNAME is "local-ufrag:remote-ufrag" from our side (RFC 8445 §7.2.2). Finds the session by the local part
     * and checks the remote part, in place.
     */
    private IceCredentials findCredentials(final StunMessage message) {
        final MemorySegment segment = message.segment();
        final long username = message.usernameOffset();
        final int usernameLength = message.usernameLength();
        int colon = -1;
        for (int i = 0; i < usernameLength; i++) {
            if (segment.get(StunMessage.U8, username + i) == COLON) {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return null;
        }
        final IceCredentials credentials = credentialsLookup.find(segment, username, colon);
        if (credentials == null) {
            return null;
        }
        final byte[] remoteUfrag = credentials.remoteUfrag();
        final int remoteLength = usernameLength - colon - 1;
        if (remoteLength != remoteUfrag.length) {
            return null;
        }
        for (int i = 0; i < remoteLength; i++) {
            if (segment.get(StunMessage.U8, username + colon + 1 + i) != remoteUfrag[i]) {
                return null;
            }
        }
        return credentials;
    }

    private int writeError(final StunMessage message, final int code, final byte[] reason, final HmacSha1Key key,
        final MemorySegment out, final long outOffset) {
        writer.wrap(out, outOffset)
            .header(StunMessage.BINDING_ERROR_RESPONSE, message.segment(), message.transactionIdOffset())
            .errorCode(code, reason);
        if (code == UNKNOWN_ATTRIBUTE) {
            writer.unknownAttributes(message);
        }
        if (key != null) {
            writer.messageIntegrity(key, integrity);
        }
        writer.fingerprint(integrity);
        return writer.length();
    }

    private static boolean fits(final int responseLength, final int requestLength, final int outCapacity) {
        return responseLength <= requestLength && responseLength <= outCapacity;
    }

    private int tooLarge(final int responseLength, final int requestLength) {
        return drop(responseLength > requestLength ? StunDrop.AMPLIFICATION : StunDrop.OUTPUT_TOO_SMALL);
    }

    private int drop(final StunDrop reason) {
        dropCounts[reason.ordinal()]++;
        return reason.code();
    }

    public long dropCount(final StunDrop reason) { return dropCounts[reason.ordinal()]; }
    public long successResponses() { return successResponses; }
    public long badRequestResponses() { return badRequestResponses; }
    public long unauthorizedResponses() { return unauthorizedResponses; }
    public long unknownAttributeResponses() { return unknownAttributeResponses; }
}
