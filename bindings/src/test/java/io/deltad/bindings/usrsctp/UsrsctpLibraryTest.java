package io.deltad.bindings.usrsctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The real library: it loads, links every bound symbol, and a socket can be made and closed. */
class UsrsctpLibraryTest {
    @Test
    void shouldLoadLinkAndCreateAnAfConnSocket() {
        assertTrue(UsrsctpLibrary.isAvailable(), "libusrsctp.so.2 must be installed (Debian: libusrsctp2)");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment output = usrsctp_conn_output.allocate((a, b, l, t, d) -> 0, arena);
            usrsctp_h.usrsctp_init_nothreads((short) 0, output, MemorySegment.NULL);
            assertEquals(0, usrsctp_sysctl.usrsctp_sysctl_set_sctp_ecn_enable(0));
            assertEquals(0, usrsctp_sysctl.usrsctp_sysctl_get_sctp_ecn_enable());
            assertEquals(-1, usrsctp_sysctl.usrsctp_sysctl_set_sctp_ecn_enable(7),
                "out-of-range sysctl values are refused");
            assertEquals(0, usrsctp_sysctl.usrsctp_sysctl_get_sctp_ecn_enable(), "and the old value kept");

            final MemorySegment callState = UsrsctpLibrary.allocateCallState(arena);
            final MemorySegment socket = usrsctp_h.usrsctp_socket(callState, usrsctp_constants.AF_CONN,
                usrsctp_constants.SOCK_STREAM, usrsctp_constants.IPPROTO_SCTP, MemorySegment.NULL, MemorySegment.NULL,
                0, MemorySegment.NULL);
            assertNotEquals(0, socket.address());
            assertEquals(0, usrsctp_h.usrsctp_set_non_blocking(callState, socket, 1));
            final MemorySegment value = sctp_assoc_value.allocate(arena);
            sctp_assoc_value.assoc_id(value, usrsctp_constants.SCTP_ALL_ASSOC);
            sctp_assoc_value.assoc_value(value, 1);
            assertEquals(0, usrsctp_h.usrsctp_setsockopt(callState, socket, usrsctp_constants.IPPROTO_SCTP,
                usrsctp_constants.SCTP_ENABLE_STREAM_RESET, value, (int) sctp_assoc_value.SIZEOF));
            // An unknown option level fails with errno, which the call state captures.
            assertEquals(-1, usrsctp_h.usrsctp_setsockopt(callState, socket, usrsctp_constants.IPPROTO_SCTP,
                0x7fff, value, (int) sctp_assoc_value.SIZEOF));
            assertNotEquals(0, UsrsctpLibrary.errno(callState));
            usrsctp_h.usrsctp_close(socket);

            final MemorySegment stat = sctpstat.allocate(arena);
            usrsctp_h.usrsctp_get_stat(stat);
            assertEquals(0, sctpstat.sctps_badsum(stat));
            assertEquals(0, usrsctp_h.usrsctp_finish());
        }
    }

    @Test
    void shouldExplainAMissingLibrary() {
        assertFalse(UsrsctpLibrary.SONAME.isEmpty());
        final UnsatisfiedLinkError error = assertThrows(UnsatisfiedLinkError.class, () -> UsrsctpLibrary.find("usrsctp_no_such_function"));
        assertTrue(error.getMessage().contains("usrsctp_no_such_function"), error.getMessage());
    }
}
