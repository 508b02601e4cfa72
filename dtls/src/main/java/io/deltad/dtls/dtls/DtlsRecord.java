package io.deltad.dtls.dtls;

import java.nio.ByteBuffer;

/**
 * Layout of the DTLS 1.2 record and handshake headers (RFC 6347 §4.1, §4.2.2), read in place with absolute gets: the
 * endpoint inspects every inbound record before the engine sees it, and its own outbound records to follow the
 * handshake.
 *
 * <pre>
 * Record header, 13 bytes, then {@code length} bytes of fragment:
 *  0        1        2        3        4        5                          10       11       12
 * +--------+--------+--------+--------+--------+--------+- ... -+--------+--------+--------+
 * |  type  | major  | minor  |      epoch      |       sequence_number (u48)      |  length (u16)   |
 * +--------+--------+--------+--------+--------+--------+- ... -+--------+--------+--------+
 *   type: 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
 *   version: 0xFEFD DTLS 1.2 (0xFEFF DTLS 1.0 is allowed in epoch 0: browsers send their ClientHello with it)
 *
 * Handshake fragment header, 12 bytes, then {@code fragment_length} bytes (plaintext, epoch 0 only):
 *  0        1                 3        4        5        6                 8        9                 11
 * +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
 * |msg_type|    length (u24)          | message_seq     | fragment_offset (u24)    | fragment_length (u24)    |
 * +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
 * </pre>
 */
final class DtlsRecord {
    static final int HEADER_LENGTH = 13;
    static final int TYPE_OFFSET = 0;
    static final int VERSION_OFFSET = 1;
    static final int EPOCH_OFFSET = 3;
    static final int SEQUENCE_OFFSET = 5;
    static final int LENGTH_OFFSET = 11;

    static final int HANDSHAKE_HEADER_LENGTH = 12;
    static final int MSG_TYPE_OFFSET = 0;
    static final int MSG_LENGTH_OFFSET = 1;
    static final int MSG_SEQ_OFFSET = 4;
    static final int FRAGMENT_OFFSET_OFFSET = 6;
    static final int FRAGMENT_LENGTH_OFFSET = 9;

    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    static final int DTLS_1_2 = 0xFEFD;
    static final int DTLS_1_0 = 0xFEFF;

    static final int HELLO_REQUEST = 0;
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int HELLO_VERIFY_REQUEST = 3;
    static final int NEW_SESSION_TICKET = 4;
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CERTIFICATE_REQUEST = 13;
    static final int SERVER_HELLO_DONE = 14;
    static final int CERTIFICATE_VERIFY = 15;
    static final int CLIENT_KEY_EXCHANGE = 16;
    static final int FINISHED = 20;

    private DtlsRecord() {
    }

    static int type(final ByteBuffer buffer, final int record) {
        return buffer.get(record + TYPE_OFFSET) & 0xFF;
    }

    static int version(final ByteBuffer buffer, final int record) {
        return u16(buffer, record + VERSION_OFFSET);
    }

    static int epoch(final ByteBuffer buffer, final int record) {
        return u16(buffer, record + EPOCH_OFFSET);
    }

    static long sequence(final ByteBuffer buffer, final int record) {
        // Byte by byte: the caller's buffer may have either byte order.
        long sequence = 0;
        for (int i = 0; i < 6; i++) {
            sequence = (sequence << 8) | (buffer.get(record + SEQUENCE_OFFSET + i) & 0xFF);
        }
        return sequence;
    }

    /** Length of the fragment after the 13-byte header. */
    static int length(final ByteBuffer buffer, final int record) {
        return u16(buffer, record + LENGTH_OFFSET);
    }

    static int u16(final ByteBuffer buffer, final int index) {
        return ((buffer.get(index) & 0xFF) << 8) | (buffer.get(index + 1) & 0xFF);
    }

    static int u24(final ByteBuffer buffer, final int index) {
        return ((buffer.get(index) & 0xFF) << 16) | ((buffer.get(index + 1) & 0xFF) << 8) | (buffer.get(index + 2) & 0xFF);
    }

    static int u8(final ByteBuffer buffer, final int index) {
        return buffer.get(index) & 0xFF;
    }
}
