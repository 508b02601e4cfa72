package io.deltad.dtls.dcep;

/** SCTP payload protocol identifiers of WebRTC (RFC 8831 §8, IANA). */
public final class Ppid {
    /** DCEP messages (RFC 8832). */
    public static final int DCEP = 50;
    /** A UTF-8 message. */
    public static final int STRING = 51;
    /** Deprecated: part of a binary message (RFC 8831 §6.6 forbids sending it); refused. */
    public static final int BINARY_PARTIAL = 52;
    /** A binary message. */
    public static final int BINARY = 53;
    /** Deprecated: part of a string message; refused. */
    public static final int STRING_PARTIAL = 54;
    /** An empty string: SCTP cannot carry zero bytes, so one byte (0x00) is sent and ignored. */
    public static final int STRING_EMPTY = 56;
    /** An empty binary message, as {@link #STRING_EMPTY}. */
    public static final int BINARY_EMPTY = 57;

    private Ppid() {
    }
}
