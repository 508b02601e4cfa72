package io.deltad.dtls.stun;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32;

/**
 * Computes and checks MESSAGE-INTEGRITY (HMAC-SHA1, RFC 5389 §15.4) and FINGERPRINT (CRC-32 XOR 0x5354554E,
 * RFC 5389 §15.5) over a STUN message held in a {@link MemorySegment}.
 *
 * <p>Both cover the message up to (not including) their own attribute, with the header's length field rewritten as if
 * the message ended right after that attribute:
 *
 * <pre>
 *   +--------+--------+-----------------+----------------+-------------+
 *   | header | attrs  | MESSAGE-INTEGRITY (4 + 20)       | FINGERPRINT |
 *   +--------+--------+-----------------+----------------+-------------+
 *   |&lt;-- HMAC input --&gt;|  length field = HMAC input - 20 + 24
 *   |&lt;------------- CRC input ------------------------&gt;|  length field = CRC input - 20 + 8
 * </pre>
 *
 * <p>The covered prefix is copied into a scratch array once (so the length field can be patched without touching the
 * datagram), then hashed; nothing is allocated per message. Keys are {@link HmacSha1Key}s, one per ICE password.
 *
 * <p>Not thread safe: one instance per IoAgent thread.
 */
public final class StunMessageIntegrity {
    /** XORed into the CRC so a STUN FINGERPRINT differs from the CRC of the same bytes in another protocol. */
    public static final int FINGERPRINT_XOR = 0x5354554E;
    private static final int MAX_MESSAGE_LENGTH = StunMessage.HEADER_LENGTH + 0xFFFF;
    private static final int MI_ATTRIBUTE_LENGTH = StunAttribute.HEADER_LENGTH + StunAttribute.MESSAGE_INTEGRITY_VALUE_LENGTH;
    private static final int FP_ATTRIBUTE_LENGTH = StunAttribute.HEADER_LENGTH + StunAttribute.FINGERPRINT_VALUE_LENGTH;

    private final byte[] scratch = new byte[MAX_MESSAGE_LENGTH];
    private final byte[] mac = new byte[HmacSha1Key.LENGTH];
    private final CRC32 crc32 = new CRC32();

    /** True if the parsed message has a MESSAGE-INTEGRITY that matches {@code key}. Compares in constant time. */
    public boolean verifyIntegrity(final StunMessage message, final HmacSha1Key key) {
        if (!message.hasMessageIntegrity()) {
            return false;
        }
        final int prefixLength = message.messageIntegrityOffset();
        hmac(message.segment(), message.offset(), prefixLength, key);
        final long valueOffset = message.offset() + prefixLength + StunAttribute.HEADER_LENGTH;
        int difference = 0;
        for (int i = 0; i < HmacSha1Key.LENGTH; i++) {
            difference |= mac[i] ^ message.segment().get(ValueLayout.JAVA_BYTE, valueOffset + i);
        }
        return difference == 0;
    }

    /** True if the parsed message has a FINGERPRINT and it matches. */
    public boolean verifyFingerprint(final StunMessage message) {
        return message.hasFingerprint()
            && message.fingerprint() == fingerprint(message.segment(), message.offset(), message.fingerprintOffset());
    }

    /**
     * Fills in the MESSAGE-INTEGRITY value of a message being written: its attribute header sits at
     * {@code attributeOffset} (relative to {@code messageOffset}) and covers the bytes before it.
     */
    public void writeIntegrity(
        final MemorySegment segment, final long messageOffset, final int attributeOffset, final HmacSha1Key key) {
        hmac(segment, messageOffset, attributeOffset, key);
        MemorySegment.copy(mac, 0, segment, ValueLayout.JAVA_BYTE,
            messageOffset + attributeOffset + StunAttribute.HEADER_LENGTH, HmacSha1Key.LENGTH);
    }

    /** Fills in the FINGERPRINT value of a message being written, attribute header at {@code attributeOffset}. */
    public void writeFingerprint(final MemorySegment segment, final long messageOffset, final int attributeOffset) {
        segment.set(StunMessage.U32, messageOffset + attributeOffset + StunAttribute.HEADER_LENGTH,
            fingerprint(segment, messageOffset, attributeOffset));
    }

    /** HMAC-SHA1 of the first {@code prefixLength} bytes, length field adjusted for a MESSAGE-INTEGRITY right after. */
    private void hmac(final MemorySegment segment, final long messageOffset, final int prefixLength, final HmacSha1Key key) {
        copyPrefix(segment, messageOffset, prefixLength, prefixLength - StunMessage.HEADER_LENGTH + MI_ATTRIBUTE_LENGTH);
        key.compute(scratch, prefixLength, mac);
    }

    /** CRC-32 XOR 0x5354554E of the first {@code prefixLength} bytes, length field adjusted for a FINGERPRINT after. */
    private int fingerprint(final MemorySegment segment, final long messageOffset, final int prefixLength) {
        copyPrefix(segment, messageOffset, prefixLength, prefixLength - StunMessage.HEADER_LENGTH + FP_ATTRIBUTE_LENGTH);
        crc32.reset();
        crc32.update(scratch, 0, prefixLength);
        return (int) crc32.getValue() ^ FINGERPRINT_XOR;
    }

    private void copyPrefix(
        final MemorySegment segment, final long messageOffset, final int prefixLength, final int adjustedLength) {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, messageOffset, scratch, 0, prefixLength);
        scratch[StunMessage.LENGTH_OFFSET] = (byte) (adjustedLength >>> 8);
        scratch[StunMessage.LENGTH_OFFSET + 1] = (byte) adjustedLength;
    }
}
