package io.deltad.bindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The mbuf offsets and flag values the bindings hard-code against the ones the shim was compiled with (offsetof and
 * the DPDK headers): a DPDK whose rte_mbuf moved fails here, not on a packet. No EAL needed.
 */
class RteMbufLayoutTest {
    @Test
    void shouldLoadTheShimBuiltByTheBuild() {
        assertTrue(DpdkLibrary.isAvailable(), () -> "shim not loadable: " + DpdkLibrary.unavailableReason());
    }

    @Test
    void shouldBeBuiltAgainstDpdk2211() {
        final int version = deltad_dpdk_h.deltad_dpdk_version();
        assertEquals(22, version >>> 24, "year");
        assertEquals(11, (version >>> 16) & 0xFF, "month");
    }

    @Test
    void shouldMatchTheCompiledMbufLayoutAndFlags() {
        assertDoesNotThrow(rte_mbuf::checkLayout);
        assertEquals(0, rte_mbuf.buf_addr$OFFSET);
        assertEquals(16, rte_mbuf.data_off$OFFSET);
        assertEquals(36, rte_mbuf.pkt_len$OFFSET);
        assertEquals(40, rte_mbuf.data_len$OFFSET);
        assertEquals(54, rte_mbuf.buf_len$OFFSET);
    }

    @Test
    void shouldPackTxOffloadLengths() {
        assertEquals(14 | 20 << 7, rte_mbuf.txOffloadL2L3(14, 20));
    }
}
