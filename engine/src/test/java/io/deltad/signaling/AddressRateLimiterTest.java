package io.deltad.signaling;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Token buckets per source address, on a clock the test moves (BAD_INPUTS.md 33). */
class AddressRateLimiterTest {
    private static InetAddress ip(final String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (final UnknownHostException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    @Test
    void shouldAllowTheBurstThenAskToRetryWhenTheNextTokenIsBack() {
        final AddressRateLimiter limiter = new AddressRateLimiter(2, 3, 100);
        final InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire(a, 1_000));
        }
        assertEquals(1, limiter.acquire(a, 1_000), "one token comes back in 500 ms: retry after 1 s");
        assertEquals(1, limiter.acquire(a, 1_499));
        assertEquals(0, limiter.acquire(a, 1_500));
        assertEquals(1, limiter.acquire(a, 1_500));
        assertEquals(0, limiter.acquire(ip("192.0.2.2"), 1_500), "another address has its own bucket");
    }

    @Test
    void shouldRoundRetryAfterUpToWholeSeconds() {
        final AddressRateLimiter slow = new AddressRateLimiter(1, 1, 100);
        final InetAddress a = ip("192.0.2.1");
        assertEquals(0, slow.acquire(a, 0));
        assertEquals(1, slow.acquire(a, 0));
        assertEquals(1, slow.acquire(a, 10));
        final AddressRateLimiter verySlow = new AddressRateLimiter(1, 1, 100);
        assertEquals(0, verySlow.acquire(a, 0));
        assertEquals(0, verySlow.acquire(a, 1_000));
    }

    @Test
    void shouldShareOneBucketPerIpv6Slash64() {
        final AddressRateLimiter limiter = new AddressRateLimiter(1, 2, 100);
        assertEquals(0, limiter.acquire(ip("2001:db8:1:2::1"), 0));
        assertEquals(0, limiter.acquire(ip("2001:db8:1:2::ffff"), 0));
        assertEquals(1, limiter.acquire(ip("2001:db8:1:2:aaaa::3"), 0), "same /64");
        assertEquals(0, limiter.acquire(ip("2001:db8:1:3::1"), 0), "next /64");
    }

    @Test
    void shouldKeepAtMostTheConfiguredBuckets() {
        final AddressRateLimiter limiter = new AddressRateLimiter(1, 1, 10);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(ip("10.0." + (i / 256) + '.' + (i % 256)), 0);
        }
        assertEquals(10, limiter.size());
    }

    @Test
    void shouldLimitNothingAtRateZero() {
        final AddressRateLimiter off = new AddressRateLimiter(0, 1, 10);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, off.acquire(ip("192.0.2.1"), 0));
        }
    }
}
