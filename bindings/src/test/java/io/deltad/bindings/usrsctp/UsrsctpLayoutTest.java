package io.deltad.bindings.usrsctp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Sizes and offsets as gcc lays them out from /usr/include/usrsctp.h (0.9.5.0, x86-64): printed once with
 * {@code sizeof}/{@code offsetof} and written down here, so a hand-edit of a layout that drifts from C fails.
 */
class UsrsctpLayoutTest {
    @Test
    void shouldMatchCStructSizes() {
        assertEquals(16, sockaddr_conn.layout().byteSize());
        assertEquals(8, sockaddr_conn.layout().byteAlignment());
        assertEquals(16, sctp_sndinfo.layout().byteSize());
        assertEquals(8, sctp_prinfo.layout().byteSize());
        assertEquals(32, sctp_sendv_spa.layout().byteSize());
        assertEquals(28, sctp_rcvinfo.layout().byteSize());
        assertEquals(8, sctp_initmsg.layout().byteSize());
        assertEquals(8, sctp_assoc_value.layout().byteSize());
        assertEquals(8, sctp_event.layout().byteSize());
        assertEquals(152, sctp_paddrparams.layout().byteSize());
        assertEquals(8, sctp_paddrparams.layout().byteAlignment());
        assertEquals(8, linger.layout().byteSize());
        assertEquals(8, sctp_reset_streams.layout().byteSize());
        assertEquals(8, sctp_tlv.layout().byteSize());
        assertEquals(20, sctp_assoc_change.layout().byteSize());
        assertEquals(12, sctp_stream_reset_event.layout().byteSize());
        assertEquals(24, sctp_pdapi_event.layout().byteSize());
        assertEquals(664, sctpstat.layout().byteSize());
    }

    @Test
    void shouldMatchCFieldOffsets() {
        assertEquals(8, sockaddr_conn.sconn_addr$OFFSET);
        assertEquals(4, sctp_sendv_spa.sendv_sndinfo$OFFSET);
        assertEquals(20, sctp_sendv_spa.sendv_prinfo$OFFSET);
        assertEquals(28, sctp_sendv_spa.sendv_authinfo$OFFSET);
        assertEquals(4, sctp_prinfo.pr_value$OFFSET);
        assertEquals(8, sctp_rcvinfo.rcv_ppid$OFFSET);
        assertEquals(24, sctp_rcvinfo.rcv_assoc_id$OFFSET);
        assertEquals(6, sctp_event.se_on$OFFSET);
        assertEquals(128, sctp_paddrparams.spp_assoc_id$OFFSET);
        assertEquals(136, sctp_paddrparams.spp_pathmtu$OFFSET);
        assertEquals(150, sctp_paddrparams.spp_dscp$OFFSET);
        assertEquals(8, sctp_reset_streams.srs_stream_list$OFFSET);
        assertEquals(12, sctp_assoc_change.sac_outbound_streams$OFFSET);
        assertEquals(16, sctp_assoc_change.sac_assoc_id$OFFSET);
        assertEquals(12, sctp_stream_reset_event.strreset_stream_list$OFFSET);
        assertEquals(392, sctpstat.sctps_badsum$OFFSET);
        assertEquals(400, sctpstat.sctps_badvtag$OFFSET);
    }

    @Test
    void shouldMatchLinuxSocketConstants() {
        // Printed by gcc from <sys/socket.h> and <errno.h> on Linux x86-64.
        assertEquals(1, usrsctp_constants.SOL_SOCKET);
        assertEquals(13, usrsctp_constants.SO_LINGER);
        assertEquals(0x80, usrsctp_constants.MSG_EOR);
        assertEquals(115, usrsctp_constants.EINPROGRESS);
        assertEquals(11, usrsctp_constants.EWOULDBLOCK);
    }
}
