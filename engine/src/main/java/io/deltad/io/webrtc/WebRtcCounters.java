package io.deltad.io.webrtc;

import io.deltad.counters.CounterType;
import io.deltad.counters.DeltadCounters;
import io.deltad.dtls.peer.PeerCloseReason;
import io.deltad.dtls.peer.PeerStats;
import io.deltad.dtls.stun.StunDrop;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The WebRTC transport's counters, shared by every IoAgent's {@link WebRtcPort}: datagrams in/out, drops per layer
 * and reason, sessions closed per reason. Ports count in plain fields on their own thread and publish the growth
 * every timer tick with one {@code getAndAdd} per counter that moved.
 */
public final class WebRtcCounters {
    private final AtomicCounter datagramsIn;
    private final AtomicCounter datagramsOut;
    private final AtomicCounter[] sessionDrops;
    private final AtomicCounter[] stunDrops;
    private final AtomicCounter sendDrops;
    private final AtomicCounter injectedDrops;
    private final AtomicCounter[] closed;
    private final AtomicCounter[] dtlsDrops = new AtomicCounter[PeerStats.DTLS.length];
    private final AtomicCounter[] sctpDrops = new AtomicCounter[PeerStats.SCTP.length];
    private final AtomicCounter[] dcepDrops = new AtomicCounter[PeerStats.DCEP.length];
    private final AtomicCounter dedicatedOpened;
    private final AtomicCounter dedicatedClosed;

    public WebRtcCounters(final DeltadCounters counters) {
        datagramsIn = counters.newKeyed(CounterType.WEBRTC_DATAGRAMS, "in");
        datagramsOut = counters.newKeyed(CounterType.WEBRTC_DATAGRAMS, "out");
        sessionDrops = new AtomicCounter[WebRtcDrop.values().length];
        for (final WebRtcDrop drop : WebRtcDrop.values()) {
            sessionDrops[drop.ordinal()] = counters.newKeyed(CounterType.WEBRTC_DROPS, drop.label());
        }
        stunDrops = new AtomicCounter[StunDrop.values().length];
        for (final StunDrop drop : StunDrop.values()) {
            stunDrops[drop.ordinal()] = counters.newKeyed(CounterType.WEBRTC_DROPS, "stun " + label(drop.name()));
        }
        sendDrops = counters.newKeyed(CounterType.WEBRTC_DROPS, "udp send buffer full");
        injectedDrops = counters.newKeyed(CounterType.WEBRTC_DROPS, "test injected loss");
        for (int i = 0; i < dtlsDrops.length; i++) {
            dtlsDrops[i] = counters.newKeyed(CounterType.WEBRTC_DROPS, "dtls " + label(PeerStats.DTLS[i].name()));
        }
        for (int i = 0; i < sctpDrops.length; i++) {
            sctpDrops[i] = counters.newKeyed(CounterType.WEBRTC_DROPS, "sctp " + label(PeerStats.SCTP[i].name()));
        }
        for (int i = 0; i < dcepDrops.length; i++) {
            dcepDrops[i] = counters.newKeyed(CounterType.WEBRTC_DROPS, "dcep " + label(PeerStats.DCEP[i].name()));
        }
        dedicatedOpened = counters.newKeyed(CounterType.WEBRTC_DEDICATED_CHANNELS, "opened");
        dedicatedClosed = counters.newKeyed(CounterType.WEBRTC_DEDICATED_CHANNELS, "closed");
        closed = new AtomicCounter[PeerCloseReason.values().length];
        for (final PeerCloseReason reason : PeerCloseReason.values()) {
            closed[reason.ordinal()] = counters.newKeyed(CounterType.WEBRTC_SESSIONS_CLOSED, reason.label());
        }
    }

    static String label(final String enumName) {
        return enumName.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** A session ended (port's thread). Rare: counted at once. */
    void closed(final PeerCloseReason reason) {
        closed[reason.ordinal()].getAndAdd(1);
    }

    /** Publishes what {@code port} counted since its last call (port's thread). */
    void publish(final WebRtcPort port) {
        final WebRtcPort.Published last = port.published();
        last.datagramsIn = add(datagramsIn, port.datagramsIn(), last.datagramsIn);
        last.datagramsOut = add(datagramsOut, port.datagramsOut(), last.datagramsOut);
        last.sendDrops = add(sendDrops, port.packetIo().sendDrops(), last.sendDrops);
        last.injectedDrops = add(injectedDrops, port.packetIo().injectedDrops(), last.injectedDrops);
        last.dedicatedOpened = add(dedicatedOpened, port.dedicatedOpened(), last.dedicatedOpened);
        last.dedicatedClosed = add(dedicatedClosed, port.dedicatedClosed(), last.dedicatedClosed);
        for (final WebRtcDrop drop : WebRtcDrop.VALUES) {
            last.sessionDrops[drop.ordinal()] = add(sessionDrops[drop.ordinal()], port.drops(drop),
                last.sessionDrops[drop.ordinal()]);
        }
        for (final StunDrop drop : STUN_DROPS) {
            last.stunDrops[drop.ordinal()] = add(stunDrops[drop.ordinal()], port.responder().dropCount(drop),
                last.stunDrops[drop.ordinal()]);
        }
    }

    private static final StunDrop[] STUN_DROPS = StunDrop.values();

    /**
     * Publishes the DTLS, SCTP and DCEP drops of {@code port}'s sessions, closed and live (port's thread). Walks every
     * live session: called about once a second, not per duty cycle.
     */
    void publishPeerDrops(final WebRtcPort port) {
        final PeerStats now = port.collectPeerDrops();
        final PeerStats last = port.published().peerDrops;
        for (int i = 0; i < dtlsDrops.length; i++) {
            add(dtlsDrops[i], now.dtls(PeerStats.DTLS[i]), last.dtls(PeerStats.DTLS[i]));
        }
        for (int i = 0; i < sctpDrops.length; i++) {
            add(sctpDrops[i], now.sctp(PeerStats.SCTP[i]), last.sctp(PeerStats.SCTP[i]));
        }
        for (int i = 0; i < dcepDrops.length; i++) {
            add(dcepDrops[i], now.dcep(PeerStats.DCEP[i]), last.dcep(PeerStats.DCEP[i]));
        }
        last.copyFrom(now);
    }

    private static long add(final AtomicCounter counter, final long total, final long published) {
        if (total != published) {
            counter.getAndAdd(total - published);
        }
        return total;
    }
}
