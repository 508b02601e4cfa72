package io.deltad.dtls.dcep;

/**
 * Why {@link DataChannels} refused an OPEN or dropped a message (counted, {@link DataChannels#drops}). Refusing an
 * OPEN resets the stream (RFC 8832 has no refusal message; the peer sees its channel close) unless that would hit a
 * channel that is open, in which case the OPEN is ignored. Other channels are never affected.
 */
public enum DataChannelDrop {
    /** OPEN shorter than 12 bytes, or label/protocol lengths past its end → stream reset (BAD_INPUTS 20). */
    OPEN_MALFORMED,
    /** OPEN on a stream id of our parity (ours to open) → stream reset if unused, else ignored (BAD_INPUTS 21). */
    OPEN_WRONG_PARITY,
    /** OPEN on a stream that already carries a channel → ignored, the channel kept (BAD_INPUTS 21). */
    OPEN_ON_OPEN_STREAM,
    /** OPEN with a channel type RFC 8832 does not define → stream reset (BAD_INPUTS 21). */
    OPEN_UNKNOWN_CHANNEL_TYPE,
    /** OPEN over the per-session channel cap → stream reset (BAD_INPUTS 21). */
    OPEN_OVER_CHANNEL_CAP,
    /** OPEN on a stream beyond the table ({@link DataChannelsConfig#streams()}) → stream reset. */
    OPEN_STREAM_OUT_OF_RANGE,
    /** The ACK for an accepted OPEN could not be queued (send buffer full); the channel is open regardless. */
    ACK_NOT_SENT,
    /** ACK for a stream we did not open or that is already open → ignored. */
    ACK_UNEXPECTED,
    /** Empty DCEP message or an unknown DCEP message type → ignored. */
    DCEP_UNKNOWN_MESSAGE,
    /** PPID 52 or 54 (deprecated partial messages) → dropped (BAD_INPUTS 22). */
    DEPRECATED_PPID,
    /** Any PPID other than 50, 51, 53, 56, 57 → dropped (BAD_INPUTS 22). */
    UNKNOWN_PPID,
    /** A message larger than max-message-size → dropped (BAD_INPUTS 22); includes the association's own count. */
    MESSAGE_TOO_BIG,
    /** User data on a stream without an open channel → dropped. */
    NO_CHANNEL
}
