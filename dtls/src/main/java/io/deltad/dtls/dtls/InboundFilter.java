package io.deltad.dtls.dtls;

import static io.deltad.dtls.dtls.DtlsRecord.ALERT;
import static io.deltad.dtls.dtls.DtlsRecord.APPLICATION_DATA;
import static io.deltad.dtls.dtls.DtlsRecord.CHANGE_CIPHER_SPEC;
import static io.deltad.dtls.dtls.DtlsRecord.HANDSHAKE;
import static io.deltad.dtls.dtls.DtlsRecord.HANDSHAKE_HEADER_LENGTH;
import static io.deltad.dtls.dtls.DtlsRecord.HEADER_LENGTH;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decides, from the headers alone, whether an inbound record may reach the JDK engine. The engine is correct for
 * well-behaved peers but trusts plaintext epoch-0 input more than a network allows: an empty or inconsistent
 * handshake fragment, a fragment whose type reappears with another message_seq, a record longer than its session takes, or an
 * early ChangeCipherSpec make it abort the handshake (one forged datagram would end a session), and it buffers
 * fragments and next-epoch records without bound. RFC 6347 §4.1.2.7 says invalid records are discarded silently;
 * this class is where that happens (BAD_INPUTS 8-11).
 *
 * <p>Rules, cheapest first; a record failing any is dropped with the {@link DtlsDrop} named:
 * <ol>
 *   <li>content type 20-23 and version DTLS 1.2 (DTLS 1.0 accepted in epoch 0) — {@link DtlsDrop#MALFORMED_RECORD};</li>
 *   <li>no longer than the engine accepts: once connected, the session's packet size (the longest record we take
 *       from a peer, {@link DtlsEndpoint#MIN_PEER_RECORD_BYTES}, not our MTU) — {@link DtlsDrop#OVERSIZE_RECORD};</li>
 *   <li>epoch 0 or 1 only, 1 only once the peer may have changed cipher spec — {@link DtlsDrop#FUTURE_EPOCH};</li>
 *   <li>once connected: handshake or ChangeCipherSpec records are the peer retransmitting its last flight
 *       ({@link DtlsDrop#PEER_RETRANSMISSION}), epoch 0 anything else is stale, epoch 1 data passes the
 *       {@link ReplayWindow};</li>
 *   <li>during the handshake, fragments of a peer flight we already answered are retransmissions too, kept from the
 *       engine ({@link DtlsDrop#PEER_RETRANSMISSION});</li>
 *   <li>during the handshake: no application data, ChangeCipherSpec only when expected and exactly {@code 01},
 *       epoch-0 sequence numbers below 2<sup>16</sup>, every handshake fragment consistent in itself, of a type the
 *       peer sends to our role, with the message_seq that type must have and the length its earlier fragments had,
 *       a ClientHello with a DTLS client_version offering at least one of our suites, all within the input budget.</li>
 * </ol>
 *
 * <p>"The peer may have changed cipher spec" is learnt from our own output ({@link #onOutbound}): a server once it
 * has sent its ServerHello, a client once it has sent its own ChangeCipherSpec. Owner thread only.
 */
final class InboundFilter {
    /** Epoch-0 sequence numbers a real handshake stays far below; anything above is forged or broken. */
    static final long MAX_PLAINTEXT_SEQUENCE = 0xFFFF;
    /** Largest handshake message accepted; a WebRTC certificate is ~500 bytes, a post-quantum ClientHello ~1.8 KB. */
    static final int MAX_HANDSHAKE_MESSAGE_BYTES = 16 * 1024;
    /** Handshake bytes the engine may be given per handshake: a lossy real handshake uses a few KB. */
    static final int HANDSHAKE_BUDGET_BYTES = 64 * 1024;
    /** Handshake fragments the engine may be given per handshake (it keeps each one as an object until complete). */
    static final int HANDSHAKE_BUDGET_FRAGMENTS = 512;

    private static final int CLIENT_HELLO_RANDOM_LENGTH = 32;
    private static final int ALERT_LENGTH = 2;
    private static final int ALERT_WARNING = 1;
    private static final int ALERT_FATAL = 2;
    private static final int ALERT_CLOSE_NOTIFY = 0;
    private static final int ALERT_USER_CANCELED = 90;
    private static final boolean[] KNOWN_ALERTS = new boolean[256];

    static {
        final int[] known = {0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 60, 70, 71, 80,
            86, 90, 100, 109, 110, 111, 112, 113, 114, 115, 116, 120};
        for (final int description : known) {
            KNOWN_ALERTS[description] = true;
        }
    }
    /** Handshake types tracked for consistency: every type a peer sends in DTLS 1.2 is below this. */
    private static final int TRACKED_TYPES = 17;
    private static final int UNSEEN = -1;

    private final DtlsRole role;
    private final int[] enabledSuites;
    private final int handshakeMaxRecordBytes;
    private final int connectedMaxRecordBytes;
    private final ReplayWindow replayWindow = new ReplayWindow();

    private boolean peerMayChangeCipherSpec;
    private int budgetBytes = HANDSHAKE_BUDGET_BYTES;
    private int budgetFragments = HANDSHAKE_BUDGET_FRAGMENTS;
    private final int[] messageSeqOfType = new int[TRACKED_TYPES];
    private final int[] messageLengthOfType = new int[TRACKED_TYPES];
    /** message_seq of the peer's ClientHello (server role) or ServerHello (client role) accepted last. */
    private int peerHelloSeq = UNSEEN;
    /** Highest message_seq of the peer's accepted so far. */
    private int maxPeerMessageSeq = UNSEEN;
    /** Lowest message_seq the peer's current flight can have: below it, a flight we already answered. */
    private int peerFlightStartSeq;

    /**
     * @param enabledSuites           IANA codes of the cipher suites the engine may choose
     * @param handshakeMaxRecordBytes the longest record the engine accepts before it has a session (its default)
     * @param connectedMaxRecordBytes the longest afterwards: the session's packet size (the engine treats longer ones
     *                                as fatal)
     */
    InboundFilter(final DtlsRole role, final int[] enabledSuites, final int handshakeMaxRecordBytes,
        final int connectedMaxRecordBytes) {
        this.role = role;
        this.enabledSuites = enabledSuites.clone();
        this.handshakeMaxRecordBytes = handshakeMaxRecordBytes;
        this.connectedMaxRecordBytes = connectedMaxRecordBytes;
        Arrays.fill(messageSeqOfType, UNSEEN);
    }

    /**
     * @param record    index of the record's first byte in {@code buffer}
     * @param end       index after its last byte (the caller has checked it lies within the datagram)
     * @param connected true once the handshake completed
     * @return null if the engine may see the record, else why not
     */
    DtlsDrop inspect(final ByteBuffer buffer, final int record, final int end, final boolean connected) {
        final int type = DtlsRecord.type(buffer, record);
        if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA) {
            return DtlsDrop.MALFORMED_RECORD;
        }
        final int epoch = DtlsRecord.epoch(buffer, record);
        final int version = DtlsRecord.version(buffer, record);
        if (version != DtlsRecord.DTLS_1_2 && (version != DtlsRecord.DTLS_1_0 || epoch != 0)) {
            return DtlsDrop.MALFORMED_RECORD;
        }
        if (end - record > (connected ? connectedMaxRecordBytes : handshakeMaxRecordBytes)) {
            return DtlsDrop.OVERSIZE_RECORD;
        }
        if (epoch > 1 || (epoch == 1 && !connected && !peerMayChangeCipherSpec)) {
            return DtlsDrop.FUTURE_EPOCH;
        }
        return connected ? inspectConnected(buffer, record, type, epoch) : inspectHandshaking(buffer, record, end, type, epoch);
    }

    private DtlsDrop inspectConnected(final ByteBuffer buffer, final int record, final int type, final int epoch) {
        if (type == HANDSHAKE || type == CHANGE_CIPHER_SPEC) {
            // No renegotiation: after the handshake these are only ever the peer's last flight, retransmitted.
            return DtlsDrop.PEER_RETRANSMISSION;
        }
        if (epoch == 0) {
            return type == APPLICATION_DATA ? DtlsDrop.UNEXPECTED_CONTENT : DtlsDrop.STALE_EPOCH;
        }
        return replayWindow.isReplay(DtlsRecord.sequence(buffer, record)) ? DtlsDrop.REPLAYED : null;
    }

    private DtlsDrop inspectHandshaking(final ByteBuffer buffer, final int record, final int end, final int type,
        final int epoch) {
        if (type == APPLICATION_DATA) {
            // Never legitimate before our Finished; in epoch 1 it may be early data reordered ahead of the peer's
            // Finished, which SCTP retransmits anyway.
            return DtlsDrop.UNEXPECTED_CONTENT;
        }
        if (epoch == 1) {
            // The peer's encrypted Finished: opaque to us, bounded by the budget.
            return spend(end - record, 1);
        }
        if (DtlsRecord.sequence(buffer, record) > MAX_PLAINTEXT_SEQUENCE) {
            return DtlsDrop.HUGE_SEQUENCE;
        }
        final int body = record + HEADER_LENGTH;
        if (type == ALERT) {
            return isPlausibleAlert(buffer, body, end) ? null : DtlsDrop.UNEXPECTED_CONTENT;
        }
        if (type == CHANGE_CIPHER_SPEC) {
            if (!peerMayChangeCipherSpec) {
                return DtlsDrop.PREMATURE_CHANGE_CIPHER_SPEC;
            }
            if (end - body != 1 || DtlsRecord.u8(buffer, body) != 1) {
                return DtlsDrop.UNEXPECTED_CONTENT;
            }
            return spend(end - record, 1);
        }
        if (body == end) {
            return DtlsDrop.BAD_HANDSHAKE_FRAGMENT;
        }
        int fragments = 0;
        for (int fragment = body; fragment < end; fragment = nextFragment(buffer, fragment)) {
            final DtlsDrop verdict = inspectFragment(buffer, fragment, end);
            if (verdict != null) {
                return verdict;
            }
            fragments++;
        }
        final DtlsDrop verdict = spend(end - record, fragments);
        if (verdict == null) {
            // Only a record the engine will see may fix what later fragments must agree with.
            for (int fragment = body; fragment < end; fragment = nextFragment(buffer, fragment)) {
                final int msgType = DtlsRecord.u8(buffer, fragment + DtlsRecord.MSG_TYPE_OFFSET);
                final int messageSeq = DtlsRecord.u16(buffer, fragment + DtlsRecord.MSG_SEQ_OFFSET);
                messageSeqOfType[msgType] = messageSeq;
                messageLengthOfType[msgType] = DtlsRecord.u24(buffer, fragment + DtlsRecord.MSG_LENGTH_OFFSET);
                maxPeerMessageSeq = Math.max(maxPeerMessageSeq, messageSeq);
                if (msgType == DtlsRecord.CLIENT_HELLO || msgType == DtlsRecord.SERVER_HELLO) {
                    peerHelloSeq = Math.max(peerHelloSeq, messageSeq);
                }
            }
        }
        return verdict;
    }

    private static int nextFragment(final ByteBuffer buffer, final int fragment) {
        return fragment + HANDSHAKE_HEADER_LENGTH + DtlsRecord.u24(buffer, fragment + DtlsRecord.FRAGMENT_LENGTH_OFFSET);
    }

    private DtlsDrop inspectFragment(final ByteBuffer buffer, final int fragment, final int end) {
        if (end - fragment < HANDSHAKE_HEADER_LENGTH) {
            return DtlsDrop.BAD_HANDSHAKE_FRAGMENT;
        }
        final int msgType = DtlsRecord.u8(buffer, fragment + DtlsRecord.MSG_TYPE_OFFSET);
        final int messageLength = DtlsRecord.u24(buffer, fragment + DtlsRecord.MSG_LENGTH_OFFSET);
        final int fragmentOffset = DtlsRecord.u24(buffer, fragment + DtlsRecord.FRAGMENT_OFFSET_OFFSET);
        final int fragmentLength = DtlsRecord.u24(buffer, fragment + DtlsRecord.FRAGMENT_LENGTH_OFFSET);
        if (!peerSends(msgType)) {
            return DtlsDrop.UNEXPECTED_HANDSHAKE_TYPE;
        }
        if (fragmentLength > end - fragment - HANDSHAKE_HEADER_LENGTH
            || messageLength > MAX_HANDSHAKE_MESSAGE_BYTES
            || fragmentOffset + fragmentLength > messageLength
            || (messageLength == 0 && msgType != DtlsRecord.SERVER_HELLO_DONE)
            || (fragmentLength == 0 && messageLength != 0)) {
            return DtlsDrop.BAD_HANDSHAKE_FRAGMENT;
        }
        final int messageSeq = DtlsRecord.u16(buffer, fragment + DtlsRecord.MSG_SEQ_OFFSET);
        if (messageSeq < peerFlightStartSeq) {
            // A flight we already answered, sent again: our answer was lost. The engine must not see it: a
            // retransmission it receives only in part (Chromium fragments its ClientHello) stays in its reassembler
            // and blocks the peer's next flight for good.
            return DtlsDrop.PEER_RETRANSMISSION;
        }
        if (!isExpectedMessageSeq(msgType, messageSeq)
            || (msgType != DtlsRecord.CLIENT_HELLO && messageSeqOfType[msgType] == messageSeq
                && messageLengthOfType[msgType] != messageLength)) {
            // The engine aborts on a type seen with two message_seq values ("Unexpected handshake message"), and
            // cannot reassemble fragments that disagree on the length. ClientHellos are exempt from the length rule:
            // the engine's cookie exchange already ignores hellos (and their fragments) that lack a valid cookie, so
            // letting a forged one fix the length would only let it lock out the real one.
            return DtlsDrop.INCONSISTENT_HANDSHAKE_FRAGMENT;
        }
        if (msgType == DtlsRecord.CLIENT_HELLO && fragmentOffset == 0) {
            final int body = fragment + HANDSHAKE_HEADER_LENGTH;
            final int clientVersion = fragmentLength >= 2 ? DtlsRecord.u16(buffer, body) : DtlsRecord.DTLS_1_2;
            if (clientVersion != DtlsRecord.DTLS_1_2 && clientVersion != DtlsRecord.DTLS_1_0) {
                // DTLS 1.3 clients also say 1.2 here (RFC 9147 §5.3). The engine throws a NullPointerException on
                // a version it does not know, and turns it into a fatal internal_error.
                return DtlsDrop.BAD_HANDSHAKE_FRAGMENT;
            }
            if (!offersEnabledSuite(buffer, body, fragmentLength)) {
                return DtlsDrop.NO_COMMON_CIPHER;
            }
        }
        return null;
    }

    /**
     * A plaintext alert during the handshake is how a peer says why it gave up (handshake_failure, bad_certificate):
     * honoured, so the session ends at once instead of at the timeout. But the engine aborts on any alert it does
     * not like (too short, unknown description, most warnings), so only what a real peer sends passes: a fatal alert
     * with a description RFC 5246 / RFC 8446 define, or the close_notify / user_canceled warnings.
     */
    private static boolean isPlausibleAlert(final ByteBuffer buffer, final int body, final int end) {
        if (end - body != ALERT_LENGTH) {
            return false;
        }
        final int level = DtlsRecord.u8(buffer, body);
        final int description = DtlsRecord.u8(buffer, body + 1);
        return level == ALERT_FATAL ? KNOWN_ALERTS[description]
            : level == ALERT_WARNING && (description == ALERT_CLOSE_NOTIFY || description == ALERT_USER_CANCELED);
    }

    /**
     * In a DTLS 1.2 full handshake every message's message_seq follows from the hello's (RFC 6347 §4.2.2): a client
     * sends ClientHello 0, again as 1 with the cookie, then Certificate, ClientKeyExchange, CertificateVerify; a
     * server sends HelloVerifyRequest 0, then ServerHello (0 or 1), Certificate, ServerKeyExchange,
     * CertificateRequest, ServerHelloDone and maybe NewSessionTicket. Requiring the exact number means a forged
     * fragment is dropped even when it arrives before the real one.
     */
    private boolean isExpectedMessageSeq(final int msgType, final int messageSeq) {
        if (msgType == DtlsRecord.CLIENT_HELLO || msgType == DtlsRecord.SERVER_HELLO) {
            return messageSeq <= 1;
        }
        if (msgType == DtlsRecord.HELLO_VERIFY_REQUEST) {
            return messageSeq == 0;
        }
        final int after = switch (msgType) {
            case DtlsRecord.CERTIFICATE -> 1;
            case DtlsRecord.CLIENT_KEY_EXCHANGE, DtlsRecord.SERVER_KEY_EXCHANGE -> 2;
            case DtlsRecord.CERTIFICATE_VERIFY, DtlsRecord.CERTIFICATE_REQUEST -> 3;
            case DtlsRecord.SERVER_HELLO_DONE -> 4;
            case DtlsRecord.NEW_SESSION_TICKET -> 5;
            default -> -1;
        };
        return peerHelloSeq != UNSEEN && after > 0 && messageSeq == peerHelloSeq + after;
    }

    /** Handshake messages the peer sends to our role in DTLS 1.2 (Finished is encrypted: epoch 1, not seen here). */
    private boolean peerSends(final int msgType) {
        return switch (role) {
            case SERVER -> msgType == DtlsRecord.CLIENT_HELLO || msgType == DtlsRecord.CERTIFICATE
                || msgType == DtlsRecord.CLIENT_KEY_EXCHANGE || msgType == DtlsRecord.CERTIFICATE_VERIFY;
            case CLIENT -> msgType == DtlsRecord.HELLO_VERIFY_REQUEST || msgType == DtlsRecord.SERVER_HELLO
                || msgType == DtlsRecord.CERTIFICATE || msgType == DtlsRecord.SERVER_KEY_EXCHANGE
                || msgType == DtlsRecord.CERTIFICATE_REQUEST || msgType == DtlsRecord.SERVER_HELLO_DONE
                || msgType == DtlsRecord.NEW_SESSION_TICKET;
        };
    }

    /**
     * ClientHello body: version(2) random(32) session_id&lt;0..32&gt; cookie&lt;0..255&gt; cipher_suites&lt;2..2^16-2&gt;.
     * True if the list names one of our suites, or if this fragment ends before the list does (the engine decides).
     */
    private boolean offersEnabledSuite(final ByteBuffer buffer, final int body, final int length) {
        final int end = body + length;
        int at = body + 2 + CLIENT_HELLO_RANDOM_LENGTH;
        for (int vector = 0; vector < 2; vector++) {
            if (at >= end) {
                return true;
            }
            at += 1 + DtlsRecord.u8(buffer, at);
        }
        if (at + 2 > end) {
            return true;
        }
        final int suitesLength = DtlsRecord.u16(buffer, at);
        at += 2;
        if (at + suitesLength > end) {
            return true;
        }
        for (int suite = at; suite + 1 < at + suitesLength; suite += 2) {
            final int code = DtlsRecord.u16(buffer, suite);
            for (final int enabled : enabledSuites) {
                if (code == enabled) {
                    return true;
                }
            }
        }
        return false;
    }

    private DtlsDrop spend(final int bytes, final int fragments) {
        if (bytes > budgetBytes || fragments > budgetFragments) {
            return DtlsDrop.HANDSHAKE_BUDGET_EXHAUSTED;
        }
        budgetBytes -= bytes;
        budgetFragments -= fragments;
        return null;
    }

    /** Learns the handshake's progress from a datagram we are about to send (position to limit, untouched). */
    void onOutbound(final ByteBuffer datagram) {
        if (peerMayChangeCipherSpec) {
            return;
        }
        final int limit = datagram.limit();
        int record = datagram.position();
        while (limit - record >= HEADER_LENGTH) {
            final int end = record + HEADER_LENGTH + DtlsRecord.length(datagram, record);
            if (end > limit) {
                return;
            }
            final int type = DtlsRecord.type(datagram, record);
            if (role == DtlsRole.CLIENT && type == CHANGE_CIPHER_SPEC) {
                peerMayChangeCipherSpec = true;
            } else if (role == DtlsRole.SERVER && type == HANDSHAKE && DtlsRecord.epoch(datagram, record) == 0) {
                for (int fragment = record + HEADER_LENGTH; end - fragment >= HANDSHAKE_HEADER_LENGTH;
                    fragment += HANDSHAKE_HEADER_LENGTH
                        + DtlsRecord.u24(datagram, fragment + DtlsRecord.FRAGMENT_LENGTH_OFFSET)) {
                    if (DtlsRecord.u8(datagram, fragment) == DtlsRecord.SERVER_HELLO) {
                        peerMayChangeCipherSpec = true;
                    }
                }
            }
            record = end;
        }
    }

    /**
     * We started sending a new flight: it answers everything the peer sent so far, so from now on those messages are
     * retransmissions (RFC 6347 §4.2.4).
     */
    void onNewFlight() {
        peerFlightStartSeq = maxPeerMessageSeq + 1;
    }

    /** An epoch-1 record with this sequence number was authenticated. */
    void onAuthenticated(final long sequence) {
        replayWindow.mark(sequence);
    }
}
