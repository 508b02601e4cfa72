package io.deltad.counters;

/**
 * Type ids of the appliance's counters, Aeron style: the id is stored as the counter's {@code typeId} in the
 * counters file so that tools group and sum counters by type without parsing labels.
 *
 * <p>Ids are part of the counters file format read by {@code deltactl stat}: never renumber or reuse one; add new
 * types at the end with a new id. Per-instance types (per agent, per ring, per NACK code) get the instance appended
 * to the base label, e.g. {@code "agent work: io-0"}; see {@link DeltadCounters} for the writer of each.
 */
public enum CounterType {
    /** Sum of {@code doWork()} results of one agent; label {@code "agent work: <agent name>"}. */
    AGENT_WORK(1, "agent work"),
    /** Duty cycles run by one agent; label {@code "agent duty cycles: <agent name>"}. */
    AGENT_DUTY_CYCLES(2, "agent duty cycles"),
    /** Frames that passed the structural check and were appended to the chunk store. */
    DELTAS_INGESTED(3, "deltas ingested"),
    /** Deltas validated, sequenced and appended to a delta stream. */
    DELTAS_ACCEPTED(4, "deltas accepted"),
    /** Frames refused with a NACK, one counter per code; label {@code "deltas rejected: <code name>"}. */
    DELTAS_REJECTED(5, "deltas rejected"),
    /** Server-to-client DELTA frames handed to the transport (one per delta per subscriber). */
    DELTAS_DELIVERED(6, "deltas delivered"),
    /** Offers refused because an SPSC ring was full; label {@code "ring full: <from>-><to>"}. */
    RING_FULL(7, "ring full"),
    /** Documents moved to a dedicated elastic DocAgent. */
    PROMOTIONS(8, "promotions"),
    /** Documents moved back from an elastic DocAgent to their core owner. */
    DEMOTIONS(9, "demotions"),
    /** Gauge: elastic DocAgents currently running. */
    ELASTIC_ACTIVE(10, "elastic active"),
    /** Gauge: largest lag in deltas of any subscriber cursor of one IoAgent; label {@code "subscriber lag max: <agent>"}. */
    SUBSCRIBER_LAG_MAX(11, "subscriber lag max"),
    /** Gauge: live subscriptions (session, document). */
    SUBSCRIBERS(12, "subscribers"),
    /** RESYNC frames sent: a subscriber asked for, or fell behind to, deltas no longer retained. */
    RESYNCS(13, "resyncs"),
    /** Gauge: established sessions. */
    SESSIONS(14, "sessions"),
    /** DataChannel messages or frames that failed the structural check. */
    FRAMES_MALFORMED(15, "frames malformed"),
    /** Gauge: chunks in the chunk store's free list. */
    CHUNKS_FREE(16, "chunks free"),
    /** Chunks recycled after every delta in them left the retention window. */
    CHUNKS_RECLAIMED(17, "chunks reclaimed"),
    /** Appends refused because the chunk store had no free chunk (answered with NACK BUSY). */
    STORE_FULL(18, "store full"),
    /** Gauge: documents with state held by the DocAgents. */
    DOCUMENTS(19, "documents"),
    /** Unexpected errors caught by an agent runner or the error handler (see the distinct-error log). */
    ERRORS(20, "errors"),
    /** Sessions closed because they could not take their own control frames (ACK, NACK, SUBSCRIBED). */
    SESSIONS_OVERLOADED(21, "sessions closed overloaded"),
    /** Sessions refused at admission (draining, session limit), all reasons. */
    SESSIONS_REJECTED(22, "sessions rejected"),
    /** {@code POST /v1/sessions} answered 201: an offer handed to the session layer and accepted. */
    SIGNALING_OFFERS_ACCEPTED(23, "signaling offers accepted"),
    /**
     * {@code POST /v1/sessions} refused, one counter per HTTP status; label {@code "signaling offers refused: <status>"}
     * ({@code other} for a status without its own counter).
     */
    SIGNALING_OFFERS_REFUSED(24, "signaling offers refused"),
    /** Signaling requests answered 429 because their source address was over its rate (offers and demo tokens). */
    SIGNALING_RATE_LIMITED(25, "signaling rate limited"),
    /** UDP datagrams of the WebRTC transport; label {@code "webrtc datagrams: in"} or {@code ": out"}. */
    WEBRTC_DATAGRAMS(40, "webrtc datagrams"),
    /**
     * Datagrams, records, packets or messages of the WebRTC transport dropped, one counter per reason and layer;
     * label {@code "webrtc drops: <layer> <reason>"}, e.g. {@code "webrtc drops: stun bad fingerprint"}.
     */
    WEBRTC_DROPS(41, "webrtc drops"),
    /** WebRTC sessions ended, one counter per reason; label {@code "webrtc sessions closed: <reason>"}. */
    WEBRTC_SESSIONS_CLOSED(42, "webrtc sessions closed"),
    /** Dedicated document channels (channel promotion); label {@code "webrtc dedicated channels: opened"} / {@code ": closed"}. */
    WEBRTC_DEDICATED_CHANNELS(43, "webrtc dedicated channels"),
    /**
     * Frames and datagrams the DPDK packet path dropped, one counter per reason (BAD_INPUTS 38-39); label
     * {@code "dpdk drops: <reason>"}, e.g. {@code "dpdk drops: bad ipv4 checksum"}.
     */
    DPDK_DROPS(50, "dpdk drops"),
    /** Packets of the DPDK packet path; label {@code "dpdk packets: <what>"} (frames in, datagrams in/out, arp ...). */
    DPDK_PACKETS(51, "dpdk packets"),
    /**
     * The DPDK port's own statistics as its driver counts them ({@code rte_eth_stats}: ipackets, opackets, ibytes,
     * obytes, imissed, ierrors, oerrors, rx_nombuf); label {@code "dpdk port: <stat>"}. Set, not added: the driver's totals.
     */
    DPDK_PORT(52, "dpdk port");

    private static final CounterType[] BY_ID;

    static {
        int maxId = 0;
        for (final CounterType type : values()) {
            maxId = Math.max(maxId, type.id);
        }
        BY_ID = new CounterType[maxId + 1];
        for (final CounterType type : values()) {
            if (BY_ID[type.id] != null) {
                throw new IllegalStateException("duplicate counter type id " + type.id);
            }
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final String label;

    CounterType(final int id, final String label) {
        this.id = id;
        this.label = label;
    }

    /** Stable type id stored with each counter of this type. */
    public int id() {
        return id;
    }

    /** Base label; per-instance counters append {@code ": <instance>"}. */
    public String label() {
        return label;
    }

    /**
     * Type for a stored type id.
     *
     * @return the type, or {@code null} when the id is unknown (e.g. a newer appliance wrote the file).
     */
    public static CounterType get(final int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
