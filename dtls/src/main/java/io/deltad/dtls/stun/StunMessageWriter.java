package io.deltad.dtls.stun;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.deltad.dtls.stun.StunMessage.U16;
import static io.deltad.dtls.stun.StunMessage.U32;
import static io.deltad.dtls.stun.StunMessage.U64;
import static io.deltad.dtls.stun.StunMessage.U8;

/**
 * Writes a STUN message attribute by attribute into a caller's segment (layout in {@link StunMessage}). The header's
 * length field is kept equal to the attributes written so far, which is exactly what MESSAGE-INTEGRITY and
 * FINGERPRINT must cover when they are appended (RFC 5389 §15.4, §15.5). Padding bytes are written as zeros.
 *
 * <p>The caller checks the final size against the capacity first ({@code *_LENGTH} constants and
 * {@link #errorCodeLength(int)}); the segment's own bounds check remains the last line of defence.
 *
 * <p>Not thread safe: one writer per thread.
 */
public final class StunMessageWriter {
    public static final int XOR_MAPPED_ADDRESS_IPV4_LENGTH = StunAttribute.HEADER_LENGTH + 8;
    public static final int XOR_MAPPED_ADDRESS_IPV6_LENGTH = StunAttribute.HEADER_LENGTH + 20;
    public static final int MESSAGE_INTEGRITY_LENGTH =
        StunAttribute.HEADER_LENGTH + StunAttribute.MESSAGE_INTEGRITY_VALUE_LENGTH;
    public static final int FINGERPRINT_LENGTH = StunAttribute.HEADER_LENGTH + StunAttribute.FINGERPRINT_VALUE_LENGTH;

    private MemorySegment segment;
    private long offset;
    private int position;

    public StunMessageWriter wrap(final MemorySegment segment, final long offset) {
        this.segment = segment;
        this.offset = offset;
        this.position = 0;
        return this;
    }

    /** Bytes written so far: the message length once the last attribute is in. */
    public int length() { return position; }

    /** Header with the given type, the magic cookie and the 12-byte transaction id copied from {@code source}. */
    public StunMessageWriter header(final int messageType, final MemorySegment source, final long transactionIdOffset) {
        segment.set(U16, offset + StunMessage.TYPE_OFFSET, (short) messageType);
        segment.set(U32, offset + StunMessage.MAGIC_COOKIE_OFFSET, StunMessage.MAGIC_COOKIE);
        MemorySegment.copy(source, transactionIdOffset, segment, offset + StunMessage.TRANSACTION_ID_OFFSET,
            StunMessage.TRANSACTION_ID_LENGTH);
        position = StunMessage.HEADER_LENGTH;
        updateLength();
        return this;
    }

    public static int xorMappedAddressLength(final StunAddress address) {
        return address.isIpv6() ? XOR_MAPPED_ADDRESS_IPV6_LENGTH : XOR_MAPPED_ADDRESS_IPV4_LENGTH;
    }

    /** XOR-MAPPED-ADDRESS (RFC 5389 §15.2); the transaction id must already be in the header. */
    public StunMessageWriter xorMappedAddress(final StunAddress address) {
        final long value = attributeHeader(StunAttribute.XOR_MAPPED_ADDRESS, address.isIpv6() ? 20 : 8);
        segment.set(U8, value, (byte) 0);
        segment.set(U8, value + 1, (byte) address.family());
        segment.set(U16, value + 2, (short) (address.port() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        if (address.isIpv6()) {
            segment.set(U64, value + 4, address.ipv6High() ^ segment.get(U64, offset + StunMessage.MAGIC_COOKIE_OFFSET));
            segment.set(U64, value + 12, address.ipv6Low() ^ segment.get(U64, offset + StunMessage.TRANSACTION_ID_OFFSET + 4));
        } else {
            segment.set(U32, value + 4, address.ipv4() ^ StunMessage.MAGIC_COOKIE);
        }
        return this;
    }

    public static int errorCodeLength(final int reasonLength) {
        return StunAttribute.HEADER_LENGTH + StunAttribute.paddedLength(4 + reasonLength);
    }

    /** ERROR-CODE (RFC 5389 §15.6): {@code code} is class * 100 + number, {@code reason} UTF-8. */
    public StunMessageWriter errorCode(final int code, final byte[] reason) {
        final long value = attributeHeader(StunAttribute.ERROR_CODE, 4 + reason.length);
        segment.set(U16, value, (short) 0);
        segment.set(U8, value + 2, (byte) (code / 100));
        segment.set(U8, value + 3, (byte) (code % 100));
        MemorySegment.copy(reason, 0, segment, ValueLayout.JAVA_BYTE, value + 4, reason.length);
        return this;
    }

    public static int unknownAttributesLength(final int count) {
        return StunAttribute.HEADER_LENGTH + StunAttribute.paddedLength(2 * count);
    }

    /** UNKNOWN-ATTRIBUTES (RFC 5389 §15.9) listing the types {@code request} did not have us understand. */
    public StunMessageWriter unknownAttributes(final StunMessage request) {
        final int count = Math.min(request.unknownAttributeCount(), StunMessage.MAX_UNKNOWN_ATTRIBUTES);
        final long value = attributeHeader(StunAttribute.UNKNOWN_ATTRIBUTES, 2 * count);
        for (int i = 0; i < count; i++) {
            segment.set(U16, value + 2L * i, (short) request.unknownAttributeType(i));
        }
        return this;
    }

    /** USERNAME (RFC 5389 §15.3): for a connectivity check, {@code "<remote ufrag>:<local ufrag>"}. */
    public StunMessageWriter username(final byte[] username) {
        final long value = attributeHeader(StunAttribute.USERNAME, username.length);
        MemorySegment.copy(username, 0, segment, U8, value, username.length);
        return this;
    }

    /** PRIORITY (RFC 8445 §7.1.1): the priority a peer-reflexive candidate learnt from this check would get. */
    public StunMessageWriter priority(final int priority) {
        segment.set(U32, attributeHeader(StunAttribute.PRIORITY, 4), priority);
        return this;
    }

    /** ICE-CONTROLLING (RFC 8445 §7.1.3) with the agent's tie-breaker. */
    public StunMessageWriter iceControlling(final long tieBreaker) {
        segment.set(StunMessage.U64, attributeHeader(StunAttribute.ICE_CONTROLLING, 8), tieBreaker);
        return this;
    }

    /** USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates this pair. */
    public StunMessageWriter useCandidate() {
        attributeHeader(StunAttribute.USE_CANDIDATE, 0);
        return this;
    }

    /** MESSAGE-INTEGRITY over everything written so far (RFC 5389 §15.4). */
    public StunMessageWriter messageIntegrity(final HmacSha1Key key, final StunMessageIntegrity integrity) {
        final int attributeOffset = position;
        attributeHeader(StunAttribute.MESSAGE_INTEGRITY, StunAttribute.MESSAGE_INTEGRITY_VALUE_LENGTH);
        integrity.writeIntegrity(segment, offset, attributeOffset, key);
        return this;
    }

    /** FINGERPRINT over everything written so far (RFC 5389 §15.5); must be the last attribute. */
    public StunMessageWriter fingerprint(final StunMessageIntegrity integrity) {
        final int attributeOffset = position;
        attributeHeader(StunAttribute.FINGERPRINT, StunAttribute.FINGERPRINT_VALUE_LENGTH);
        integrity.writeFingerprint(segment, offset, attributeOffset);
        return this;
    }

    /** Writes the attribute header, zeroes the padded value, advances; returns the absolute value offset. */
    private long attributeHeader(final int type, final int valueLength) {
        final long attribute = offset + position;
        final int padded = StunAttribute.paddedLength(valueLength);
        segment.set(U16, attribute, (short) type);
        segment.set(U16, attribute + 2, (short) valueLength);
        for (long pad = attribute + StunAttribute.HEADER_LENGTH + valueLength,
             end = attribute + StunAttribute.HEADER_LENGTH + padded; pad < end; pad++) {
            segment.set(U8, pad, (byte) 0); // a slice + fill would allocate a segment per attribute
        }
        position += StunAttribute.HEADER_LENGTH + padded;
        updateLength();
        return attribute + StunAttribute.HEADER_LENGTH;
    }

    private void updateLength() {
        segment.set(U16, offset + StunMessage.LENGTH_OFFSET, (short) (position - StunMessage.HEADER_LENGTH));
    }
}
