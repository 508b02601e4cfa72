package io.deltad.metrics;

import io.deltad.counters.CounterType;

import static io.deltad.metrics.KeyLayout.AGENT;
import static io.deltad.metrics.KeyLayout.HTTP_STATUS;
import static io.deltad.metrics.KeyLayout.NACK_CODE;
import static io.deltad.metrics.KeyLayout.NONE;
import static io.deltad.metrics.KeyLayout.REASON;
import static io.deltad.metrics.KeyLayout.RING;
import static io.deltad.metrics.MetricKind.COUNTER;
import static io.deltad.metrics.MetricKind.GAUGE;

/**
 * The one table from counter type to Prometheus family: name, kind and labels. The switch has no default, so adding
 * a {@link CounterType} does not compile until it has a row here, and no counter is ever silently left out of
 * {@code /metrics}. Names are part of the operator contract (dashboards and alerts use them): never rename one.
 */
public final class CounterMetrics {
    /** Prefix of every series the appliance exposes. */
    public static final String PREFIX = "deltad_";

    private CounterMetrics() {
    }

    /** The family {@code type} is exposed as. */
    public static CounterMetric of(final CounterType type) {
        return switch (type) {
            case AGENT_WORK -> counter("agent_work", AGENT, "Sum of doWork() results of one agent (work items done).");
            case AGENT_DUTY_CYCLES -> counter("agent_duty_cycles", AGENT, "Duty cycles run by one agent.");
            case DELTAS_INGESTED -> counter("deltas_ingested", NONE,
                "Frames that passed the structural check and were appended to the chunk store.");
            case DELTAS_ACCEPTED -> counter("deltas_accepted", NONE,
                "Deltas validated, sequenced and appended to a delta stream.");
            case DELTAS_REJECTED -> counter("deltas_rejected", NACK_CODE, "Frames refused with a NACK, by NACK code.");
            case DELTAS_DELIVERED -> counter("deltas_delivered", NONE,
                "DELTA frames handed to the transport, one per delta per subscriber.");
            case RING_FULL -> counter("ring_full", RING, "Offers refused because an SPSC ring was full, by ring.");
            case PROMOTIONS -> counter("promotions", NONE, "Documents moved to an elastic DocAgent.");
            case DEMOTIONS -> counter("demotions", NONE, "Documents moved back from an elastic DocAgent.");
            case ELASTIC_ACTIVE -> gauge("elastic_active", NONE, "Elastic DocAgents running.");
            case SUBSCRIBER_LAG_MAX -> gauge("subscriber_lag_max", AGENT,
                "Largest lag in deltas of any subscriber cursor of one IoAgent.");
            case SUBSCRIBERS -> gauge("subscribers", NONE, "Live subscriptions (session, document).");
            case RESYNCS -> counter("resyncs", NONE, "RESYNC frames sent.");
            case SESSIONS -> gauge("sessions", NONE, "Established sessions.");
            case FRAMES_MALFORMED -> counter("frames_malformed", NONE,
                "DataChannel messages or frames that failed the structural check.");
            case CHUNKS_FREE -> gauge("chunks_free", NONE, "Chunks in the chunk store's free list.");
            case CHUNKS_RECLAIMED -> counter("chunks_reclaimed", NONE,
                "Chunks recycled after their deltas left the retention window.");
            case STORE_FULL -> counter("store_full", NONE, "Appends refused because the chunk store had no free chunk.");
            case DOCUMENTS -> gauge("documents", NONE, "Documents with state held by the DocAgents.");
            case ERRORS -> counter("errors", NONE, "Unexpected errors caught by agent runners (see the distinct-error log).");
            case SESSIONS_OVERLOADED -> counter("sessions_overloaded", NONE,
                "Sessions closed because they could not take their own control frames.");
            case SESSIONS_REJECTED -> counter("sessions_rejected", NONE,
                "Sessions refused at admission (draining, session limit).");
            case SIGNALING_OFFERS_ACCEPTED -> counter("signaling_offers_accepted", NONE,
                "SDP offers answered 201 by POST /v1/sessions.");
            case SIGNALING_OFFERS_REFUSED -> counter("signaling_offers_refused", HTTP_STATUS,
                "SDP offers refused by POST /v1/sessions, by HTTP status.");
            case SIGNALING_RATE_LIMITED -> counter("signaling_rate_limited", NONE,
                "Signaling requests answered 429: their source address was over its rate.");
            case WEBRTC_DATAGRAMS -> counter("webrtc_datagrams", REASON, "UDP datagrams of the WebRTC transport, by direction (in, out).");
            case WEBRTC_DROPS -> counter("webrtc_drops", REASON,
                "Datagrams, records, packets or messages of the WebRTC transport dropped, by layer and reason.");
            case WEBRTC_SESSIONS_CLOSED -> counter("webrtc_sessions_closed", REASON, "WebRTC sessions ended, by reason.");
            case WEBRTC_DEDICATED_CHANNELS -> counter("webrtc_dedicated_channels", REASON,
                "Dedicated document channels opened and closed (channel promotion), by event.");
            case DPDK_DROPS -> counter("dpdk_drops", REASON,
                "Frames and datagrams dropped by the DPDK packet path (io.mode = dpdk), by reason.");
            case DPDK_PACKETS -> counter("dpdk_packets", REASON,
                "Frames received, datagrams in and out, ARP replies and requests sent by the DPDK packet path.");
            case DPDK_PORT -> counter("dpdk_port", REASON, "The DPDK port's statistics as its driver counts them "
                + "(ipackets, opackets, ibytes, obytes, imissed: dropped by the NIC for want of RX descriptors, ierrors, "
                + "oerrors, rx_nombuf), by statistic.");
        };
    }

    private static CounterMetric counter(final String name, final KeyLayout key, final String help) {
        return new CounterMetric(PREFIX + name, COUNTER, key, help);
    }

    private static CounterMetric gauge(final String name, final KeyLayout key, final String help) {
        return new CounterMetric(PREFIX + name, GAUGE, key, help);
    }
}
