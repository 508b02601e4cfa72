package io.deltad.dtls.dcep;

/**
 * The channel types of DATA_CHANNEL_OPEN (RFC 8832 §5.1): bit 0x80 means unordered, the low bits the reliability.
 */
public final class DataChannelType {
    public static final int RELIABLE = 0x00;
    public static final int PARTIAL_RELIABLE_REXMIT = 0x01;
    public static final int PARTIAL_RELIABLE_TIMED = 0x02;
    public static final int RELIABLE_UNORDERED = 0x80;
    public static final int PARTIAL_RELIABLE_REXMIT_UNORDERED = 0x81;
    public static final int PARTIAL_RELIABLE_TIMED_UNORDERED = 0x82;

    private static final int UNORDERED_BIT = 0x80;
    private static final int RELIABILITY_MASK = 0x7F;

    private DataChannelType() {
    }

    public static boolean isValid(final int type) {
        return (type & ~UNORDERED_BIT) <= PARTIAL_RELIABLE_TIMED && type >= 0 && type <= 0xFF;
    }

    public static boolean isOrdered(final int type) {
        return (type & UNORDERED_BIT) == 0;
    }

    /** {@link #RELIABLE}, {@link #PARTIAL_RELIABLE_REXMIT} or {@link #PARTIAL_RELIABLE_TIMED}. */
    public static int reliability(final int type) {
        return type & RELIABILITY_MASK;
    }

    /** The type for a channel opened with the WebRTC API's {@code ordered} and {@code maxRetransmits} (-1: unset). */
    public static int of(final boolean ordered, final int maxRetransmits) {
        final int reliability = maxRetransmits < 0 ? RELIABLE : PARTIAL_RELIABLE_REXMIT;
        return ordered ? reliability : reliability | UNORDERED_BIT;
    }
}
