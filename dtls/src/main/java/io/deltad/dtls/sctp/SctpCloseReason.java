package io.deltad.dtls.sctp;

/** Why an association ended ({@link SctpListener#onClosed}). */
public enum SctpCloseReason {
    /** {@link SctpAssociation#close()} was called here. */
    LOCAL,
    /** The peer aborted, or retransmissions ran out (usrsctp's SCTP_COMM_LOST; the cause is in {@link SctpAssociation#closeErrorCause()}). */
    COMM_LOST,
    /** A graceful SHUTDOWN completed, started by either side. */
    SHUTDOWN,
    /** The association never came up: INIT or COOKIE-ECHO retransmissions ran out (SCTP_CANT_STR_ASSOC). */
    CANT_START,
    /** The socket reported an error (on a send) that no notification explained. */
    SOCKET_ERROR
}
