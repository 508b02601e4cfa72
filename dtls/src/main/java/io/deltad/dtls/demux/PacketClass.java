package io.deltad.dtls.demux;

/**
 * What a datagram arriving on the ICE/DTLS port is, decided by its first byte (RFC 7983 §7):
 *
 * <pre>
 *   first byte    class
 *   ----------    ------------------------------------------
 *     0 ..   3    STUN            (answered by the ICE-lite responder)
 *    16 ..  19    ZRTP            (not spoken here: dropped)
 *    20 ..  63    DTLS            (to the DTLS layer)
 *    64 ..  79    TURN channel    (we are no TURN server: dropped)
 *   128 .. 191    RTP / RTCP      (no media here: dropped)
 *   anything else UNKNOWN         (dropped, counted)
 * </pre>
 */
public enum PacketClass {
    STUN,
    DTLS,
    ZRTP,
    TURN_CHANNEL,
    RTP_RTCP,
    UNKNOWN;

    private static final PacketClass[] BY_FIRST_BYTE = new PacketClass[256];

    static {
        for (int b = 0; b < 256; b++) {
            BY_FIRST_BYTE[b] = rangeOf(b);
        }
    }

    private static PacketClass rangeOf(final int b) {
        if (b <= 3) {
            return STUN;
        }
        if (b >= 16 && b <= 19) {
            return ZRTP;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 64 && b <= 79) {
            return TURN_CHANNEL;
        }
        if (b >= 128 && b <= 191) {
            return RTP_RTCP;
        }
        return UNKNOWN;
    }

    /** Classifies a datagram by its first byte; a table lookup, no branches on the hot path. */
    public static PacketClass classify(final byte first) {
        return BY_FIRST_BYTE[first & 0xFF];
    }

    /** True for the classes this appliance processes; the rest are dropped and counted. */
    public boolean isProcessed() {
        return this == STUN || this == DTLS;
    }
}
