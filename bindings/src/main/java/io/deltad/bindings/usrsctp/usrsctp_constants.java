package io.deltad.bindings.usrsctp;

/**
 * The macros of {@code usrsctp.h} (0.9.5.0) and of the Linux socket headers that usrsctp's socket calls take, with
 * their C names. Only what deltad uses. Values from Linux x86-64/AArch64 where the header defers to the host
 * ({@code SOL_SOCKET}, {@code SO_*}, {@code MSG_EOR}, errno values); checked by {@code UsrsctpLayoutTest}.
 */
public final class usrsctp_constants {
    private usrsctp_constants() {
    }

    // Address family, socket type, protocol (usrsctp.h, sys/socket.h)
    public static final int AF_CONN = 123;
    public static final int SOCK_STREAM = 1;
    public static final int IPPROTO_SCTP = 132;

    // Socket-level options (asm-generic/socket.h)
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_LINGER = 13;

    // recvv flags (bits/socket.h; MSG_NOTIFICATION from usrsctp.h)
    public static final int MSG_EOR = 0x80;
    public static final int MSG_NOTIFICATION = 0x2000;

    // shutdown(2) how
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    // errno values usrsctp sets (asm-generic/errno*.h)
    public static final int EPIPE = 32;
    public static final int EINVAL = 22;
    public static final int EAGAIN = 11;
    public static final int EWOULDBLOCK = EAGAIN;
    public static final int ENOMEM = 12;
    public static final int EMSGSIZE = 90;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int ESHUTDOWN = 108;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;

    // Association ids for socket options
    public static final int SCTP_FUTURE_ASSOC = 0;
    public static final int SCTP_CURRENT_ASSOC = 1;
    public static final int SCTP_ALL_ASSOC = 2;

    // usrsctp_get_events bits
    public static final int SCTP_EVENT_READ = 0x0001;
    public static final int SCTP_EVENT_WRITE = 0x0002;
    public static final int SCTP_EVENT_ERROR = 0x0004;

    // usrsctp_recvv info types
    public static final int SCTP_RECVV_NOINFO = 0;
    public static final int SCTP_RECVV_RCVINFO = 1;

    // usrsctp_sendv info types and sendv_flags
    public static final int SCTP_SENDV_SPA = 4;
    public static final int SCTP_SEND_SNDINFO_VALID = 0x00000001;
    public static final int SCTP_SEND_PRINFO_VALID = 0x00000002;

    // snd_flags / rcv_flags
    public static final int SCTP_UNORDERED = 0x0400;
    public static final int SCTP_EOR = 0x2000;

    // PR-SCTP policies (pr_policy)
    public static final int SCTP_PR_SCTP_NONE = 0x0000;
    public static final int SCTP_PR_SCTP_TTL = 0x0001;
    public static final int SCTP_PR_SCTP_RTX = 0x0003;

    // Notification types (sn_type)
    public static final int SCTP_ASSOC_CHANGE = 0x0001;
    public static final int SCTP_PARTIAL_DELIVERY_EVENT = 0x0007;
    public static final int SCTP_STREAM_RESET_EVENT = 0x0009;

    // sac_state
    public static final int SCTP_COMM_UP = 0x0001;
    public static final int SCTP_COMM_LOST = 0x0002;
    public static final int SCTP_RESTART = 0x0003;
    public static final int SCTP_SHUTDOWN_COMP = 0x0004;
    public static final int SCTP_CANT_STR_ASSOC = 0x0005;

    // pdapi_indication
    public static final int SCTP_PARTIAL_DELIVERY_ABORTED = 0x0001;

    // strreset_flags
    public static final int SCTP_STREAM_RESET_INCOMING_SSN = 0x0001;
    public static final int SCTP_STREAM_RESET_OUTGOING_SSN = 0x0002;
    public static final int SCTP_STREAM_RESET_DENIED = 0x0004;
    public static final int SCTP_STREAM_RESET_FAILED = 0x0008;

    // srs_flags
    public static final int SCTP_STREAM_RESET_INCOMING = 0x00000001;
    public static final int SCTP_STREAM_RESET_OUTGOING = 0x00000002;

    // IPPROTO_SCTP socket options
    public static final int SCTP_INITMSG = 0x00000003;
    public static final int SCTP_NODELAY = 0x00000004;
    public static final int SCTP_PEER_ADDR_PARAMS = 0x0000000a;
    public static final int SCTP_FRAGMENT_INTERLEAVE = 0x00000010;
    public static final int SCTP_PARTIAL_DELIVERY_POINT = 0x00000011;
    public static final int SCTP_EVENT = 0x0000001e;
    public static final int SCTP_RECVRCVINFO = 0x0000001f;
    public static final int SCTP_ENABLE_STREAM_RESET = 0x00000900;
    public static final int SCTP_RESET_STREAMS = 0x00000901;

    // SCTP_ENABLE_STREAM_RESET values
    public static final int SCTP_ENABLE_RESET_STREAM_REQ = 0x00000001;

    // spp_flags
    public static final int SPP_HB_ENABLE = 0x00000001;
    public static final int SPP_PMTUD_DISABLE = 0x00000010;

    // sctp_debug_on
    public static final int SCTP_DEBUG_NONE = 0x00000000;
}
