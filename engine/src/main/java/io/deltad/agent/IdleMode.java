package io.deltad.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * How an agent thread waits when a duty cycle found no work. Chosen per deployment ({@code [cores] idle}), never by
 * the agents themselves.
 */
public enum IdleMode {
    /**
     * Spin, then yield, then park with exponential backoff up to 1 ms: lowest latency, and an idle appliance still
     * gives most of its CPU back. The production choice.
     */
    BACKOFF,

    /** Sleep 1 ms whenever idle: near-zero CPU on a laptop or a shared dev box, at up to 1 ms of added latency. */
    SLEEP;

    /** @return a new idle strategy; strategies are stateful, so one per thread. */
    public IdleStrategy newIdleStrategy() {
        return switch (this) {
            case BACKOFF -> new BackoffIdleStrategy();
            case SLEEP -> new SleepingMillisIdleStrategy(1);
        };
    }
}
