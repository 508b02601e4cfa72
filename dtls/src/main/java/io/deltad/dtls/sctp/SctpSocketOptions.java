package io.deltad.dtls.sctp;

import static io.deltad.bindings.usrsctp.usrsctp_constants.IPPROTO_SCTP;
import static io.deltad.bindings.usrsctp.usrsctp_constants.SOL_SOCKET;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.deltad.bindings.usrsctp.UsrsctpLibrary;
import io.deltad.bindings.usrsctp.linger;
import io.deltad.bindings.usrsctp.sctp_assoc_value;
import io.deltad.bindings.usrsctp.sctp_event;
import io.deltad.bindings.usrsctp.sctp_initmsg;
import io.deltad.bindings.usrsctp.sctp_paddrparams;
import io.deltad.bindings.usrsctp.usrsctp_constants;
import io.deltad.bindings.usrsctp.usrsctp_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The socket options every association's socket gets before it binds, and why. The WebRTC ones follow RFC 8831 and
 * what libdatachannel and browsers set; docs/SCTP.md has the table.
 */
final class SctpSocketOptions {
    private SctpSocketOptions() {
    }

    /**
     * @throws IllegalStateException naming the option and errno if usrsctp refuses one
     */
    static void configure(final MemorySegment callState, final MemorySegment socket, final SctpAssociationConfig config,
        final SctpTuning tuning, final Arena arena) {
        // Every call must return at once: input, send and timers all run on an agent's duty cycle.
        check(usrsctp_h.usrsctp_set_non_blocking(callState, socket, 1), callState, "usrsctp_set_non_blocking");

        // close() aborts at once (ABORT, no SHUTDOWN handshake) and frees the association: the session is ending and
        // DTLS below us is going away (libdatachannel does the same).
        final MemorySegment lingerOption = linger.allocate(arena);
        linger.l_onoff(lingerOption, 1);
        linger.l_linger(lingerOption, 0);
        set(callState, socket, SOL_SOCKET, usrsctp_constants.SO_LINGER, lingerOption, "SO_LINGER");

        // Stream reset (RFC 6525) is how DataChannels close (RFC 8831 §6.7).
        final MemorySegment value = sctp_assoc_value.allocate(arena);
        sctp_assoc_value.assoc_id(value, usrsctp_constants.SCTP_ALL_ASSOC);
        sctp_assoc_value.assoc_value(value, usrsctp_constants.SCTP_ENABLE_RESET_STREAM_REQ);
        set(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_ENABLE_STREAM_RESET, value, "SCTP_ENABLE_STREAM_RESET");

        // Stream id and PPID of each message come with it (sctp_rcvinfo).
        setInt(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_RECVRCVINFO, 1, arena, "SCTP_RECVRCVINFO");
        // RFC 8831 §6.6: the sender SHOULD disable Nagle.
        setInt(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_NODELAY, 1, arena, "SCTP_NODELAY");
        // Level 0: no interleaving of partial messages with each other or with notifications (RFC 6458 §8.1.20).
        setInt(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_FRAGMENT_INTERLEAVE, 0, arena, "SCTP_FRAGMENT_INTERLEAVE");

        if (config.partialDeliveryPointBytes() > 0) {
            setInt(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_PARTIAL_DELIVERY_POINT,
                config.partialDeliveryPointBytes(), arena, "SCTP_PARTIAL_DELIVERY_POINT");
        }

        subscribe(callState, socket, usrsctp_constants.SCTP_ASSOC_CHANGE, arena, "SCTP_ASSOC_CHANGE");
        subscribe(callState, socket, usrsctp_constants.SCTP_STREAM_RESET_EVENT, arena, "SCTP_STREAM_RESET_EVENT");
        subscribe(callState, socket, usrsctp_constants.SCTP_PARTIAL_DELIVERY_EVENT, arena, "SCTP_PARTIAL_DELIVERY_EVENT");

        // usrsctp does no path MTU discovery (usrsctp issue 205), so the MTU is fixed: RFC 8261 §5 says at most 1200
        // bytes without DF control. spp_pathmtu counts chunk bytes only (measured), hence the header subtracted.
        final MemorySegment paddr = sctp_paddrparams.allocate(arena);
        sctp_paddrparams.spp_flags(paddr, usrsctp_constants.SPP_HB_ENABLE | usrsctp_constants.SPP_PMTUD_DISABLE);
        sctp_paddrparams.spp_pathmtu(paddr, config.maxPacketBytes() - SctpAssociationConfig.COMMON_HEADER_BYTES);
        sctp_paddrparams.spp_hbinterval(paddr, tuning.heartbeatIntervalMs());
        set(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_PEER_ADDR_PARAMS, paddr, "SCTP_PEER_ADDR_PARAMS");

        // RFC 8831 §6.2 suggests 65535 streams; usrsctp allocates per-stream state for each, so, like libdatachannel,
        // we offer fewer (1024 by default).
        final MemorySegment init = sctp_initmsg.allocate(arena);
        sctp_initmsg.sinit_num_ostreams(init, (short) config.streams());
        sctp_initmsg.sinit_max_instreams(init, (short) config.streams());
        set(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_INITMSG, init, "SCTP_INITMSG");

        // The buffers must hold the largest message (libdatachannel raises them the same way).
        if (config.maxReceiveMessageBytes() > tuning.recvSpaceBytes()) {
            setInt(callState, socket, SOL_SOCKET, usrsctp_constants.SO_RCVBUF, config.maxReceiveMessageBytes(), arena, "SO_RCVBUF");
        }
        if (config.maxSendMessageBytes() > tuning.sendSpaceBytes()) {
            setInt(callState, socket, SOL_SOCKET, usrsctp_constants.SO_SNDBUF, config.maxSendMessageBytes(), arena, "SO_SNDBUF");
        }
    }

    private static void subscribe(final MemorySegment callState, final MemorySegment socket, final int type,
        final Arena arena, final String name) {
        final MemorySegment event = sctp_event.allocate(arena);
        sctp_event.se_assoc_id(event, usrsctp_constants.SCTP_ALL_ASSOC);
        sctp_event.se_type(event, (short) type);
        sctp_event.se_on(event, (byte) 1);
        set(callState, socket, IPPROTO_SCTP, usrsctp_constants.SCTP_EVENT, event, "SCTP_EVENT " + name);
    }

    private static void setInt(final MemorySegment callState, final MemorySegment socket, final int level,
        final int option, final int value, final Arena arena, final String name) {
        final MemorySegment cell = arena.allocate(JAVA_INT);
        cell.set(JAVA_INT, 0, value);
        set(callState, socket, level, option, cell, name);
    }

    private static void set(final MemorySegment callState, final MemorySegment socket, final int level,
        final int option, final MemorySegment value, final String name) {
        check(usrsctp_h.usrsctp_setsockopt(callState, socket, level, option, value, (int) value.byteSize()), callState,
            "usrsctp_setsockopt(" + name + ")");
    }

    private static void check(final int result, final MemorySegment callState, final String what) {
        if (result != 0) {
            throw new IllegalStateException(what + " failed: errno " + UsrsctpLibrary.errno(callState));
        }
    }
}
