package io.deltad.app;

import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs refusals (a session rejected for a reason) one line per event, but at most one line per reason per interval,
 * with how many were refused since the last line: a flood of refused clients cannot flood the log. Thread safe.
 */
final class RejectionLog {
    private final Logger log;
    private final long intervalNs;
    private final ConcurrentHashMap<String, Entry> byReason = new ConcurrentHashMap<>();

    RejectionLog(final Logger log, final long intervalNs) {
        this.log = log;
        this.intervalNs = intervalNs;
    }

    /** Counts one refusal; logs it (with the count since the previous line) unless that reason logged recently. */
    void record(final String reason, final String message) {
        final Entry entry = byReason.computeIfAbsent(reason, r -> new Entry());
        entry.unlogged.incrementAndGet();
        final long now = System.nanoTime();
        final long last = entry.lastLogNs.get();
        if ((last == 0 || now - last >= intervalNs) && entry.lastLogNs.compareAndSet(last, now)) {
            final long count = entry.unlogged.getAndSet(0);
            log.warn("session rejected: {}{}", message, count > 1 ? " (" + count + " since the last line)" : "");
        }
    }

    private static final class Entry {
        final AtomicLong unlogged = new AtomicLong();
        final AtomicLong lastLogNs = new AtomicLong();
    }
}
