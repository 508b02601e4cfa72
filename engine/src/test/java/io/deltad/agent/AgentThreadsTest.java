package io.deltad.agent;

import net.openhft.affinity.Affinity;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class AgentThreadsTest {
    /** Counts its duty cycles and remembers the thread and affinity it ran with. */
    private static final class CountingAgent implements Agent {
        private final String name;
        private final AtomicLong workCount = new AtomicLong();
        private volatile String threadName;
        private volatile BitSet affinity;
        private volatile boolean closed;

        private CountingAgent(final String name) {
            this.name = name;
        }

        @Override
        public void onStart() {
            threadName = Thread.currentThread().getName();
            affinity = Affinity.getAffinity();
        }

        @Override
        public int doWork() {
            workCount.incrementAndGet();
            return 0;
        }

        @Override
        public void onClose() {
            closed = true;
        }

        @Override
        public String roleName() {
            return name;
        }
    }

    /** Fails every duty cycle with the same error. */
    private static final class FailingAgent implements Agent {
        private final AtomicLong workCount = new AtomicLong();

        @Override
        public int doWork() {
            workCount.incrementAndGet();
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public String roleName() {
            return "failing";
        }
    }

    @Test
    void shouldRunBothAgentsWhenTheyShareACpu() {
        final CountingAgent io = new CountingAgent("io-0");
        final CountingAgent doc = new CountingAgent("doc-0");

        try (AgentThreads threads = AgentThreads.start(
            List.of(new AgentAssignment(0, io, "io-0"), new AgentAssignment(0, doc, "doc-0")),
            IdleMode.BACKOFF, new DistinctErrorLog())) {
            awaitTrue(() -> io.workCount.get() > 100 && doc.workCount.get() > 100);

            assertEquals(1, threads.cpus().length, "one thread for one CPU");
            assertEquals(List.of("io-0", "doc-0"), threads.agentNames(0));
            assertEquals("deltad-cpu0", io.threadName);
            assertEquals("deltad-cpu0", doc.threadName);
        }
    }

    @Test
    void shouldStartOneThreadPerCpuWhenAgentsAreOnDifferentCpus() {
        final CountingAgent a = new CountingAgent("a");
        final CountingAgent b = new CountingAgent("b");

        try (AgentThreads threads = AgentThreads.start(
            List.of(new AgentAssignment(1, a, "a"), new AgentAssignment(0, b, "b")),
            YieldingIdleStrategy::new, new DistinctErrorLog())) {
            awaitTrue(() -> a.workCount.get() > 0 && b.workCount.get() > 0);

            assertEquals(2, threads.cpus().length);
            assertEquals("deltad-cpu1", a.threadName);
            assertEquals("deltad-cpu0", b.threadName);
        }
    }

    @Test
    void shouldPinThreadToItsCpuWhenCpuExists() {
        final CountingAgent agent = new CountingAgent("pinned");

        try (AgentThreads threads = AgentThreads.start(
            List.of(new AgentAssignment(0, agent, "pinned")), IdleMode.SLEEP, new DistinctErrorLog())) {
            awaitTrue(() -> agent.workCount.get() > 0);

            assertTrue(threads.isPinned(0));
            final BitSet expected = new BitSet();
            expected.set(0);
            assertEquals(expected, agent.affinity);
        }
    }

    @Test
    void shouldKeepRunningUnpinnedWhenPinningFails() {
        final CountingAgent agent = new CountingAgent("nowhere");

        // No host this runs on has CPU 999: the kernel refuses the affinity, the agent must still run.
        try (AgentThreads threads = AgentThreads.start(
            List.of(new AgentAssignment(999, agent, "nowhere")), IdleMode.BACKOFF, new DistinctErrorLog())) {
            awaitTrue(() -> agent.workCount.get() > 10);

            assertFalse(threads.isPinned(999));
            assertEquals("deltad-cpu999", agent.threadName);
        }
    }

    @Test
    void shouldStopAgentsWhenClosed() throws InterruptedException {
        final CountingAgent a = new CountingAgent("a");
        final CountingAgent b = new CountingAgent("b");
        final AgentThreads threads = AgentThreads.start(
            List.of(new AgentAssignment(0, a, "a"), new AgentAssignment(1, b, "b")), IdleMode.BACKOFF, new DistinctErrorLog());
        awaitTrue(() -> a.workCount.get() > 0 && b.workCount.get() > 0);

        threads.close();

        assertTrue(a.closed && b.closed, "onClose ran");
        final long aAfterClose = a.workCount.get();
        final long bAfterClose = b.workCount.get();
        Thread.sleep(20);
        assertEquals(aAfterClose, a.workCount.get());
        assertEquals(bAfterClose, b.workCount.get());
        threads.close();
    }

    @Test
    void shouldLogRepeatedErrorOnceWithCountAndKeepRunningAgent() {
        final FailingAgent failing = new FailingAgent();
        final CountingAgent neighbour = new CountingAgent("neighbour");
        final DistinctErrorLog errorLog = new DistinctErrorLog();

        try (AgentThreads threads = AgentThreads.start(
            List.of(new AgentAssignment(0, failing, "failing"), new AgentAssignment(0, neighbour, "neighbour")),
            IdleMode.BACKOFF, errorLog)) {
            awaitTrue(() -> failing.workCount.get() > 1_000 && neighbour.workCount.get() > 1_000);

            assertEquals(1, errorLog.distinctCount());
            final DistinctErrorLog.DistinctError error = errorLog.errors().getFirst();
            assertEquals("broken on purpose", error.first().getMessage());
            assertTrue(error.count() > 1_000, "count " + error.count());
            assertTrue(errorLog.count() >= error.count());
            assertEquals(errorLog, threads.errorLog());
        }
    }

    @Test
    void shouldRejectAgentWhenAssignedTwice() {
        final CountingAgent agent = new CountingAgent("twice");
        assertThrows(IllegalArgumentException.class, () -> AgentThreads.start(
            List.of(new AgentAssignment(0, agent, "one"), new AgentAssignment(1, agent, "two")),
            IdleMode.BACKOFF, new DistinctErrorLog()));
    }

    private static void awaitTrue(final BooleanSupplier condition) {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNs) {
                fail("condition not met within 10s");
            }
            Thread.onSpinWait();
        }
    }
}
