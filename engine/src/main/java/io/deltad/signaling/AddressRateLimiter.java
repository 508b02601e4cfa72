package io.deltad.signaling;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address for the signaling paths that cost something (an offer creates a session, a
 * demo token is a credential): {@code ratePerSec} sustained, {@code burst} at once.
 *
 * <p>An IPv6 source is keyed by its /64, the block one host or one home usually gets, so an address-hopping client
 * does not get a fresh bucket per address. At most {@code maxAddresses} buckets are kept; past that the least
 * recently used is dropped, which costs nothing for an address whose bucket had refilled and at worst hands a full
 * bucket back to a client that waited behind {@code maxAddresses} others. Behind a reverse proxy every request comes
 * from the proxy's address: limit there instead (and set the rate here to 0).
 *
 * <p>The clock is passed in ({@code nowMs}) so tests are deterministic. Thread safe (one lock; control plane).
 */
final class AddressRateLimiter {
    private static final int IPV6_PREFIX_BYTES = 8;

    private final double ratePerMs;
    private final double burst;
    private final Map<String, Bucket> buckets;

    /** Tokens left and when they were counted. */
    private static final class Bucket {
        double tokens;
        long lastMs;
    }

    /**
     * @param ratePerSec   requests per second sustained per address; 0 turns the limiter off.
     * @param burst        requests an address may make at once (bucket depth), at least 1.
     * @param maxAddresses buckets kept at most.
     */
    AddressRateLimiter(final long ratePerSec, final long burst, final int maxAddresses) {
        this.ratePerMs = ratePerSec / 1000.0;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Bucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /**
     * Takes one token for {@code address}.
     *
     * @return 0 when the request may go ahead, else the whole seconds (at least 1) until a token is back: the
     *         {@code Retry-After} value.
     */
    synchronized long acquire(final InetAddress address, final long nowMs) {
        if (ratePerMs == 0) {
            return 0;
        }
        final String key = key(address);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.lastMs = nowMs;
            buckets.put(key, bucket);
        }
        final long elapsedMs = Math.max(0, nowMs - bucket.lastMs);
        bucket.tokens = Math.min(burst, bucket.tokens + elapsedMs * ratePerMs);
        bucket.lastMs = nowMs;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / ratePerMs / 1000.0));
    }

    /** @return buckets held (for tests of the bound). */
    synchronized int size() {
        return buckets.size();
    }

    private static String key(final InetAddress address) {
        final byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            final StringBuilder prefix = new StringBuilder("6:");
            for (int i = 0; i < IPV6_PREFIX_BYTES; i++) {
                prefix.append(Integer.toHexString(bytes[i] & 0xFF)).append('.');
            }
            return prefix.toString();
        }
        return address.getHostAddress();
    }
}
