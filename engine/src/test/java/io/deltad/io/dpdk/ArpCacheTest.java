package io.deltad.io.dpdk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests rate-limited per address, refresh of old entries, insert-only-when-asked, and the bound under a storm. */
class ArpCacheTest {
    private static final long RETRY = 200;
    private static final long REFRESH = 60_000;

    @Test
    void shouldRequestOncePerRetryIntervalUntilAnswered() {
        final ArpCache cache = new ArpCache(16, RETRY, REFRESH);
        assertEquals(-1, cache.lookup(5));
        assertTrue(cache.requestDue(5, 1_000), "unknown: ask");
        assertFalse(cache.requestDue(5, 1_100), "pending: not again before the retry interval");
        assertTrue(cache.requestDue(5, 1_200));
        assertEquals(-1, cache.lookup(5), "pending is not resolved");
        assertTrue(cache.learn(5, 0xAABBL, 1_300, false), "an answer for a pending entry is taken");
        assertEquals(0xAABBL, cache.lookup(5));
        assertFalse(cache.requestDue(5, 2_000), "fresh");
        assertTrue(cache.requestDue(5, 1_300 + REFRESH), "old: refresh in the background");
        assertEquals(0xAABBL, cache.lookup(5), "still used while refreshing");
        assertFalse(cache.requestDue(0, 1), "0.0.0.0 is never resolved");
    }

    @Test
    void shouldOnlyRefreshWhenNotAskedToInsert() {
        final ArpCache cache = new ArpCache(16, RETRY, REFRESH);
        assertFalse(cache.learn(7, 1, 0, false));
        assertEquals(0, cache.size());
        assertTrue(cache.learn(7, 1, 0, true));
        assertTrue(cache.learn(7, 2, 10, false));
        assertEquals(2, cache.lookup(7));
    }

    @Test
    void shouldStayWithinCapacityEvictingTheOldest() {
        final ArpCache cache = new ArpCache(64, RETRY, REFRESH);
        for (int ip = 1; ip <= 10_000; ip++) {
            cache.learn(ip, ip, ip, true);
        }
        assertTrue(cache.size() <= 64);
        assertTrue(cache.evictions() >= 10_000 - 64);
        assertEquals(10_000, cache.lookup(10_000), "the newest is there");
    }
}
