package io.deltad.dtls.sctp;

/**
 * Process-wide usrsctp tuning, applied once by {@link SctpStack#initialize(SctpTuning)}. The defaults are
 * libdatachannel's ({@code SctpTransport::SetSettings}), which are in turn what browsers and usrsctp's own authors
 * found to work for WebRTC; docs/SCTP.md lists each value and why. What is not configurable here is fixed because
 * WebRTC requires it: ECN, ASCONF, AUTH, NR-SACK and PKTDROP off (browsers do not offer them), PR-SCTP and stream
 * reconfiguration (RFC 3758, RFC 6525) on.
 *
 * <p>Aeron-style: fluent setters, then {@link #conclude()} validates before anything native happens.
 */
public final class SctpTuning {
    public static final int SEND_SPACE_BYTES_DEFAULT = 1024 * 1024;
    public static final int RECV_SPACE_BYTES_DEFAULT = 1024 * 1024;
    public static final int MAX_CHUNKS_ON_QUEUE_DEFAULT = 10 * 1024;
    public static final int INITIAL_CWND_MTUS_DEFAULT = 10;
    public static final int MAX_BURST_MTUS_DEFAULT = 10;
    public static final int DELAYED_SACK_MS_DEFAULT = 20;
    public static final int RTO_MIN_MS_DEFAULT = 200;
    public static final int RTO_MAX_MS_DEFAULT = 10_000;
    public static final int RTO_INITIAL_MS_DEFAULT = 1_000;
    public static final int MAX_RETRANSMITS_DEFAULT = 5;
    public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 10_000;
    public static final int STREAMS_DEFAULT = 1024;
    public static final int MAX_ASSOCIATIONS_DEFAULT = 65_536;

    private int sendSpaceBytes = SEND_SPACE_BYTES_DEFAULT;
    private int recvSpaceBytes = RECV_SPACE_BYTES_DEFAULT;
    private int maxChunksOnQueue = MAX_CHUNKS_ON_QUEUE_DEFAULT;
    private int initialCwndMtus = INITIAL_CWND_MTUS_DEFAULT;
    private int maxBurstMtus = MAX_BURST_MTUS_DEFAULT;
    private int delayedSackMs = DELAYED_SACK_MS_DEFAULT;
    private int rtoMinMs = RTO_MIN_MS_DEFAULT;
    private int rtoMaxMs = RTO_MAX_MS_DEFAULT;
    private int rtoInitialMs = RTO_INITIAL_MS_DEFAULT;
    private int maxRetransmits = MAX_RETRANSMITS_DEFAULT;
    private int heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS_DEFAULT;
    private int streams = STREAMS_DEFAULT;
    private int maxAssociations = MAX_ASSOCIATIONS_DEFAULT;

    /** Send buffer per socket (sctp_sendspace): bytes queued before {@link SctpSendStatus#WOULD_BLOCK}. */
    public SctpTuning sendSpaceBytes(final int value) {
        sendSpaceBytes = value;
        return this;
    }

    /** Receive buffer per socket (sctp_recvspace): the advertised receive window. */
    public SctpTuning recvSpaceBytes(final int value) {
        recvSpaceBytes = value;
        return this;
    }

    /** Chunks an association may queue (sctp_max_chunks_on_queue). */
    public SctpTuning maxChunksOnQueue(final int value) {
        maxChunksOnQueue = value;
        return this;
    }

    /** Initial congestion window in MTUs (sctp_initial_cwnd; RFC 6928's 10). */
    public SctpTuning initialCwndMtus(final int value) {
        initialCwndMtus = value;
        return this;
    }

    /** Packets sent back to back at most (sctp_max_burst_default). */
    public SctpTuning maxBurstMtus(final int value) {
        maxBurstMtus = value;
        return this;
    }

    /** Delayed SACK time (sctp_delayed_sack_time_default). */
    public SctpTuning delayedSackMs(final int value) {
        delayedSackMs = value;
        return this;
    }

    public SctpTuning rtoMinMs(final int value) {
        rtoMinMs = value;
        return this;
    }

    /** Also the INIT's maximum RTO (sctp_init_rto_max_default). */
    public SctpTuning rtoMaxMs(final int value) {
        rtoMaxMs = value;
        return this;
    }

    public SctpTuning rtoInitialMs(final int value) {
        rtoInitialMs = value;
        return this;
    }

    /** Retransmissions of INIT, of data per path and per association before giving up. */
    public SctpTuning maxRetransmits(final int value) {
        maxRetransmits = value;
        return this;
    }

    public SctpTuning heartbeatIntervalMs(final int value) {
        heartbeatIntervalMs = value;
        return this;
    }

    /** Default inbound and outbound stream counts (a socket's SCTP_INITMSG overrides them). */
    public SctpTuning streams(final int value) {
        streams = value;
        return this;
    }

    /** Association ids run from 1 to this; the id table is an array of this size. */
    public SctpTuning maxAssociations(final int value) {
        maxAssociations = value;
        return this;
    }

    public int sendSpaceBytes() {
        return sendSpaceBytes;
    }

    public int recvSpaceBytes() {
        return recvSpaceBytes;
    }

    public int maxChunksOnQueue() {
        return maxChunksOnQueue;
    }

    public int initialCwndMtus() {
        return initialCwndMtus;
    }

    public int maxBurstMtus() {
        return maxBurstMtus;
    }

    public int delayedSackMs() {
        return delayedSackMs;
    }

    public int rtoMinMs() {
        return rtoMinMs;
    }

    public int rtoMaxMs() {
        return rtoMaxMs;
    }

    public int rtoInitialMs() {
        return rtoInitialMs;
    }

    public int maxRetransmits() {
        return maxRetransmits;
    }

    public int heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public int streams() {
        return streams;
    }

    public int maxAssociations() {
        return maxAssociations;
    }

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public SctpTuning conclude() {
        positive("sendSpaceBytes", sendSpaceBytes);
        positive("recvSpaceBytes", recvSpaceBytes);
        positive("maxChunksOnQueue", maxChunksOnQueue);
        positive("initialCwndMtus", initialCwndMtus);
        positive("maxBurstMtus", maxBurstMtus);
        range("delayedSackMs", delayedSackMs, 0, 500); // RFC 4960 §6.2: at most 500 ms
        positive("rtoMinMs", rtoMinMs);
        range("rtoInitialMs", rtoInitialMs, rtoMinMs, rtoMaxMs);
        range("rtoMaxMs", rtoMaxMs, rtoMinMs, Integer.MAX_VALUE);
        range("maxRetransmits", maxRetransmits, 1, 1000);
        positive("heartbeatIntervalMs", heartbeatIntervalMs);
        range("streams", streams, 1, 65_535);
        range("maxAssociations", maxAssociations, 1, 1 << 24);
        return this;
    }

    private static void positive(final String name, final int value) {
        range(name, value, 1, Integer.MAX_VALUE);
    }

    private static void range(final String name, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("SCTP tuning " + name + " = " + value + " is outside [" + min + ", " + max + "]");
        }
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof SctpTuning t && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "SctpTuning{sendSpaceBytes=" + sendSpaceBytes + ", recvSpaceBytes=" + recvSpaceBytes
            + ", maxChunksOnQueue=" + maxChunksOnQueue + ", initialCwndMtus=" + initialCwndMtus
            + ", maxBurstMtus=" + maxBurstMtus + ", delayedSackMs=" + delayedSackMs + ", rtoMinMs=" + rtoMinMs
            + ", rtoMaxMs=" + rtoMaxMs + ", rtoInitialMs=" + rtoInitialMs + ", maxRetransmits=" + maxRetransmits
            + ", heartbeatIntervalMs=" + heartbeatIntervalMs + ", streams=" + streams
            + ", maxAssociations=" + maxAssociations + '}';
    }
}
