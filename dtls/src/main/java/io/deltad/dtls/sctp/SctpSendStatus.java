package io.deltad.dtls.sctp;

/**
 * What {@link SctpAssociation#send} and friends return: {@link #SENT} or a negative reason. Expected conditions are
 * results, not exceptions (STYLE: hot path).
 */
public final class SctpSendStatus {
    /** Queued in usrsctp; it will reach the peer (or be abandoned under its PR-SCTP policy). */
    public static final int SENT = 0;
    /** The send buffer is full (peer slow or not reading): retry after input or timers have run. */
    public static final int WOULD_BLOCK = -1;
    /** Larger than the peer's max-message-size (or than usrsctp's send buffer). */
    public static final int TOO_BIG = -2;
    /** The association is closed or closing. */
    public static final int CLOSED = -3;
    /** The association is not up yet. */
    public static final int NOT_CONNECTED = -4;
    /** Stream id outside the negotiated outbound streams. */
    public static final int INVALID_STREAM = -5;
    /** A zero-length message: SCTP cannot carry one (DataChannels sends one byte with PPID 56/57 instead). */
    public static final int EMPTY = -6;
    /** usrsctp refused for another reason; the errno is in {@link SctpAssociation#lastErrno()}. */
    public static final int ERROR = -7;

    private SctpSendStatus() {
    }

    /** A name for logs and test messages. */
    public static String describe(final int status) {
        return switch (status) {
            case SENT -> "SENT";
            case WOULD_BLOCK -> "WOULD_BLOCK";
            case TOO_BIG -> "TOO_BIG";
            case CLOSED -> "CLOSED";
            case NOT_CONNECTED -> "NOT_CONNECTED";
            case INVALID_STREAM -> "INVALID_STREAM";
            case EMPTY -> "EMPTY";
            case ERROR -> "ERROR";
            default -> "UNKNOWN(" + status + ")";
        };
    }
}
