package io.deltad.dtls.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsentFreshnessTest {
    private static final long SECOND_NS = 1_000_000_000L;

    // BAD_INPUTS 7
    @Test
    void shouldExpireWhenNoAuthenticatedCheckFor30Seconds() {
        final long start = 5 * SECOND_NS;
        final ConsentFreshness consent = new ConsentFreshness(start);
        assertFalse(consent.expired(start + 29 * SECOND_NS));
        consent.onAuthenticatedCheck(start + 20 * SECOND_NS);
        assertFalse(consent.expired(start + 49 * SECOND_NS));
        assertEquals(SECOND_NS, consent.remainingNs(start + 49 * SECOND_NS));
        assertTrue(consent.expired(start + 50 * SECOND_NS));
    }

    @Test
    void shouldKeepConsentWhenChecksArriveEveryFiveSecondsAndIgnoreStaleTimestamps() {
        final ConsentFreshness consent = new ConsentFreshness(0);
        for (long t = 5; t <= 300; t += 5) {
            consent.onAuthenticatedCheck(t * SECOND_NS);
            assertFalse(consent.expired(t * SECOND_NS + 29 * SECOND_NS));
        }
        consent.onAuthenticatedCheck(SECOND_NS); // out of order: must not move the clock back
        assertEquals(300 * SECOND_NS, consent.lastCheckNs());
    }

    /** The responder and consent wired as the session layer will: checks refresh consent, failures do not. */
    @Test
    void shouldRefreshConsentOnlyFromAuthenticatedChecksThroughResponder() {
        final ConsentFreshness consent = new ConsentFreshness(0);
        final StunResponder responder = new StunResponder(
            new StunTestSupport.Sessions(new IceCredentials("Lx9q", "abcdefghijklmnopqrstuv", "Rk2w", 1)),
            (session, source, useCandidate, nowNs) -> consent.onAuthenticatedCheck(nowNs), 100, 100, 0);
        final StunAddress source = new StunAddress().ipv4(0x7F000001, 9);
        final byte[] out = new byte[256];
        final byte[] good = StunTestSupport.Builder.browserLike("Lx9q:Rk2w").build("abcdefghijklmnopqrstuv", true);
        final byte[] forged = StunTestSupport.Builder.browserLike("Lx9q:Rk2w").build("zzzzzzzzzzzzzzzzzzzzzz", true);

        responder.onDatagram(StunTestSupport.exact(good), 0, good.length, source, true, 25 * SECOND_NS,
            java.lang.foreign.MemorySegment.ofArray(out), 0, out.length);
        responder.onDatagram(StunTestSupport.exact(forged), 0, forged.length, source, true, 50 * SECOND_NS,
            java.lang.foreign.MemorySegment.ofArray(out), 0, out.length);
        assertFalse(consent.expired(54 * SECOND_NS));
        assertTrue(consent.expired(55 * SECOND_NS), "a forged check must not keep the session alive");
    }
}
