package io.deltad.dtls.dcep;

/** What {@link DcepMessage#parse()} found. */
public enum DcepParseResult {
    /** A well-formed DATA_CHANNEL_OPEN. */
    OPEN,
    /** A DATA_CHANNEL_ACK. */
    ACK,
    /** A zero-length message with PPID 50. */
    EMPTY,
    /** A message type other than OPEN (0x03) and ACK (0x02). */
    UNKNOWN_MESSAGE_TYPE,
    /** An OPEN shorter than its 12-byte fixed part (BAD_INPUTS 20). */
    OPEN_TOO_SHORT,
    /** An OPEN whose label and protocol lengths run past the message (BAD_INPUTS 20). */
    OPEN_LENGTHS_OVERRUN,
    /** An OPEN with a channel type RFC 8832 does not define (BAD_INPUTS 21). */
    UNKNOWN_CHANNEL_TYPE
}
