package io.deltad.dtls.stun;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The controlling side of ICE connectivity checks, as a full ICE agent facing an ICE-lite server sends them (RFC 8445
 * §7.2.4): Binding requests with USERNAME {@code "<remote ufrag>:<local ufrag>"}, PRIORITY, ICE-CONTROLLING,
 * USE-CANDIDATE (aggressive nomination: the only candidate pair there is), MESSAGE-INTEGRITY keyed with the
 * remote password, FINGERPRINT. Used by deltad's own client role (load generator, interop tests); repeated checks
 * keep consent fresh on the server (RFC 7675).
 *
 * <p>One per client session; not thread safe; no allocation per request after construction.
 */
public final class StunBindingClient {
    /** Peer-reflexive candidate priority, local preference 65535, component 1 (RFC 8445 §5.1.2.1, §7.1.1). */
    private static final int PEER_REFLEXIVE_PRIORITY = (110 << 24) | (65535 << 8) | (256 - 1);

    private final byte[] username;
    private final HmacSha1Key remoteKey;
    private final long tieBreaker;
    private final SecureRandom random = new SecureRandom();
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private final MemorySegment transactionIdSegment = MemorySegment.ofArray(transactionId);
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessageIntegrity integrity = new StunMessageIntegrity();
    private final StunMessage response = new StunMessage();
    private boolean outstanding;
    private long successes;

    public StunBindingClient(final String localUfrag, final String remoteUfrag, final String remotePassword) {
        this.username = (remoteUfrag + ':' + localUfrag).getBytes(StandardCharsets.UTF_8);
        this.remoteKey = HmacSha1Key.ofPassword(remotePassword);
        this.tieBreaker = random.nextLong();
    }

    /** Largest request this writes, bytes. */
    public int maxRequestLength() {
        return StunMessage.HEADER_LENGTH + StunAttribute.HEADER_LENGTH + StunAttribute.paddedLength(username.length)
            + 8 + 12 + 4 + StunMessageWriter.MESSAGE_INTEGRITY_LENGTH + StunMessageWriter.FINGERPRINT_LENGTH;
    }

    /** Writes a new Binding request (fresh transaction id) at {@code offset}; returns its length. */
    public int writeRequest(final MemorySegment out, final long offset, final boolean useCandidate) {
        random.nextBytes(transactionId);
        writer.wrap(out, offset).header(StunMessage.BINDING_REQUEST, transactionIdSegment, 0)
            .username(username).priority(PEER_REFLEXIVE_PRIORITY).iceControlling(tieBreaker);
        if (useCandidate) {
            writer.useCandidate();
        }
        writer.messageIntegrity(remoteKey, integrity).fingerprint(integrity);
        outstanding = true;
        return writer.length();
    }

    /**
     * Checks a STUN datagram from the server: true when it is the success response to the last request, with a valid
     * MESSAGE-INTEGRITY. Anything else (stale, forged, an error response) returns false and changes nothing.
     */
    public boolean onResponse(final MemorySegment datagram, final long offset, final int lengthBytes) {
        final StunMessage message = response.wrap(datagram, offset, lengthBytes);
        if (!outstanding || message.parse() != StunParseResult.OK
            || message.messageType() != StunMessage.BINDING_SUCCESS_RESPONSE
            || MemorySegment.mismatch(datagram, message.transactionIdOffset(),
                message.transactionIdOffset() + StunMessage.TRANSACTION_ID_LENGTH,
                transactionIdSegment, 0, StunMessage.TRANSACTION_ID_LENGTH) != -1
            || !message.hasMessageIntegrity() || !integrity.verifyIntegrity(message, remoteKey)) {
            return false;
        }
        outstanding = false;
        successes++;
        return true;
    }

    /** Success responses received so far. */
    public long successes() {
        return successes;
    }
}
