package io.deltad.signaling;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, starting at the real time (tokens are checked against it too). */
final class MovableClock implements InstantSource {
    private volatile Instant now = Instant.now();

    @Override
    public Instant instant() {
        return now;
    }

    void advance(final Duration by) {
        now = now.plus(by);
    }
}
