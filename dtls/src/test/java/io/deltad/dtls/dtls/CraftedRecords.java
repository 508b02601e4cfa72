package io.deltad.dtls.dtls;

import java.io.ByteArrayOutputStream;

/** Hand-made DTLS records for the bad-input tests: headers written field by field, as RFC 6347 §4.1 and §4.2.2 lay them out. */
final class CraftedRecords {
    static final int DTLS_1_2 = 0xFEFD;
    static final int DTLS_1_0 = 0xFEFF;

    private CraftedRecords() {
    }

    /** type(1) version(2) epoch(2) sequence_number(6) length(2) fragment. */
    static byte[] record(final int type, final int version, final int epoch, final long sequence, final byte[] fragment) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        u16(out, version);
        u16(out, epoch);
        for (int shift = 40; shift >= 0; shift -= 8) {
            out.write((int) (sequence >>> shift) & 0xFF);
        }
        u16(out, fragment.length);
        out.writeBytes(fragment);
        return out.toByteArray();
    }

    /** msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) fragment. */
    static byte[] handshake(final int msgType, final int messageLength, final int messageSeq, final int fragmentOffset,
        final int fragmentLength, final byte[] fragment) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(msgType);
        u24(out, messageLength);
        u16(out, messageSeq);
        u24(out, fragmentOffset);
        u24(out, fragmentLength);
        out.writeBytes(fragment);
        return out.toByteArray();
    }

    /** A whole, unfragmented handshake message. */
    static byte[] handshake(final int msgType, final int messageSeq, final byte[] body) {
        return handshake(msgType, body.length, messageSeq, 0, body.length, body);
    }

    /**
     * A syntactically valid DTLS 1.2 ClientHello body: version, random, empty session id, the cookie, the suites, null
     * compression, and the extensions an ECDHE client needs (groups, point formats, signature algorithms).
     */
    static byte[] clientHelloBody(final byte[] cookie, final int... suites) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, DTLS_1_2);
        for (int i = 0; i < 32; i++) {
            out.write(i);
        }
        out.write(0);
        out.write(cookie.length);
        out.writeBytes(cookie);
        u16(out, suites.length * 2);
        for (final int suite : suites) {
            u16(out, suite);
        }
        out.write(1);
        out.write(0);
        final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        u16(extensions, 10);
        u16(extensions, 4);
        u16(extensions, 2);
        u16(extensions, 0x0017);
        u16(extensions, 11);
        u16(extensions, 2);
        extensions.write(1);
        extensions.write(0);
        u16(extensions, 13);
        u16(extensions, 4);
        u16(extensions, 2);
        u16(extensions, 0x0403);
        u16(out, extensions.size());
        out.writeBytes(extensions.toByteArray());
        return out.toByteArray();
    }

    static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static int type(final byte[] datagram) {
        return datagram[0] & 0xFF;
    }

    /** True if any record of the datagram has this content type. */
    static boolean containsType(final byte[] datagram, final int type) {
        for (int at = 0; datagram.length - at >= 13; at += 13 + (((datagram[at + 11] & 0xFF) << 8) | (datagram[at + 12] & 0xFF))) {
            if ((datagram[at] & 0xFF) == type) {
                return true;
            }
        }
        return false;
    }

    static int epoch(final byte[] datagram) {
        return ((datagram[3] & 0xFF) << 8) | (datagram[4] & 0xFF);
    }

    private static void u16(final ByteArrayOutputStream out, final int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void u24(final ByteArrayOutputStream out, final int value) {
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
