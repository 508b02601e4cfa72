package io.deltad.dtls.sctp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Crafts and reads raw SCTP packets (RFC 9260 §3) for the bad-input tests. The checksum is CRC32c over the whole
 * packet with the checksum field zero, stored least significant byte first (RFC 9260 Appendix A; what usrsctp emits,
 * checked by a test).
 */
final class SctpPackets {
    static final int DATA = 0x00;
    static final int INIT = 0x01;
    static final int INIT_ACK = 0x02;
    static final int SACK = 0x03;
    static final int HEARTBEAT = 0x04;
    static final int ABORT = 0x06;
    static final int ERROR = 0x09;
    static final int COOKIE_ECHO = 0x0a;
    static final int AUTH = 0x0f;
    static final int ASCONF_ACK = 0x80;
    static final int PKTDROP = 0x81;
    static final int RECONFIG = 0x82;
    static final int FORWARD_TSN = 0xc0;
    static final int ASCONF = 0xc1;

    static final int CAUSE_INVALID_STREAM = 1;
    static final int CAUSE_UNRECOGNIZED_CHUNK = 6;
    static final int CAUSE_NO_USER_DATA = 9;
    static final int CAUSE_PROTOCOL_VIOLATION = 13;

    private SctpPackets() {
    }

    static int verificationTag(final byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(4);
    }

    static boolean hasChunk(final byte[] packet, final int type) {
        for (int at = 12; at + 4 <= packet.length; ) {
            if ((packet[at] & 0xFF) == type) {
                return true;
            }
            final int length = u16(packet, at + 2);
            if (length < 4) {
                return false;
            }
            at += (length + 3) & ~3;
        }
        return false;
    }

    /** The first cause code inside an ABORT or ERROR chunk of {@code packet}, or -1. */
    static int firstCause(final byte[] packet, final int chunkType) {
        for (int at = 12; at + 4 <= packet.length; ) {
            final int length = u16(packet, at + 2);
            if ((packet[at] & 0xFF) == chunkType) {
                return length >= 8 ? u16(packet, at + 4) : -1;
            }
            if (length < 4) {
                return -1;
            }
            at += (length + 3) & ~3;
        }
        return -1;
    }

    /** The highest TSN of the DATA chunks in {@code packet}, or -1 (as long) if none. */
    static long lastDataTsn(final byte[] packet) {
        long tsn = -1;
        for (int at = 12; at + 4 <= packet.length; ) {
            final int length = u16(packet, at + 2);
            if ((packet[at] & 0xFF) == DATA && length >= 16) {
                tsn = ByteBuffer.wrap(packet).getInt(at + 4) & 0xFFFFFFFFL;
            }
            if (length < 4) {
                break;
            }
            at += (length + 3) & ~3;
        }
        return tsn;
    }

    static int u16(final byte[] b, final int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    /** True if {@code packet}'s checksum is the CRC32c we compute. */
    static boolean checksumMatches(final byte[] packet) {
        final byte[] copy = packet.clone();
        seal(copy);
        return java.util.Arrays.equals(copy, packet);
    }

    /** Writes the CRC32c of {@code packet} into its checksum field. */
    static byte[] seal(final byte[] packet) {
        packet[8] = 0;
        packet[9] = 0;
        packet[10] = 0;
        packet[11] = 0;
        final CRC32C crc = new CRC32C();
        crc.update(packet, 0, packet.length);
        ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
        return packet;
    }

    /** A packet under construction: common header, then chunks appended with their padding. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Builder(final int sourcePort, final int destinationPort, final int verificationTag) {
            final ByteBuffer header = ByteBuffer.allocate(12);
            header.putShort((short) sourcePort).putShort((short) destinationPort).putInt(verificationTag).putInt(0);
            out.writeBytes(header.array());
        }

        static Builder toPeerOf(final SctpPair.Endpoint sender) {
            return new Builder(5000, 5000, sender.peerVerificationTag());
        }

        /** A chunk whose length field says {@code value.length + 4}. */
        Builder chunk(final int type, final int flags, final byte[] value) {
            return chunkWithLength(type, flags, value.length + 4, value);
        }

        /** A chunk with an arbitrary length field (lies allowed), the value bytes as given, padded to 4. */
        Builder chunkWithLength(final int type, final int flags, final int lengthField, final byte[] value) {
            out.write(type);
            out.write(flags);
            out.write(lengthField >>> 8);
            out.write(lengthField);
            out.writeBytes(value);
            for (int pad = (4 - (value.length & 3)) & 3; pad > 0; pad--) {
                out.write(0);
            }
            return this;
        }

        /** Raw bytes after what is there (for truncated chunks). */
        Builder raw(final byte... bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] build() {
            return seal(out.toByteArray());
        }

        byte[] buildWithoutChecksum() {
            return out.toByteArray();
        }
    }

    static byte[] dataChunkValue(final long tsn, final int streamId, final int ssn, final int ppid, final byte[] payload) {
        final ByteBuffer value = ByteBuffer.allocate(12 + payload.length);
        value.putInt((int) tsn).putShort((short) streamId).putShort((short) ssn).putInt(ppid).put(payload);
        return value.array();
    }

    static byte[] initValue(final int initiateTag, final byte[] parameters) {
        final ByteBuffer value = ByteBuffer.allocate(16 + parameters.length);
        value.putInt(initiateTag).putInt(1 << 20).putShort((short) 1024).putShort((short) 1024).putInt(12345);
        value.put(parameters);
        return value.array();
    }

    static byte[] sackValue(final long cumulativeTsn, final int gapBlocks, final int duplicates, final int presentBlocks) {
        final ByteBuffer value = ByteBuffer.allocate(12 + 4 * presentBlocks);
        value.putInt((int) cumulativeTsn).putInt(1 << 20).putShort((short) gapBlocks).putShort((short) duplicates);
        for (int i = 0; i < presentBlocks; i++) {
            value.putShort((short) (2 + i * 2)).putShort((short) (2 + i * 2));
        }
        return value.array();
    }

    static byte[] u32(final long value) {
        return ByteBuffer.allocate(4).putInt((int) value).array();
    }
}
