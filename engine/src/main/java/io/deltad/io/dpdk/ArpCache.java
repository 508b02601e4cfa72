package io.deltad.io.dpdk;

/**
 * IPv4 → MAC for next hops on the port's subnet, bounded: a fixed table of {@code capacity} entries (a power of two),
 * open addressing with at most {@link #PROBES} probes, and when those are all taken the least recently updated one is
 * evicted (counted). A gratuitous-ARP storm cannot grow it (only entries already present are refreshed by ARP not
 * addressed to us, RFC 826's "merge" step), and a request storm from spoofed senders only churns it.
 *
 * <p>Entries are "pending" (a request went out, no answer yet) or resolved. Resolved entries are used however old;
 * after {@code refreshNs} a new request refreshes them in the background. Requests for one address go out at most
 * once per {@code retryNs}. Owned by one thread (the queue's); allocation-free after construction.
 */
public final class ArpCache {
    /** Probes before evicting: bounds the cost of a lookup. */
    public static final int PROBES = 8;
    private static final long NONE = -1;

    private final int mask;
    private final int[] ips;
    private final long[] macs;
    private final long[] updatedNs;
    private final long[] requestedNs;
    private final long retryNs;
    private final long refreshNs;
    private int size;
    private long evictions;

    public ArpCache(final int capacity, final long retryNs, final long refreshNs) {
        if (capacity < PROBES || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ARP cache capacity must be a power of two >= " + PROBES + ": " + capacity);
        }
        this.mask = capacity - 1;
        this.ips = new int[capacity];
        this.macs = new long[capacity];
        this.updatedNs = new long[capacity];
        this.requestedNs = new long[capacity];
        this.retryNs = retryNs;
        this.refreshNs = refreshNs;
    }

    private static int hash(final int ip) {
        final int h = ip * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private int find(final int ip) {
        int slot = hash(ip) & mask;
        for (int i = 0; i < PROBES; i++, slot = (slot + 1) & mask) {
            if (ips[slot] == ip) {
                return slot;
            }
        }
        return -1;
    }

    /** A slot for a new entry: a free one in the probe window, else the window's oldest (evicted). */
    private int claim(final int ip) {
        int slot = hash(ip) & mask;
        int oldest = slot;
        for (int i = 0; i < PROBES; i++, slot = (slot + 1) & mask) {
            if (ips[slot] == 0) {
                size++;
                return slot;
            }
            if (Math.max(updatedNs[slot], requestedNs[slot]) < Math.max(updatedNs[oldest], requestedNs[oldest])) {
                oldest = slot;
            }
        }
        evictions++;
        return oldest;
    }

    /** The MAC of {@code ip} (low 48 bits), or -1 when unknown or pending. */
    public long lookup(final int ip) {
        final int slot = find(ip);
        return slot < 0 ? NONE : macs[slot];
    }

    /**
     * Whether to send an ARP request for {@code ip} now: it is unknown (a pending entry is made), pending and the
     * last request is older than the retry interval, or resolved and due for a refresh.
     */
    public boolean requestDue(final int ip, final long nowNs) {
        if (ip == 0) {
            return false;
        }
        int slot = find(ip);
        if (slot < 0) {
            slot = claim(ip);
            ips[slot] = ip;
            macs[slot] = NONE;
            updatedNs[slot] = 0;
            requestedNs[slot] = nowNs;
            return true;
        }
        if (nowNs - requestedNs[slot] < retryNs) {
            return false;
        }
        if (macs[slot] != NONE && nowNs - updatedNs[slot] < refreshNs) {
            return false;
        }
        requestedNs[slot] = nowNs;
        return true;
    }

    /**
     * Records {@code ip} at {@code mac}. With {@code insert} false only an existing entry (pending or resolved) is
     * updated: ARP not addressed to us. Returns whether an entry now holds it.
     */
    public boolean learn(final int ip, final long mac, final long nowNs, final boolean insert) {
        if (ip == 0) {
            return false;
        }
        int slot = find(ip);
        if (slot < 0) {
            if (!insert) {
                return false;
            }
            slot = claim(ip);
            ips[slot] = ip;
            requestedNs[slot] = 0;
        }
        macs[slot] = mac;
        updatedNs[slot] = nowNs;
        return true;
    }

    public int size() { return size; }
    public int capacity() { return mask + 1; }
    /** Entries pushed out by a new one when their probe window was full. */
    public long evictions() { return evictions; }
}
