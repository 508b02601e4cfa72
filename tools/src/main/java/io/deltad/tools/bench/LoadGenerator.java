package io.deltad.tools.bench;

import org.agrona.concurrent.Agent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator, an {@link Agent} so the benchmark places it like any engine agent: each duty cycle
 * round-robins over the publisher sessions, draining each one's ACK/NACKs and then sending a batch if its window
 * allows. On a CPU it shares with the receiver the two are composed on one thread rather than given two spinning
 * threads that would take turns by scheduler time slice (milliseconds of added latency).
 *
 * <p>Thread: the thread that runs it; totals are published once per duty cycle with {@code lazySet}.
 */
final class LoadGenerator implements Agent {
    private static final int ACK_POLL_LIMIT = 4096;

    private final Publisher[] publishers;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong busyNacks = new AtomicLong();
    final AtomicLong otherNacks = new AtomicLong();
    final AtomicLong sendRefused = new AtomicLong();

    LoadGenerator(final Publisher[] publishers) {
        this.publishers = publishers;
    }

    @Override
    public String roleName() {
        return "bench-load";
    }

    @Override
    public int doWork() {
        int work = 0;
        for (final Publisher publisher : publishers) {
            work += publisher.pollAcks(ACK_POLL_LIMIT);
            work += publisher.publish();
        }
        if (work > 0) {
            publishTotals();
        }
        return work;
    }

    /** Publisher sessions the appliance closed (it does so when a session cannot take its ACKs). */
    long closedSessions() {
        long closed = 0;
        for (final Publisher publisher : publishers) {
            closed += publisher.client().isClosed() ? 1 : 0;
        }
        return closed;
    }

    private void publishTotals() {
        long s = 0;
        long a = 0;
        long b = 0;
        long o = 0;
        long r = 0;
        for (final Publisher publisher : publishers) {
            s += publisher.sent;
            a += publisher.acked;
            b += publisher.busyNacks;
            o += publisher.otherNacks;
            r += publisher.sendRefused;
        }
        sent.lazySet(s);
        acked.lazySet(a);
        busyNacks.lazySet(b);
        otherNacks.lazySet(o);
        sendRefused.lazySet(r);
    }
}
