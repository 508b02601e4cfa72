package io.deltad.dtls.dcep;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over one DCEP message (RFC 8832 §5), the payload of an SCTP message with PPID 50. All fields big-endian.
 *
 * <pre>
 *  DATA_CHANNEL_OPEN
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Message Type |  Channel Type |            Priority           |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Reliability Parameter                      |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Label Length          |       Protocol Length         |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Label (Label Length bytes, UTF-8)                            | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Protocol (Protocol Length bytes, UTF-8)                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  DATA_CHANNEL_ACK
 *  +-+-+-+-+-+-+-+-+
 *  |  Message Type |  0
 *  +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #parse()} checks the type and, for an OPEN, that the fixed part is there, that label and protocol lie
 * inside the message and that the channel type is one RFC 8832 defines. Nothing outside
 * {@code [offset, offset + length)} is read and nothing is allocated, except by {@link #label()} and
 * {@link #protocol()}, which build strings (channel setup, not the data path). Bytes after the protocol are ignored.
 *
 * <p>Not thread safe: one flyweight per owner. {@code wrap} returns {@code this}.
 */
public final class DcepMessage {
    public static final int DATA_CHANNEL_ACK = 0x02;
    public static final int DATA_CHANNEL_OPEN = 0x03;

    public static final int MESSAGE_TYPE_OFFSET = 0;
    public static final int CHANNEL_TYPE_OFFSET = 1;
    public static final int PRIORITY_OFFSET = 2;
    public static final int RELIABILITY_PARAMETER_OFFSET = 4;
    public static final int LABEL_LENGTH_OFFSET = 8;
    public static final int PROTOCOL_LENGTH_OFFSET = 10;
    public static final int OPEN_HEADER_LENGTH = 12;
    public static final int ACK_LENGTH = 1;

    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment;
    private long offset;
    private int length;

    /**
     * Wraps {@code lengthBytes} at {@code offset}; call {@link #parse()} before any accessor.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the segment (a caller bug, not bad input)
     */
    public DcepMessage wrap(final MemorySegment segment, final long offset, final int lengthBytes) {
        if (offset < 0 || lengthBytes < 0 || offset + lengthBytes > segment.byteSize()) {
            throw new IndexOutOfBoundsException("DCEP message range outside segment");
        }
        this.segment = segment;
        this.offset = offset;
        this.length = lengthBytes;
        return this;
    }

    /** Classifies and validates the wrapped message. */
    public DcepParseResult parse() {
        if (length < 1) {
            return DcepParseResult.EMPTY;
        }
        return switch (messageType()) {
            case DATA_CHANNEL_ACK -> DcepParseResult.ACK;
            case DATA_CHANNEL_OPEN -> parseOpen();
            default -> DcepParseResult.UNKNOWN_MESSAGE_TYPE;
        };
    }

    private DcepParseResult parseOpen() {
        if (length < OPEN_HEADER_LENGTH) {
            return DcepParseResult.OPEN_TOO_SHORT;
        }
        if ((long) OPEN_HEADER_LENGTH + labelLength() + protocolLength() > length) {
            return DcepParseResult.OPEN_LENGTHS_OVERRUN;
        }
        if (!DataChannelType.isValid(channelType())) {
            return DcepParseResult.UNKNOWN_CHANNEL_TYPE;
        }
        return DcepParseResult.OPEN;
    }

    public int messageType() {
        return segment.get(U8, offset + MESSAGE_TYPE_OFFSET) & 0xFF;
    }

    /** A {@link DataChannelType} value. OPEN only. */
    public int channelType() {
        return segment.get(U8, offset + CHANNEL_TYPE_OFFSET) & 0xFF;
    }

    public int priority() {
        return segment.get(U16, offset + PRIORITY_OFFSET) & 0xFFFF;
    }

    /** Retransmissions (REXMIT types) or lifetime in ms (TIMED types); 0 for reliable channels. Unsigned. */
    public long reliabilityParameter() {
        return segment.get(U32, offset + RELIABILITY_PARAMETER_OFFSET) & 0xFFFF_FFFFL;
    }

    public int labelLength() {
        return segment.get(U16, offset + LABEL_LENGTH_OFFSET) & 0xFFFF;
    }

    public int protocolLength() {
        return segment.get(U16, offset + PROTOCOL_LENGTH_OFFSET) & 0xFFFF;
    }

    /** Offset of the label's first byte in the wrapped segment. */
    public long labelOffset() {
        return offset + OPEN_HEADER_LENGTH;
    }

    public long protocolOffset() {
        return labelOffset() + labelLength();
    }

    /** The label; malformed UTF-8 is replaced (U+FFFD), as a browser would show it. Allocates. */
    public String label() {
        return utf8(labelOffset(), labelLength());
    }

    /** The sub-protocol; allocates. */
    public String protocol() {
        return utf8(protocolOffset(), protocolLength());
    }

    private String utf8(final long at, final int lengthBytes) {
        final byte[] bytes = new byte[lengthBytes];
        MemorySegment.copy(segment, U8, at, bytes, 0, lengthBytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Writes a DATA_CHANNEL_OPEN at {@code offset}.
     *
     * @return bytes written
     * @throws IllegalArgumentException if label or protocol is longer than 65535 bytes or the type is unknown
     * @throws IndexOutOfBoundsException if it does not fit
     */
    public static int writeOpen(final MemorySegment out, final long offset, final int channelType, final int priority,
        final long reliabilityParameter, final byte[] label, final byte[] protocol) {
        if (label.length > 0xFFFF || protocol.length > 0xFFFF) {
            throw new IllegalArgumentException("DCEP label and protocol are at most 65535 bytes each");
        }
        if (!DataChannelType.isValid(channelType)) {
            throw new IllegalArgumentException("unknown DataChannel type 0x" + Integer.toHexString(channelType));
        }
        final int total = OPEN_HEADER_LENGTH + label.length + protocol.length;
        java.util.Objects.checkFromIndexSize(offset, total, out.byteSize());
        out.set(U8, offset + MESSAGE_TYPE_OFFSET, (byte) DATA_CHANNEL_OPEN);
        out.set(U8, offset + CHANNEL_TYPE_OFFSET, (byte) channelType);
        out.set(U16, offset + PRIORITY_OFFSET, (short) priority);
        out.set(U32, offset + RELIABILITY_PARAMETER_OFFSET, (int) reliabilityParameter);
        out.set(U16, offset + LABEL_LENGTH_OFFSET, (short) label.length);
        out.set(U16, offset + PROTOCOL_LENGTH_OFFSET, (short) protocol.length);
        MemorySegment.copy(label, 0, out, U8, offset + OPEN_HEADER_LENGTH, label.length);
        MemorySegment.copy(protocol, 0, out, U8, offset + OPEN_HEADER_LENGTH + label.length, protocol.length);
        return total;
    }

    /** Writes a DATA_CHANNEL_ACK; returns 1. */
    public static int writeAck(final MemorySegment out, final long offset) {
        out.set(U8, offset, (byte) DATA_CHANNEL_ACK);
        return ACK_LENGTH;
    }
}
