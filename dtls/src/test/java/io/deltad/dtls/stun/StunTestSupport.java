package io.deltad.dtls.stun;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds STUN messages for tests with the JDK's own HMAC and CRC-32, independently of the code under test.
 */
final class StunTestSupport {
    static final byte[] TRANSACTION_ID = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    private StunTestSupport() {
    }

    static byte[] hex(final String text) {
        final String digits = text.replaceAll("\\s+", "");
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** A heap segment of exactly the datagram's length: any read past its end throws. */
    static MemorySegment exact(final byte[] datagram) {
        return MemorySegment.ofArray(datagram.clone());
    }

    static byte[] hmacSha1(final byte[] key, final byte[] data, final int length) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    static int crc32Fingerprint(final byte[] data, final int length) {
        final CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue() ^ 0x5354554E;
    }

    /** Independent check of MESSAGE-INTEGRITY at {@code attributeOffset} in a complete message. */
    static boolean integrityMatches(final byte[] message, final int attributeOffset, final byte[] key) {
        final byte[] covered = Arrays.copyOf(message, attributeOffset);
        putU16(covered, 2, attributeOffset - 20 + 24);
        final byte[] expected = hmacSha1(key, covered, covered.length);
        return Arrays.equals(expected, Arrays.copyOfRange(message, attributeOffset + 4, attributeOffset + 24));
    }

    /** Independent check of FINGERPRINT at {@code attributeOffset} in a complete message. */
    static boolean fingerprintMatches(final byte[] message, final int attributeOffset) {
        final byte[] covered = Arrays.copyOf(message, attributeOffset);
        putU16(covered, 2, attributeOffset - 20 + 8);
        return crc32Fingerprint(covered, covered.length) == ByteBuffer.wrap(message, attributeOffset + 4, 4).getInt();
    }

    /** Finds the first attribute of {@code type}; returns the offset of its header or -1. */
    static int findAttribute(final byte[] message, final int type) {
        int position = 20;
        while (position + 4 <= message.length) {
            final int t = u16(message, position);
            final int length = u16(message, position + 2);
            if (t == type) {
                return position;
            }
            position += 4 + ((length + 3) & ~3);
        }
        return -1;
    }

    static int u16(final byte[] bytes, final int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    static void putU16(final byte[] bytes, final int offset, final int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }

    /** Hand-assembled message: header, attributes in order, then optional MESSAGE-INTEGRITY and FINGERPRINT. */
    static final class Builder {
        private final int type;
        private final byte[] transactionId;
        private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();

        Builder(final int type, final byte[] transactionId) {
            this.type = type;
            this.transactionId = transactionId;
        }

        static Builder bindingRequest() {
            return new Builder(0x0001, TRANSACTION_ID);
        }

        Builder attribute(final int attributeType, final byte[] value) {
            attributes.writeBytes(new byte[] {
                (byte) (attributeType >>> 8), (byte) attributeType, (byte) (value.length >>> 8), (byte) value.length });
            attributes.writeBytes(value);
            attributes.writeBytes(new byte[((value.length + 3) & ~3) - value.length]);
            return this;
        }

        Builder username(final String username) {
            return attribute(StunAttribute.USERNAME, username.getBytes(StandardCharsets.UTF_8));
        }

        Builder priority(final int priority) {
            return attribute(StunAttribute.PRIORITY, ByteBuffer.allocate(4).putInt(priority).array());
        }

        Builder iceControlling(final long tieBreaker) {
            return attribute(StunAttribute.ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(tieBreaker).array());
        }

        Builder useCandidate() {
            return attribute(StunAttribute.USE_CANDIDATE, new byte[0]);
        }

        /** A request like a browser's: USERNAME, PRIORITY, ICE-CONTROLLING. */
        static Builder browserLike(final String username) {
            return bindingRequest().username(username).priority(0x6E0001FF).iceControlling(0x932FF9B151263B36L);
        }

        byte[] build(final String password, final boolean fingerprint) {
            final byte[] body = attributes.toByteArray();
            final int integrityLength = password == null ? 0 : 24;
            final int total = 20 + body.length + integrityLength + (fingerprint ? 8 : 0);
            final byte[] message = new byte[total];
            putU16(message, 0, type);
            ByteBuffer.wrap(message, 4, 4).putInt(0x2112A442);
            System.arraycopy(transactionId, 0, message, 8, 12);
            System.arraycopy(body, 0, message, 20, body.length);
            int position = 20 + body.length;
            if (password != null) {
                putU16(message, 2, position - 20 + 24);
                final byte[] mac = hmacSha1(password.getBytes(StandardCharsets.UTF_8), message, position);
                putU16(message, position, StunAttribute.MESSAGE_INTEGRITY);
                putU16(message, position + 2, 20);
                System.arraycopy(mac, 0, message, position + 4, 20);
                position += 24;
            }
            if (fingerprint) {
                putU16(message, 2, position - 20 + 8);
                final int crc = crc32Fingerprint(message, position);
                putU16(message, position, StunAttribute.FINGERPRINT);
                putU16(message, position + 2, 4);
                ByteBuffer.wrap(message, position + 4, 4).putInt(crc);
                position += 8;
            }
            putU16(message, 2, position - 20);
            return message;
        }
    }

    /** Lookup over a few sessions, comparing ufrag bytes in place (no allocation). */
    static final class Sessions implements IceCredentialsLookup {
        private final IceCredentials[] sessions;

        Sessions(final IceCredentials... sessions) {
            this.sessions = sessions;
        }

        @Override
        public IceCredentials find(final MemorySegment segment, final long offset, final int lengthBytes) {
            for (final IceCredentials credentials : sessions) {
                final byte[] ufrag = credentials.localUfrag();
                if (ufrag.length != lengthBytes) {
                    continue;
                }
                boolean same = true;
                for (int i = 0; i < lengthBytes && same; i++) {
                    same = segment.get(StunMessage.U8, offset + i) == ufrag[i];
                }
                if (same) {
                    return credentials;
                }
            }
            return null;
        }
    }
}
