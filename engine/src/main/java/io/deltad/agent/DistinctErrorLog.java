package io.deltad.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers each distinct error once and counts its repeats, so an agent failing on every duty cycle produces one
 * log entry and a count rather than a million stack traces. Two errors are the same when they have the same
 * exception class, message and top stack frame.
 *
 * <p>Thread safe: every agent thread's error handler records into one log. Errors are off the hot path (a healthy
 * appliance records none), so recording may allocate.
 */
public final class DistinctErrorLog {
    /**
     * One distinct error.
     *
     * @param first the first occurrence, with its stack trace.
     * @param count how many times it occurred so far.
     */
    public record DistinctError(Throwable first, long count) {
    }

    private record Key(Class<?> type, String message, StackTraceElement topFrame) {
    }

    private static final class Entry {
        private final Throwable first;
        private final AtomicLong count = new AtomicLong();

        private Entry(final Throwable first) {
            this.first = first;
        }
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong totalCount = new AtomicLong();

    /**
     * Records an occurrence of an error.
     *
     * @param error the error.
     * @return {@code true} if it had not been seen before, i.e. the caller should log it.
     */
    public boolean record(final Throwable error) {
        final StackTraceElement[] frames = error.getStackTrace();
        final Key key = new Key(error.getClass(), error.getMessage(), frames.length == 0 ? null : frames[0]);
        final Entry entry = entries.computeIfAbsent(key, k -> new Entry(error));
        totalCount.incrementAndGet();
        return entry.count.incrementAndGet() == 1;
    }

    /** @return the number of errors recorded, repeats included. */
    public long count() {
        return totalCount.get();
    }

    /** @return the number of distinct errors recorded. */
    public int distinctCount() {
        return entries.size();
    }

    /** @return a snapshot of the distinct errors with their counts, in no particular order. */
    public List<DistinctError> errors() {
        final List<DistinctError> errors = new ArrayList<>(entries.size());
        for (final Entry entry : entries.values()) {
            errors.add(new DistinctError(entry.first, entry.count.get()));
        }
        return errors;
    }
}
