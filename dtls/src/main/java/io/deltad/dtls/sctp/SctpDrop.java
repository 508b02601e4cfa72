package io.deltad.dtls.sctp;

/**
 * What an association counted and dropped rather than delivered or sent ({@link SctpAssociation#drops(SctpDrop)}).
 * usrsctp counts its own protocol-level drops (bad checksum, bad verification tag, ...) process-wide; see
 * {@link SctpStack#readStatistics}.
 */
public enum SctpDrop {
    /** An incoming message longer than max-message-size: read and discarded (BAD_INPUTS 22). */
    MESSAGE_TOO_BIG,
    /** A packet passed to {@code input} from a heap segment larger than 64 KiB (cannot be an SCTP packet from DTLS). */
    INPUT_TOO_BIG,
    /** A packet passed to {@code input} whose CRC32c does not match (corrupt), or shorter than the common header. */
    BAD_CHECKSUM,
    /** A packet passed to {@code input} after the association was closed. */
    INPUT_AFTER_CLOSE,
    /** A packet emitted on another thread (timers) while the deferred queue was full; SCTP retransmits. */
    DEFERRED_QUEUE_FULL,
    /** A packet emitted on another thread larger than a deferred-queue slot. */
    DEFERRED_PACKET_TOO_BIG,
    /** A notification longer than the notification buffer (4 KiB): skipped. */
    NOTIFICATION_TOO_BIG,
    /** usrsctp abandoned a partially delivered message (SCTP_PARTIAL_DELIVERY_ABORTED); the part read was discarded. */
    PARTIAL_DELIVERY_ABORTED,
    /** The peer denied or failed one of our stream resets. */
    STREAM_RESET_FAILED,
    /** The packet sink threw; the packet is lost (SCTP retransmits). */
    SINK_FAILED
}
