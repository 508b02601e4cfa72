package io.deltad.dtls.stun;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over one STUN message in a datagram (RFC 5389 §6, RFC 8489 §5). All fields big-endian (network order).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     STUN Message Type     |         Message Length        |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Magic Cookie 0x2112A442                    |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Transaction ID (96 bits)                     |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  attributes (Message Length bytes), each:                     | 20
 *  |  +-------------------------------+-------------------------------+
 *  |  |         Type (u16)            |        Length (u16)           |
 *  |  +-------------------------------+-------------------------------+
 *  |  |  Value (Length bytes, zero-padded to a multiple of 4)         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #parse()} validates the header against the datagram length and walks every attribute with bounds checks,
 * remembering where the ones ICE needs are; accessors then read at those offsets. Nothing is read outside
 * {@code [offset, offset + length)}, and nothing is allocated.
 *
 * <p>Attribute rules applied (RFC 5389 §15): the first occurrence of a type wins; attributes after MESSAGE-INTEGRITY
 * are ignored except FINGERPRINT (§15.4); FINGERPRINT must be last (§15.5).
 *
 * <p>Not thread safe: one flyweight per thread. {@code wrap} returns {@code this} so calls chain.
 */
public final class StunMessage {
    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static final int TYPE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 2;
    public static final int MAGIC_COOKIE_OFFSET = 4;
    public static final int TRANSACTION_ID_OFFSET = 8;
    public static final int TRANSACTION_ID_LENGTH = 12;
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS_RESPONSE = 0x0101;
    public static final int BINDING_ERROR_RESPONSE = 0x0111;

    /** Unknown comprehension-required types remembered for UNKNOWN-ATTRIBUTES; more are counted, not listed. */
    public static final int MAX_UNKNOWN_ATTRIBUTES = 8;

    private static final int ABSENT = -1;

    private MemorySegment segment;
    private long offset;
    private int length;

    // Offsets below are relative to the message start; ABSENT when the attribute is not there.
    private int usernameValueOffset;
    private int usernameLength;
    private int messageIntegrityOffset;
    private int fingerprintOffset;
    private int xorMappedAddressValueOffset;
    private int errorCodeValueOffset;
    private int errorCodeValueLength;
    private long priority;
    private boolean useCandidate;
    private boolean iceControlling;
    private boolean iceControlled;
    private long tieBreaker;
    private int unknownCount;
    private final short[] unknownTypes = new short[MAX_UNKNOWN_ATTRIBUTES];

    /**
     * Wraps {@code lengthBytes} bytes at {@code offset}; call {@link #parse()} before any accessor.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the segment (a caller bug, not bad input).
     */
    public StunMessage wrap(final MemorySegment segment, final long offset, final int lengthBytes) {
        if (offset < 0 || lengthBytes < 0 || offset + lengthBytes > segment.byteSize()) {
            throw new IndexOutOfBoundsException("message range outside segment");
        }
        this.segment = segment;
        this.offset = offset;
        this.length = lengthBytes;
        return this;
    }

    public MemorySegment segment() { return segment; }
    public long offset() { return offset; }
    /** Datagram (and, once parsed OK, message) length in bytes. */
    public int length() { return length; }

    /** Validates the message and indexes its attributes. */
    public StunParseResult parse() {
        resetAttributes();
        if (length < HEADER_LENGTH) {
            return StunParseResult.TOO_SHORT;
        }
        if ((segment.get(U8, offset) & 0xC0) != 0) {
            return StunParseResult.NOT_STUN;
        }
        final int declaredLength = declaredLength();
        if ((declaredLength & 3) != 0 || declaredLength != length - HEADER_LENGTH) {
            return StunParseResult.BAD_LENGTH;
        }
        if (segment.get(U32, offset + MAGIC_COOKIE_OFFSET) != MAGIC_COOKIE) {
            return StunParseResult.BAD_MAGIC_COOKIE;
        }
        int position = HEADER_LENGTH;
        while (position < length) {
            if (length - position < StunAttribute.HEADER_LENGTH) {
                return StunParseResult.ATTRIBUTE_OVERRUN;
            }
            if (fingerprintOffset != ABSENT) {
                return StunParseResult.ATTRIBUTE_AFTER_FINGERPRINT;
            }
            final int type = segment.get(U16, offset + position) & 0xFFFF;
            final int valueLength = segment.get(U16, offset + position + 2) & 0xFFFF;
            final int valueOffset = position + StunAttribute.HEADER_LENGTH;
            final int padded = StunAttribute.paddedLength(valueLength);
            if (padded > length - valueOffset) {
                return StunParseResult.ATTRIBUTE_OVERRUN;
            }
            final StunParseResult result = index(type, position, valueOffset, valueLength);
            if (result != StunParseResult.OK) {
                return result;
            }
            position = valueOffset + padded;
        }
        return StunParseResult.OK;
    }

    private StunParseResult index(final int type, final int attributeOffset, final int valueOffset, final int valueLength) {
        if (type == StunAttribute.FINGERPRINT) {
            if (valueLength != StunAttribute.FINGERPRINT_VALUE_LENGTH) {
                return StunParseResult.BAD_ATTRIBUTE_LENGTH;
            }
            fingerprintOffset = attributeOffset;
            return StunParseResult.OK;
        }
        if (messageIntegrityOffset != ABSENT) {
            return StunParseResult.OK; // RFC 5389 §15.4: not covered by the HMAC, so not trusted
        }
        switch (type) {
            case StunAttribute.USERNAME -> {
                if (valueLength > StunAttribute.MAX_USERNAME_LENGTH) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                if (usernameValueOffset == ABSENT) {
                    usernameValueOffset = valueOffset;
                    usernameLength = valueLength;
                }
            }
            case StunAttribute.MESSAGE_INTEGRITY -> {
                if (valueLength != StunAttribute.MESSAGE_INTEGRITY_VALUE_LENGTH) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                messageIntegrityOffset = attributeOffset;
            }
            case StunAttribute.PRIORITY -> {
                if (valueLength != 4) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                if (priority == ABSENT) {
                    priority = segment.get(U32, offset + valueOffset) & 0xFFFF_FFFFL;
                }
            }
            case StunAttribute.USE_CANDIDATE -> {
                if (valueLength != 0) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                useCandidate = true;
            }
            case StunAttribute.ICE_CONTROLLING, StunAttribute.ICE_CONTROLLED -> {
                if (valueLength != 8) {
                    return StunParseResult.BAD_ATTRIBUTE_LENGTH;
                }
                if (!iceControlling && !iceControlled) {
                    iceControlling = type == StunAttribute.ICE_CONTROLLING;
                    iceControlled = !iceControlling;
                    tieBreaker = segment.get(U64, offset + valueOffset);
                }
            }
            case StunAttribute.XOR_MAPPED_ADDRESS -> {
                if (!isValidXorMappedAddress(valueOffset, valueLength)) {
                    return StunParseResult.BAD_XOR_MAPPED_ADDRESS;
                }
                if (xorMappedAddressValueOffset == ABSENT) {
                    xorMappedAddressValueOffset = valueOffset;
                }
            }
            case StunAttribute.ERROR_CODE -> {
                if (valueLength < 4) {
                    return StunParseResult.BAD_ERROR_CODE;
                }
                final int errorClass = segment.get(U8, offset + valueOffset + 2) & 0x07;
                final int number = segment.get(U8, offset + valueOffset + 3) & 0xFF;
                if (errorClass < 3 || errorClass > 6 || number > 99) {
                    return StunParseResult.BAD_ERROR_CODE;
                }
                if (errorCodeValueOffset == ABSENT) {
                    errorCodeValueOffset = valueOffset;
                    errorCodeValueLength = valueLength;
                }
            }
            default -> {
                if (StunAttribute.isComprehensionRequired(type) && !StunAttribute.isKnownComprehensionRequired(type)) {
                    if (unknownCount < MAX_UNKNOWN_ATTRIBUTES) {
                        unknownTypes[unknownCount] = (short) type;
                    }
                    unknownCount++;
                }
            }
        }
        return StunParseResult.OK;
    }

    private boolean isValidXorMappedAddress(final int valueOffset, final int valueLength) {
        if (valueLength < 4) {
            return false;
        }
        final int family = segment.get(U8, offset + valueOffset + 1) & 0xFF;
        return (family == StunAddress.FAMILY_IPV4 && valueLength == 8)
            || (family == StunAddress.FAMILY_IPV6 && valueLength == 20);
    }

    private void resetAttributes() {
        usernameValueOffset = ABSENT;
        usernameLength = 0;
        messageIntegrityOffset = ABSENT;
        fingerprintOffset = ABSENT;
        xorMappedAddressValueOffset = ABSENT;
        errorCodeValueOffset = ABSENT;
        errorCodeValueLength = 0;
        priority = ABSENT;
        useCandidate = false;
        iceControlling = false;
        iceControlled = false;
        tieBreaker = 0;
        unknownCount = 0;
    }

    // Header: valid once length() >= 20.

    /** Message type: method and class bits interleaved (RFC 5389 §6). */
    public int messageType() { return segment.get(U16, offset + TYPE_OFFSET) & 0x3FFF; }
    public int declaredLength() { return segment.get(U16, offset + LENGTH_OFFSET) & 0xFFFF; }
    public boolean isBindingRequest() { return messageType() == BINDING_REQUEST; }
    /** Absolute offset of the 12-byte transaction id in {@link #segment()}. */
    public long transactionIdOffset() { return offset + TRANSACTION_ID_OFFSET; }

    // Attributes: valid after parse() returned OK.

    public boolean hasUsername() { return usernameValueOffset != ABSENT; }
    /** Absolute offset of the USERNAME value in {@link #segment()}. */
    public long usernameOffset() { return offset + usernameValueOffset; }
    public int usernameLength() { return usernameLength; }

    public boolean hasMessageIntegrity() { return messageIntegrityOffset != ABSENT; }
    /** Offset of the MESSAGE-INTEGRITY attribute header, relative to the message start: the HMAC covers the bytes before it. */
    public int messageIntegrityOffset() { return messageIntegrityOffset; }

    public boolean hasFingerprint() { return fingerprintOffset != ABSENT; }
    /** Offset of the FINGERPRINT attribute header, relative to the message start: the CRC covers the bytes before it. */
    public int fingerprintOffset() { return fingerprintOffset; }
    public int fingerprint() { return segment.get(U32, offset + fingerprintOffset + StunAttribute.HEADER_LENGTH); }

    public boolean hasPriority() { return priority != ABSENT; }
    /** PRIORITY as an unsigned 32-bit value, or -1 when absent. */
    public long priority() { return priority; }
    public boolean useCandidate() { return useCandidate; }
    public boolean iceControlling() { return iceControlling; }
    public boolean iceControlled() { return iceControlled; }
    /** Tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED, whichever came first. */
    public long tieBreaker() { return tieBreaker; }

    public boolean hasXorMappedAddress() { return xorMappedAddressValueOffset != ABSENT; }

    /**
     * Decodes XOR-MAPPED-ADDRESS (RFC 5389 §15.2) into {@code into}: port XOR the cookie's top 16 bits, IPv4 XOR the
     * cookie, IPv6 XOR cookie||transaction id.
     *
     * @return false if the message has none.
     */
    public boolean xorMappedAddress(final StunAddress into) {
        if (xorMappedAddressValueOffset == ABSENT) {
            return false;
        }
        final long value = offset + xorMappedAddressValueOffset;
        final int port = (segment.get(U16, value + 2) & 0xFFFF) ^ (MAGIC_COOKIE >>> 16);
        if ((segment.get(U8, value + 1) & 0xFF) == StunAddress.FAMILY_IPV4) {
            into.ipv4(segment.get(U32, value + 4) ^ MAGIC_COOKIE, port);
        } else {
            final long high = segment.get(U64, value + 4) ^ segment.get(U64, offset + MAGIC_COOKIE_OFFSET);
            final long low = segment.get(U64, value + 12) ^ segment.get(U64, offset + TRANSACTION_ID_OFFSET + 4);
            into.ipv6(high, low, port);
        }
        return true;
    }

    public boolean hasErrorCode() { return errorCodeValueOffset != ABSENT; }
    /** ERROR-CODE as class * 100 + number (RFC 5389 §15.6), or -1 when absent. */
    public int errorCode() {
        if (errorCodeValueOffset == ABSENT) {
            return ABSENT;
        }
        final long value = offset + errorCodeValueOffset;
        return (segment.get(U8, value + 2) & 0x07) * 100 + (segment.get(U8, value + 3) & 0xFF);
    }
    /** Length in bytes of the ERROR-CODE reason phrase (UTF-8), which starts 4 bytes into the value. */
    public int errorReasonLength() { return errorCodeValueLength - 4; }

    /** Number of unknown comprehension-required attributes; only the first {@link #MAX_UNKNOWN_ATTRIBUTES} are listed. */
    public int unknownAttributeCount() { return unknownCount; }
    public int unknownAttributeType(final int index) { return unknownTypes[index] & 0xFFFF; }
}
