package io.deltad.dtls.stun;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class StunAllocationTest {
    private static final String PASSWORD = "abcdefghijklmnopqrstuv";

    @Test
    void shouldNotAllocateWhenAnsweringValidChecks() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long[] validated = new long[1];
        final StunResponder responder = new StunResponder(
            new StunTestSupport.Sessions(new IceCredentials("Lx9q", PASSWORD, "Rk2w", 1)),
            (session, source, useCandidate, nowNs) -> validated[0]++, 10, 10, 0);
        final byte[] request = StunTestSupport.Builder.browserLike("Lx9q:Rk2w").useCandidate().build(PASSWORD, true);
        final MemorySegment datagram = MemorySegment.ofArray(request);
        final MemorySegment out = MemorySegment.ofArray(new byte[1500]);
        final StunAddress source = new StunAddress().ipv4(0xC0000201, 40000);

        for (int i = 0; i < 200_000; i++) {
            responder.onDatagram(datagram, 0, request.length, source, true, i, out, 0, 1500);
        }
        final long threadId = Thread.currentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        int lastLength = 0;
        for (int i = 0; i < 1_000_000; i++) {
            lastLength = responder.onDatagram(datagram, 0, request.length, source, true, i, out, 0, 1500);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(lastLength > 0);
        assertTrue(validated[0] == 1_200_000);
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes over 1e6 checks");
    }
}
