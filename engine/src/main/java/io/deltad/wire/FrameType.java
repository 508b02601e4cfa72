package io.deltad.wire;

/**
 * Frame types. Direction: C = client, S = server. The meaning of the header's {@code seq} field per type is in
 * {@code docs/PROTOCOL.md}.
 */
public final class FrameType {
    /** C->S: a delta (seq = clientSeq, payload = ops). S->C: an accepted delta (seq = document seq). */
    public static final int DELTA = 1;
    /** C->S: subscribe (seq = fromSeq, or flag {@link #FLAG_SNAPSHOT}). */
    public static final int SUBSCRIBE = 2;
    /** C->S: stop receiving a document. */
    public static final int UNSUBSCRIBE = 3;
    /** S->C: materialised state at seq (payload = SET ops). */
    public static final int SNAPSHOT = 4;
    /** S->C: delta accepted: seq = document seq, payload = clientSeq (u64). */
    public static final int ACK = 5;
    /** S->C: frame refused: seq = clientSeq, payload = code (u16), field (u16), reserved (u32). */
    public static final int NACK = 6;
    /** S->C: the subscriber missed deltas that are no longer retained; seq = the next seq it will get. */
    public static final int RESYNC = 7;
    /** S->C: session-level error: payload = code (u16) + UTF-8 text. */
    public static final int ERROR = 8;
    /** S->C: subscription live; seq = first document seq that will follow. */
    public static final int SUBSCRIBED = 9;

    /** SUBSCRIBE flag: start from a snapshot of the current state instead of {@code fromSeq}. */
    public static final int FLAG_SNAPSHOT = 0x01;
    /** RESYNC / SUBSCRIBED flag: a SNAPSHOT frame precedes the deltas. */
    public static final int FLAG_WITH_SNAPSHOT = 0x02;
    /** SUBSCRIBED / RESYNC flag: deltas before seq were not retained any more; the subscriber skipped them. */
    public static final int FLAG_GAP = 0x04;

    private FrameType() {
    }

    public static boolean isKnown(final int type) {
        return type >= DELTA && type <= SUBSCRIBED;
    }

    public static String name(final int type) {
        return switch (type) {
            case DELTA -> "DELTA";
            case SUBSCRIBE -> "SUBSCRIBE";
            case UNSUBSCRIBE -> "UNSUBSCRIBE";
            case SNAPSHOT -> "SNAPSHOT";
            case ACK -> "ACK";
            case NACK -> "NACK";
            case RESYNC -> "RESYNC";
            case ERROR -> "ERROR";
            case SUBSCRIBED -> "SUBSCRIBED";
            default -> "UNKNOWN(" + type + ")";
        };
    }
}
